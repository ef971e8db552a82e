#!/usr/bin/env bash
# bench/validate: `seteli validate` with all four layers (parse, schema,
# VAT markings, organizer) on COUNT generated invoices of 10 to 200 rows,
# beside `xmllint --noout --schema Finvoice3.0.xsd` on the same files, in
# the same run and at equal cores: xmllint as one process per core (the
# files split between them) against seteli on all cores (its default), and
# one xmllint process against seteli --jobs 1. Prints the throughput ratios
# (target, issue 24: at least 1). A benchmark, not a test.
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

timed() {  # $1 key, $2 label, rest: command; prints wall time, invoices per second, CPU time
  local key=$1 label=$2
  shift 2
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f '%U %S' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || true
  end=$(date +%s.%N)
  read -r user sys < <(tail -n 1 "$work/time")  # after any "exited with" line
  python3 -c "t = $end - $start; print(f'{\"$label\":40} {t:7.2f} s {$count / t:9.0f} invoices/s {$user + $sys:7.2f} s CPU')"
  python3 -c "print($end - $start)" >"$work/wall.$key"
}
wall() { cat "$work/wall.$1"; }

# xmllint on every core: the files split into one list per core, one
# process each (xmllint has no threads of its own).
cores=$(nproc)
printf '%s\n' "${files[@]}" | split -n "r/$cores" - "$work/list."
xsd=$root/finvoice/schema/Finvoice3.0.xsd

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
timed xmllint1 "xmllint --schema, one process" \
  xmllint --noout --schema "$xsd" "${files[@]}"
timed xmllintN "xmllint --schema, $cores processes" bash -c \
  "for l in $work/list.*; do xargs xmllint --noout --schema $xsd <\$l & done; wait"
timed seteliN "seteli validate (all four layers)" \
  "$seteli" validate --rulebook "$root/fixtures/rulebook.yaml" --providers "$root/fixtures/providers.yaml" \
  --settlements "$work/settlement.json" "${files[@]}"
valid=$(grep -c '"valid":true' "$work/out" || true)
cp "$work/out" "$work/out.all-cores"
timed seteli1 "seteli validate --jobs 1 (one thread)" \
  "$seteli" validate --jobs 1 --rulebook "$root/fixtures/rulebook.yaml" --providers "$root/fixtures/providers.yaml" \
  --settlements "$work/settlement.json" "${files[@]}"
cmp -s "$work/out" "$work/out.all-cores" || echo "seteli validate: --jobs 1 and all cores gave different output"
echo "seteli validate found $valid of $count invoices valid"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# Throughput ratio at equal cores (target, issue 24: at least 1).
python3 -c "print(f'ratio seteli/xmllint throughput: {$(wall xmllintN)/$(wall seteliN):.2f}x on $cores cores, {$(wall xmllint1)/$(wall seteli1):.2f}x on one (target >= 1)')"
