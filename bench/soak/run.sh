#!/usr/bin/env bash
# bench/soak: the daemon under a month's load for MINUTES (default 10);
# see soak.py. On PostgreSQL it starts a throwaway server first.
#
#   bench/soak/run.sh [MINUTES] [sqlite|postgresql]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
minutes=${1:-10}
kind=${2:-sqlite}
args=(--minutes "$minutes" --store "$kind"
      --seteli "${SETELI:-$root/build/seteli}" --sim "${OPERATOR_SIM:-$root/build/operator-sim}")
if [ "$kind" = postgresql ]; then
  pg_dir=$(mktemp -d /tmp/seteli-soak-pg.XXXXXX)
  chmod 755 "$pg_dir"
  trap '"$root/tests/store/pg_fixture.sh" stop "$pg_dir/pg" || true; rm -rf "$pg_dir"' EXIT
  "$root/tests/store/pg_fixture.sh" start "$pg_dir/pg"
  args+=(--store-url "$(cat "$pg_dir/pg/url")")
fi
python3 "$here/soak.py" "${args[@]}"
