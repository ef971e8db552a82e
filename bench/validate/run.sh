#!/usr/bin/env bash
# bench/validate: `seteli validate` with all four layers (parse, schema,
# VAT markings, organizer) on COUNT generated invoices of 10 to 200 rows,
# beside `xmllint --noout --schema Finvoice3.0.xsd` on the same files, each
# in one process, in the same run: seteli first on all cores (its default,
# files validated in parallel), then on one thread (--jobs 1). A benchmark,
# not a test.
#
#   bench/validate/run.sh [COUNT]        (default 10000)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seteli=${SETELI:-$root/build/seteli}
count=${1:-10000}
work=$(mktemp -d /tmp/seteli-bench-validate.XXXXXX)
trap 'rm -rf "$work"' EXIT

python3 "$here/generate.py" "$count" "$work"
files=("$work"/invoice-*.xml)
bytes=$(cat "${files[@]}" | wc -c)
echo "bench/validate: $count invoices, $((bytes / 1048576)) MiB, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

timed() {  # $1 label, rest: command; prints wall time, invoices per second, CPU time
  local label=$1
  shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f '%U %S' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || true
  end=$(date +%s.%N)
  read -r user sys < <(tail -n 1 "$work/time")  # after any "exited with" line
  python3 -c "t = $end - $start; print(f'{\"$label\":40} {t:7.2f} s {$count / t:9.0f} invoices/s {$user + $sys:7.2f} s CPU')"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
timed "xmllint --noout --schema (schema only)" \
  xmllint --noout --schema "$root/finvoice/schema/Finvoice3.0.xsd" "${files[@]}"
timed "seteli validate (all four layers)" \
  "$seteli" validate --rulebook "$root/fixtures/rulebook.yaml" --providers "$root/fixtures/providers.yaml" \
  --settlements "$work/settlement.json" "${files[@]}"
valid=$(grep -c '"valid":true' "$work/out" || true)
cp "$work/out" "$work/out.all-cores"
timed "seteli validate --jobs 1 (one thread)" \
  "$seteli" validate --jobs 1 --rulebook "$root/fixtures/rulebook.yaml" --providers "$root/fixtures/providers.yaml" \
  --settlements "$work/settlement.json" "${files[@]}"
cmp -s "$work/out" "$work/out.all-cores" || echo "seteli validate: --jobs 1 and all cores gave different output"
echo "seteli validate found $valid of $count invoices valid"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
