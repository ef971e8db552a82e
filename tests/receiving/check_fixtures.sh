#!/bin/sh
# fixtures/invoices through `seteli validate`: every good invoice valid
# against the fixture month's settlements, every malformed one carrying the
# code expected.tsv names, and the messages of its VAT and organizer
# findings (what a provider is told) naming no XML element: a provider knows
# "maksettava summa", not EpiInstructedAmount.
# usage: check_fixtures.sh SETELI SOURCE_DIR WORKDIR
set -u
seteli=$1 src=$2 work=$3
mkdir -p "$work"
f=$src/fixtures
"$seteli" settle --rulebook "$f/rulebook.yaml" --providers "$f/providers.yaml" \
  --decisions "$f/decisions.jsonl" --events "$f/events.jsonl" --month 2024-05 \
  --out "$work/settlement.json" 2>/dev/null
[ -s "$work/settlement.json" ] || { echo "settle wrote nothing"; exit 1; }
layers="--rulebook $f/rulebook.yaml --providers $f/providers.yaml --settlements $work/settlement.json"
status=0
for g in "$f"/invoices/good/*.xml; do
  if ! "$seteli" validate $layers "$g" > "$work/out.json" 2>&1; then
    echo "FAIL good invoice not valid: $g"; cat "$work/out.json"; status=1
  fi
done
tab=$(printf '\t')
while IFS="$tab" read -r file code note; do
  extra=""
  [ "$code" = too_large ] && extra="--max-bytes 1000"
  "$seteli" validate $extra $layers "$f/invoices/malformed/$file" > "$work/out.json" 2>/dev/null
  rc=$?
  if [ $rc -ne 1 ] || ! grep -q "\"code\":\"$code\"" "$work/out.json"; then
    echo "FAIL $file: expected $code (exit 1), got exit $rc: $(cat "$work/out.json")"; status=1
  fi
  if ! python3 - "$work/out.json" <<'PY'
import json, re, sys
report = json.loads(open(sys.argv[1]).readline())
bad = [m for e in report.get("errors", []) if e["layer"] in ("vat", "organizer")
       for m in (e["message_fi"], e["message_en"])
       if re.search(r"\b(?:Epi|Invoice|Seller|Buyer|Row|Vat)[A-Z][A-Za-z]*", m)]
sys.exit("names an XML element: " + " | ".join(bad) if bad else 0)
PY
  then
    echo "FAIL $file: a message names an XML element"; status=1
  fi
done < "$f/invoices/malformed/expected.tsv"
exit $status
