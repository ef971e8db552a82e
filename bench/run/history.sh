#!/usr/bin/env bash
# bench/run/history.sh: the monthly run month after month over a growing
# history, to see that a month's run does not grow with the months before
# it. The month of generate.py (EVENTS events for CLIENTS clients) is
# repeated from January 2024 on; each month's events are ingested and the
# month is run (`seteli run --no-reconcile`) before the next.
#
#   bench/run/history.sh [MONTHS] [EVENTS] [CLIENTS]   (defaults 6 20000 2000; MONTHS <= 11)
#   BACKENDS=sqlite bench/run/history.sh ...           (one back end only)
#   OLD=/path/to/older/seteli bench/run/history.sh ... (the same on a store of that binary too)
#   LATE=0.01 bench/run/history.sh ...                 (each month from the second also brings
#                                                       that share of events of the month before,
#                                                       recorded late into a closed month)
#   BALANCE=0.1 bench/run/history.sh ...              (that share of the clients draw on a
#                                                       balance; with LATE, some of them late
#                                                       every month)
#
# Prints per month the run's time and peak memory and what it read ("read N
# stored events: ..."), and the load average. A benchmark, not a test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seteli=${SETELI:-$root/build/seteli}
months=${1:-6}
events=${2:-20000}
clients=${3:-2000}
backends=${BACKENDS:-sqlite postgresql}
work=$(mktemp -d /tmp/seteli-bench-history.XXXXXX)
chmod 755 "$work"
cleanup() {
  "$root/tests/store/pg_fixture.sh" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

python3 "$here/generate.py" "$events" "$clients" "$work"
# Month k's events: May's moved to month k (days past its end to its last
# day), with IDs of their own.
python3 - "$work" "$months" "${LATE:-0}" <<'PY'
import calendar, json, re, sys
work, months, late = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
may = [json.loads(l) for l in open(f"{work}/events.jsonl")]
def moved(text, month):
    def at(m):
        y, mo = 2024, month + (1 if m.group(1) == "06" else 0)
        y, mo = y + (mo - 1) // 12, (mo - 1) % 12 + 1
        day = min(int(m.group(2)), calendar.monthrange(y, mo)[1])
        return f"{y}-{mo:02d}-{day:02d}"
    return re.sub(r"2024-(05|06)-(\d\d)", at, text)
def month_of(e, k, prefix):
    e2 = {key: moved(v, k) if isinstance(v, str) and key != "event_id" else v for key, v in e.items()}
    e2["event_id"] = f"{prefix}{k:02d}-{e['event_id']}"
    for key in ("replaces", "voids"):
        if key in e2: e2[key] = f"{prefix}{k:02d}-{e[key]}"
    return e2
every = round(1 / late) if late > 0 else 0
for k in range(1, months + 1):
    with open(f"{work}/events-{k:02d}.jsonl", "w") as out:
        for e in may:
            out.write(json.dumps(month_of(e, k, "M"), ensure_ascii=False) + "\n")
        for i, e in enumerate(may):  # late into month k - 1
            if k > 1 and every and i % every == 0 and "replaces" not in e and "voids" not in e:
                out.write(json.dumps(month_of(e, k - 1, "L"), ensure_ascii=False) + "\n")
PY

. "$here/config.sh"

history() {  # $1 label, $2 binary, $3 config
  for k in $(seq 1 "$months"); do
    month=$(printf "2024-%02d" "$k")
    "$2" ingest --config "$3" "$work/events-$(printf %02d "$k").jsonl" >/dev/null
    /usr/bin/time -f "%e %M" -o "$work/time" "$2" run --config "$3" --month "$month" --no-reconcile \
      >"$work/out" 2>"$work/err" || true
    read -r secs kb <"$work/time"
    printf "%-22s %s  run %6.2f s, peak %6.1f MiB  %s  (load %s)\n" "$1" "$month" "$secs" \
      "$(awk "BEGIN{print $kb/1024}")" "$(grep -m1 '^read ' "$work/out" || echo '')" \
      "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
}

echo "bench/run/history: $months months of $events events, $clients clients, late ${LATE:-0}, $(nproc) cores"
for backend in $backends; do
  for who in new old; do
    bin=$seteli
    if [ "$who" = old ]; then
      [ -n "${OLD:-}" ] || continue
      bin=$OLD
    fi
    if [ "$backend" = sqlite ]; then
      conf=$(config "$who-sqlite" "sqlite:$work/$who.db")
    else
      "$root/tests/store/pg_fixture.sh" stop "$work/pg" >/dev/null 2>&1 || true
      rm -rf "$work/pg"
      "$root/tests/store/pg_fixture.sh" start "$work/pg" >/dev/null
      conf=$(config "$who-pg" "$(cat "$work/pg/url")")
    fi
    history "$who $backend" "$bin" "$conf"
    rm -f "$work/$who.db"*
  done
done
