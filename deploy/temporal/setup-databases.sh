#!/bin/sh
# Creates the Temporal server's two PostgreSQL databases (persistence and
# visibility) and brings their schemas to the server's version with
# temporal-sql-tool. docker-compose.yml runs it in the admin-tools image
# (service temporal-schema); libs/infra/src/temporal-postgres.ts runs it with
# the tool built from Go. Safe to run again: create-database keeps a database
# that exists, and update-schema applies only the versions it lacks. Settings: the same
# TEMPORAL_DB_* variables as config/production.yaml, plus
#   SQL_TOOL    the temporal-sql-tool binary (default: temporal-sql-tool on PATH)
#   SCHEMA_DIR  the server's schema/postgresql/v12 directory (default: the image's)
set -eu

SQL_TOOL="${SQL_TOOL:-temporal-sql-tool}"
SCHEMA_DIR="${SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}"
export SQL_PLUGIN=postgres12
export SQL_HOST="${TEMPORAL_DB_HOST:-127.0.0.1}"
export SQL_PORT="${TEMPORAL_DB_PORT:-5432}"
export SQL_USER="${TEMPORAL_DB_USER:-postgres}"
export SQL_PASSWORD="${TEMPORAL_DB_PASSWORD:-}"

setup() {
  database=$1
  schema=$2
  "$SQL_TOOL" --db "$database" create-database
  "$SQL_TOOL" --db "$database" setup-schema -v 0.0
  "$SQL_TOOL" --db "$database" update-schema -d "$SCHEMA_DIR/$schema/versioned"
}

setup "${TEMPORAL_DB_NAME:-temporal}" temporal
setup "${TEMPORAL_VISIBILITY_DB_NAME:-temporal_visibility}" visibility
