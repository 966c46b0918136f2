#!/bin/sh
# docker-compose.yml's `temporal` service (temporalio/server image): the server
# on config/production.yaml, its services bound to the container's own address,
# which is what the other containers resolve `temporal` to.
set -eu
TEMPORAL_BIND_IP="$(getent hosts "$(hostname)" | awk '{ print $1 }')"
export TEMPORAL_BIND_IP
exec temporal-server --root "$(dirname "$0")" --config config --env production --allow-no-auth start
