"""fixtures/invoices/README.md against what seteli says of the files
(issue 19, item 11). For the `good/` table: every file listed is there and
every file there is listed; its seller, invoice number, reference and total
are those in the file; `seteli validate` finds it valid against the fixture
month's settlements; and an invoice's total is the voucher total that the
monthly run (`seteli demo`: a fresh store, the fixture month alone)
settles for its seller. For the `malformed/` table: the codes are those of
expected.tsv, which check_fixtures.sh runs through the validator.

usage: fixture_readme_test.py SETELI SOURCE_DIR WORKDIR"""
import os, re, shutil, sqlite3, subprocess, sys


def table(text, heading):
    """The rows (lists of cells) of the first table after `heading`."""
    rows, seen = [], False
    for line in text[text.index(heading):].splitlines()[1:]:
        if line.startswith("|"):
            seen = True
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not set(cells[0]) <= set("- "):
                rows.append(cells)
        elif seen:
            break
    return rows[1:]  # the header row off


def element(xml, name):
    m = re.search(r"<%s\b[^>]*>([^<]*)</%s>" % (name, name), xml)
    return m.group(1).strip() if m else ""


def main(seteli, src, work):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    f = os.path.join(src, "fixtures")
    inv = os.path.join(f, "invoices")
    readme = open(os.path.join(inv, "README.md"), encoding="utf-8").read()
    failures = []

    settlement = os.path.join(work, "settlement.json")
    subprocess.run([seteli, "settle", "--rulebook", f + "/rulebook.yaml", "--providers", f + "/providers.yaml",
                    "--decisions", f + "/decisions.jsonl", "--events", f + "/events.jsonl", "--month", "2024-05",
                    "--out", settlement], capture_output=True)  # exit 1: some events are refused
    assert os.path.getsize(settlement) > 0, "settle wrote nothing"
    demo = subprocess.run([seteli, "demo", "--fixtures", f, "--out", os.path.join(work, "demo")],
                          capture_output=True, text=True)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    db = sqlite3.connect(os.path.join(work, "demo", "seteli.db"))
    run_total = dict(db.execute("SELECT provider, voucher_total FROM settlements WHERE month = '2024-05'"))

    good = table(readme, "## `good/`")
    listed = {row[0].strip("`") for row in good}
    present = set(os.listdir(os.path.join(inv, "good")))
    if listed != present:
        failures.append("good/ listed %s, present %s" % (sorted(listed), sorted(present)))
    for file, _name, number, reference, total in good:
        file = file.strip("`")
        path = os.path.join(inv, "good", file)
        if not os.path.exists(path):
            continue
        xml = open(path, encoding="utf-8").read()
        seller = element(xml, "SellerPartyIdentifier")
        cents = int(round(float(total.replace(",", ".")) * 100))
        got = element(xml, "InvoiceTotalVatIncludedAmount").replace(",", ".")
        if int(round(float(got) * 100)) != cents:
            failures.append("%s: total %s in the file, %s in the README" % (file, got, total))
        if not number.startswith(element(xml, "InvoiceNumber")):
            failures.append("%s: invoice %s in the file, %s in the README" % (file, element(xml, "InvoiceNumber"), number))
        if reference != "same" and element(xml, "EpiRemittanceInfoIdentifier") != reference.replace(" ", ""):
            failures.append("%s: reference %s in the file, %s in the README" % (
                file, element(xml, "EpiRemittanceInfoIdentifier"), reference))
        settled = run_total.get(seller)
        if "credit" not in number and settled != cents:
            failures.append("%s: README total %s, the run settles %s for %s" % (
                file, total, "none" if settled is None else "%d.%02d" % divmod(settled, 100), seller))
        v = subprocess.run([seteli, "validate", "--rulebook", f + "/rulebook.yaml", "--providers",
                            f + "/providers.yaml", "--settlements", settlement, path], capture_output=True, text=True)
        if v.returncode != 0:
            failures.append("%s: listed as accepted, the validator says: %s" % (file, v.stdout[:400]))

    expected = {}
    for line in open(os.path.join(inv, "malformed", "expected.tsv"), encoding="utf-8"):
        if line.strip():
            name, code = line.split("\t")[:2]
            expected[name] = code
    malformed = {row[0].strip("`"): row[1] for row in table(readme, "## `malformed/`")}
    if malformed != expected:
        failures.append("malformed/: README %s, expected.tsv %s" % (
            sorted(set(malformed.items()) ^ set(expected.items())), ""))

    for line in failures:
        print("FAIL", line)
    print("%d good invoices, %d malformed checked against the README" % (len(good), len(malformed)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
