#!/usr/bin/env bash
# bench/cycle/cycle.sh: the month cycle of tests/invoicing/month_cycle_test.py
# at scale: SCALE x 17 clients for MONTHS months of visits, late records,
# voids, replacements, absences and cancellations posted to `seteli serve`
# in the order recorded, each month run on the 6th of the next, every run
# checked to the cent against `seteli settle`. Prints the records posted,
# the checks and the wall time per back end. A long test, not a benchmark
# of speed: docs/reliability.md has its figures.
#
#   bench/cycle/cycle.sh [MONTHS] [SCALE] [SEED]   (defaults 6 200 11)
#   BACKENDS=sqlite bench/cycle/cycle.sh ...       (one back end only)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seteli=${SETELI:-$root/build/seteli}
months=${1:-6}
scale=${2:-200}
seed=${3:-11}
work=$(mktemp -d /tmp/seteli-bench-cycle.XXXXXX)
chmod 755 "$work"
cleanup() {
  "$root/tests/store/pg_fixture.sh" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
status=0
for backend in ${BACKENDS:-sqlite postgresql}; do
  if [ "$backend" = postgresql ]; then
    "$root/tests/store/pg_fixture.sh" start "$work/pg"
    export SETELI_TEST_PG_URL_FILE="$work/pg/url"
  fi
  start=$(date +%s.%N)
  python3 "$root/tests/invoicing/month_cycle_test.py" "$seteli" "$backend" "$months" "$seed" "$scale" || status=1
  echo "$backend: $(echo "$(date +%s.%N) - $start" | bc) s wall"
done
exit $status
