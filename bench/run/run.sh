#!/usr/bin/env bash
# bench/run: the monthly run on a generated month, on SQLite and on
# PostgreSQL, beside its peer: the same month's voucher split as one plain
# SQL aggregation (peer.sql.in) on the same data in the same run.
#
#   bench/run/run.sh [EVENTS] [CLIENTS]          (defaults 1000000, 25000)
#   BACKENDS=sqlite bench/run/run.sh ...         (one back end only)
#   RECONCILE=no bench/run/run.sh ...            (no reconcile: it reads
#                                                 every line once more)
#   EXPORTS=no bench/run/run.sh ...              (no exports after it)
#
# Prints, per back end: the time and peak memory (RSS) of `seteli run
# --no-reconcile` (settle, commit, invoices, balance statements), bytes per
# event, the time of the SQL peer, and then the time and peak memory of
# `seteli reconcile` on the same store: the check `seteli run` makes after
# the run unless told not to; then the run with its reconcile against the
# peer (issue 24's target: at most 0.5x); then the time and peak memory of
# `seteli export` of the co-payments and the journal from the same store
# (issue 24: streamed, at most 300 bytes per event). A benchmark, not a
# test.
# Needs build/seteli (make build) or SETELI=path. Uses /tmp (the store, and
# the run's temporary line files: about 2 KB an event in all).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seteli=${SETELI:-$root/build/seteli}
events=${1:-1000000}
clients=${2:-25000}
backends=${BACKENDS:-sqlite postgresql}
work=$(mktemp -d /tmp/seteli-bench-run.XXXXXX)
chmod 755 "$work"
pg_dir=$work/pg
cleanup() {
  "$root/tests/store/pg_fixture.sh" stop "$pg_dir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

python3 "$here/generate.py" "$events" "$clients" "$work"

. "$here/config.sh"

# Seconds and peak RSS (kB) of a command, as "SECONDS KB".
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || true
  cat "$work/time"
}

peer_sql() {  # $1 dialect
  if [ "$1" = sqlite ]; then
    sed -e "s/@JSON(\([a-z.]*\), \([a-z_]*\))@/json_extract(\1, '\$.\2')/g" \
        -e "s/@HOURS@/(julianday(json_extract(e.body, '\$.end')) - julianday(json_extract(e.body, '\$.start'))) * 24.0/" \
        -e 's/LEAST_/MIN/g; s/GREATEST_/MAX/g' "$here/peer.sql.in"
  else
    sed -e "s/@JSON(\([a-z.]*\), \([a-z_]*\))@/((\1)::jsonb ->> '\2')/g" \
        -e "s/@HOURS@/EXTRACT(EPOCH FROM ((e.body::jsonb ->> 'end')::timestamptz - (e.body::jsonb ->> 'start')::timestamptz)) \/ 3600.0/" \
        -e 's/LEAST_/LEAST/g; s/GREATEST_/GREATEST/g; s/AS REAL/AS DOUBLE PRECISION/g' "$here/peer.sql.in"
  fi
}

report() {  # $1 label, $2 "seconds kb" of the run, $3 seconds of the peer, $4 "seconds kb" of reconcile
  read -r secs kb <<<"$2"
  read -r rsecs rkb <<<"$4"
  python3 - "$1" "$secs" "$kb" "$3" "$events" "$rsecs" "$rkb" <<'PY'
import sys
label, secs, kb, peer, events, rsecs, rkb = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
print(f"{label:12} seteli run {secs:7.2f} s, peak {kb/1024:7.1f} MiB ({kb*1024/events:6.0f} B/event) | SQL peer {peer:6.2f} s | ratio {secs/peer:5.2f}x"
      f" | then reconcile {rsecs:7.2f} s, peak {rkb/1024:7.1f} MiB")
if rsecs > 0:
    print(f"{label:12} run with reconcile {secs + rsecs:7.2f} s against the peer's {peer:6.2f} s:"
          f" ratio {(secs + rsecs)/peer:5.2f}x (target <= 0.5x)")
PY
}

ingest() {  # $1 config
  read -r secs kb <<<"$(measure "$seteli" ingest --config "$1" "$work/events.jsonl")"
  echo "  ingest $secs s"
}

# Settles the month on a store already ingested, then its peer and the
# reconciliation. $1 back end, $2 config, $3 peer command...
bench() {
  local name=$1 conf=$2
  shift 2
  local run peer start recon
  run=$(measure "$seteli" run --config "$conf" --month 2024-05 --no-reconcile)
  grep -q "settled" "$work/out" || { echo "$name: the run failed:" >&2; cat "$work/out" "$work/err" >&2; }
  start=$(date +%s.%N)
  "$@" >"$work/peer-$name.out"
  peer=$(python3 -c "print($(date +%s.%N) - $start)")
  recon="0 0"
  if [ "${RECONCILE:-yes}" != no ]; then
    recon=$(measure "$seteli" reconcile --config "$conf" --month 2024-05)
  fi
  report "$name" "$run" "$peer" "$recon"
  if [ "${EXPORTS:-yes}" != no ]; then
    for kind in copayments journal; do
      read -r esecs ekb <<<"$(measure "$seteli" export --config "$conf" --month 2024-05 \
        --kind "$kind" --out "$work/$kind.csv")"
      grep -q "rows" "$work/err" || { echo "$name: the $kind export failed:" >&2; cat "$work/err" >&2; }
      echo "$name" "$kind" "$esecs" "$ekb" "$events" | awk '{printf "%-12s seteli export %-10s %7.2f s, peak %7.1f MiB (%4.0f B/event; target <= 300)\n", $1, $2, $3, $4/1024, $4*1024/$5}'
      rm -f "$work/$kind".csv*
    done
  fi
}

echo "bench/run: $events events, $clients clients, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
for backend in $backends; do
  if [ "$backend" = sqlite ]; then
    conf=$(config sqlite "sqlite:$work/sqlite.db")
    ingest "$conf"
    peer_sql sqlite >"$work/peer-sqlite.sql"
    bench sqlite "$conf" sqlite3 "$work/sqlite.db" ".read $work/peer-sqlite.sql"
    rm -f "$work"/sqlite.db*  # room for the next back end
  else
    "$root/tests/store/pg_fixture.sh" start "$pg_dir" >/dev/null
    pg_url=$(cat "$pg_dir/url")
    conf=$(config postgresql "$pg_url")
    ingest "$conf"
    psql=$(ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | head -1)
    # The vacuum and analyze that a million inserts set autovacuum on,
    # done before the timing: without it the run's first queries were
    # planned before the new events were analyzed and ran as parallel
    # scans on both cores (the run took 38-53 s instead of 32 on
    # 2026-12-07); events arrive over a month, long analyzed when it closes.
    "${psql:-psql}" -q "$pg_url" -c "VACUUM ANALYZE"
    peer_sql postgresql >"$work/peer-pg.sql"
    bench postgresql "$conf" "${psql:-psql}" -q "$pg_url" -f "$work/peer-pg.sql"
  fi
  echo "  (load after $backend: $(cut -d' ' -f1-3 /proc/loadavg))"
done
