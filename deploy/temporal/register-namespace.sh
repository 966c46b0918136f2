#!/bin/sh
# Once the server answers: creates the `default` namespace (unless it exists)
# and registers Switchboard's search attributes in it (libs/temporal/src/search-attributes.ts;
# test/infra/production-engine.test.ts checks the two agree). docker-compose.yml runs it in
# the admin-tools image (service temporal-namespace), libs/infra/src/temporal-postgres.ts
# with the CLI it resolves. Safe to run again: a registered attribute is skipped.
# Settings:
#   TEMPORAL_ADDRESS              the frontend, host:port (read by the CLI)
#   TEMPORAL_CLI                  the `temporal` binary (default: temporal on PATH)
#   TEMPORAL_NAMESPACE_RETENTION  how long a closed workflow's history is kept (default 720h)
set -eu

TEMPORAL_CLI="${TEMPORAL_CLI:-temporal}"
NAMESPACE=default

until "$TEMPORAL_CLI" operator cluster health 2>/dev/null | grep -q SERVING; do
  echo "waiting for the Temporal server at ${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
  sleep 1
done

if ! "$TEMPORAL_CLI" operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; then
  "$TEMPORAL_CLI" operator namespace create --namespace "$NAMESPACE" --retention "${TEMPORAL_NAMESPACE_RETENTION:-720h}"
fi

# A new namespace reaches the server's namespace cache within seconds.
until "$TEMPORAL_CLI" operator search-attribute list --namespace "$NAMESPACE" >/dev/null 2>&1; do
  sleep 1
done

"$TEMPORAL_CLI" operator search-attribute create --namespace "$NAMESPACE" \
  --name TenantId --type Keyword \
  --name CallSid --type Keyword \
  --name CallerNumber --type Keyword \
  --name Direction --type Keyword \
  --name Outcome --type Keyword \
  --name LeadScore --type Int \
  --name AppointmentId --type Keyword \
  --name CampaignDate --type Keyword
