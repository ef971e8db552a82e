#!/usr/bin/env bash
# bench/ingest: how fast `seteli serve` takes events in, durably, on SQLite
# and on PostgreSQL, beside the bulk loaders of the same databases.
#
#   bench/ingest/run.sh [EVENTS] [CONNECTIONS]     (defaults 1000000, 4)
#
# Generates EVENTS valid events, posts them over loopback in batches of
# 1000 (JSON Lines) on CONNECTIONS keep-alive connections, once into a
# SQLite store and once into a throwaway PostgreSQL, then loads the same
# rows with `sqlite3 .import` and PostgreSQL `COPY`. A benchmark, not a
# test: it prints events per second and exits 0. Needs build/seteli
# (make build) or SETELI=path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seteli=${SETELI:-$root/build/seteli}
events=${1:-1000000}
connections=${2:-4}
work=$(mktemp -d /tmp/seteli-bench.XXXXXX)
chmod 755 "$work"
pg_dir=$work/pg
daemon_pid=
cleanup() {
  [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null || true
  "$root/tests/store/pg_fixture.sh" stop "$pg_dir" || true
  rm -rf "$work"
}
trap cleanup EXIT

g++ -O2 -std=c++20 "$here/ingest_client.cc" -o "$work/ingest_client" -lPocoNet -lPocoFoundation
"$work/ingest_client" generate "$events" "$work/events.jsonl"
"$work/ingest_client" generate-csv "$events" "$work/events.csv"
token=bench-token
hash=$(printf %s "$token" | sha256sum | cut -d' ' -f1)

run_daemon() {  # $1 label, $2 store URL
  local dir=$work/$1
  mkdir -p "$dir"
  cat >"$dir/seteli.conf" <<CONF
listen: 127.0.0.1:0
store: $2
rulebook: $root/fixtures/rulebook.yaml
providers: $root/fixtures/providers.yaml
decisions: $root/fixtures/decisions.jsonl
log: $dir/daemon.log
tokens:
  - {name: bench, role: provider, business_id: "2345678-0", sha256: $hash}
CONF
  "$seteli" serve --config "$dir/seteli.conf" --port-file "$dir/port" &
  daemon_pid=$!
  for _ in $(seq 100); do [ -s "$dir/port" ] && break; sleep 0.1; done
  printf '%-28s ' "seteli serve, $1:"
  "$work/ingest_client" post "$(cat "$dir/port")" "$token" "$work/events.jsonl" 1000 "$connections" |
    tee "$work/rate.$1"
  kill -TERM "$daemon_pid"
  wait "$daemon_pid" || true
  daemon_pid=
}

timed() {  # $1 label; rest: command. Prints events/s and keeps it in $work/rate.LABEL
  local label=$1 start end
  shift
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  python3 -c "import sys; t=$end-$start; print(f'$events events, {t:.2f} s, {int($events/t)} events/s')" |
    tee "$work/rate.$label"
}

rate() { grep -o '[0-9]* events/s' "$work/rate.$1" | cut -d' ' -f1; }

# The machine may be shared: the load beside the figures says how much.
echo "seteli ingest benchmark: $events events, batches of 1000, $connections connections, $(nproc) cores"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
run_daemon sqlite "sqlite:$work/sqlite/store.db"
"$root/tests/store/pg_fixture.sh" start "$pg_dir"
pg_url=$(cat "$pg_dir/url")
run_daemon postgresql "$pg_url"

table="CREATE TABLE bench (event_id TEXT PRIMARY KEY, provider TEXT, decision_id TEXT, service TEXT, start_at TEXT, end_at TEXT, recorded_at TEXT, body TEXT)"
sqlite3 "$work/import.db" "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; $table;" >/dev/null
printf '%-28s ' "sqlite3 .import:"
timed import sqlite3 "$work/import.db" -cmd "PRAGMA synchronous=FULL" -cmd ".mode csv" ".import $work/events.csv bench"
psql=$(ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | head -1)
psql=${psql:-psql}
pg_host=$(echo "$pg_url" | sed 's|.*@\([^:]*\):\([0-9]*\)/.*|\1|')
pg_port=$(echo "$pg_url" | sed 's|.*@\([^:]*\):\([0-9]*\)/.*|\2|')
"$psql" -q -h "$pg_host" -p "$pg_port" -U seteli -d postgres -c "$table" >/dev/null
printf '%-28s ' "PostgreSQL COPY:"
timed copy "$psql" -q -h "$pg_host" -p "$pg_port" -U seteli -d postgres -c "\\copy bench FROM '$work/events.csv' CSV"
echo "load average at end:   $(cut -d' ' -f1-3 /proc/loadavg)"
# The target (issue 24): at least the bulk loader's rate, a ratio >= 1.
python3 -c "print(f'ratio seteli/bulk loader: SQLite {$(rate sqlite)/$(rate import):.2f}x, PostgreSQL {$(rate postgresql)/$(rate copy):.2f}x (target >= 1)')"
