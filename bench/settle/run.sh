#!/usr/bin/env bash
# bench/settle: `seteli settle` on a generated month (bench/run/generate.py:
# EVENTS events of May 2024 for CLIENTS clients over the fixture
# providers), beside `jq -c .` over the same events file in the same run:
# jq parses and prints every event, the least any reader of the file does.
# Prints the machine, the load, both times, the ratio (target at most
# 0.15), and seteli's peak memory (RSS) per event (target at most 300
# bytes). A benchmark, not a test.
#
#   bench/settle/run.sh [EVENTS] [CLIENTS]       (defaults 1000000, 25000)
#   KEEP=DIR bench/settle/run.sh ...             (keeps the data and the
#                                                 settlement.json in DIR)
# Needs build/seteli (make build) or SETELI=path, and jq.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seteli=${SETELI:-$root/build/seteli}
events=${1:-1000000}
clients=${2:-25000}
if [ -n "${KEEP:-}" ]; then
  work=$KEEP
  mkdir -p "$work"
else
  work=$(mktemp -d /tmp/seteli-bench-settle.XXXXXX)
  trap 'rm -rf "$work"' EXIT
fi

[ -s "$work/events.jsonl" ] || python3 "$root/bench/run/generate.py" "$events" "$clients" "$work"
lines=$(wc -l <"$work/events.jsonl")
echo "bench/settle: $lines events, $(($(wc -c <"$work/events.jsonl") / 1048576)) MiB JSON Lines," \
  "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

# Wall seconds, peak RSS (kB) and CPU seconds (user, system) of a command,
# as "SECONDS KB USER SYSTEM"; its output in $1. On a loaded machine the
# CPU time is the steadier figure.
measure() {  # $1 output file, rest: command
  local out=$1
  shift
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >"$out" 2>"$work/err" || true
  tail -n 1 "$work/time"  # after any "Command exited with" line
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
read -r jq_secs _ jq_user jq_sys < <(measure /dev/null jq -c . "$work/events.jsonl")
read -r secs kb user sys < <(measure "$work/settlement.json" "$seteli" settle \
  --rulebook "$root/fixtures/rulebook.yaml" --providers "$root/fixtures/providers.yaml" \
  --decisions "$work/decisions.jsonl" --events "$work/events.jsonl" --month 2024-05)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$jq_secs" "$secs" "$kb" "$lines" "$work/settlement.json" "$jq_user" "$jq_sys" "$user" "$sys" <<'PY'
import json, sys
jq, secs, kb, events, out = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
jq_cpu, cpu = float(sys.argv[6]) + float(sys.argv[7]), float(sys.argv[8]) + float(sys.argv[9])
m = json.load(open(out))
settled = sum(s["line_count"] for s in m["settlements"])
print(f"{'jq -c . (the peer)':32} {jq:7.2f} s  {jq_cpu:7.2f} s CPU")
print(f"{'seteli settle':32} {secs:7.2f} s  {cpu:7.2f} s CPU  peak {kb / 1024:7.1f} MiB  {kb * 1024 / events:6.0f} bytes/event"
      f"  ({settled} lines, {len(m['rejected'])} rejected)")
print(f"ratio {secs / jq:.3f} (target 0.15; CPU time {cpu / jq_cpu:.3f}), {events / secs:,.0f} events/s")
PY
