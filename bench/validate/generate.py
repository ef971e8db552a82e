#!/usr/bin/env python3
"""Generates COUNT realistic provider invoices (Finvoice 3.0, 10 to 200 rows
each) from the fixture invoice of Hoivapalvelu Kuusi Oy, with a
settlement.json they all match, for bench/validate. Every invoice passes all
four layers. Deterministic.

usage: generate.py COUNT OUT_DIR
"""
import json
import random
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[2] / "fixtures/invoices/good/2345678-0-2024-05.xml"
SERVICES = ["Säännöllinen kotihoito", "Lapsiperheiden kotipalvelu", "Henkilökohtainen apu"]


def check_digit(base):
    weights = [7, 3, 1]
    total = sum(int(d) * weights[i % 3] for i, d in enumerate(reversed(base)))
    return str((10 - total % 10) % 10)


def euros(cents):
    return f"{cents // 100},{cents % 100:02d}"


def main():
    count, out = int(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    text = TEMPLATE.read_text(encoding="utf-8")
    row_re = re.compile(r"  <InvoiceRow>.*?</InvoiceRow>\n", re.S)
    template_row = row_re.search(text).group(0)
    rng = random.Random(7)
    settlements = []
    for i in range(count):
        rows, total = [], 0
        for r in range(rng.randint(10, 200)):
            cents = rng.randint(500, 30000)
            total += cents
            row = template_row
            row = row.replace("palveluseteli-2024-05", f"PS-{r:03d}")
            row = re.sub(r"<ArticleName>.*?</ArticleName>",
                         f"<ArticleName>{rng.choice(SERVICES)}, asiakas B-C-{rng.randint(1, 9999):04d}</ArticleName>", row)
            row = re.sub(r"(<(UnitPriceAmount|RowVatExcludedAmount|RowAmount) [^>]*>)[^<]*", rf"\g<1>{euros(cents)}", row)
            rows.append(row)
        base = f"2345678{i:07d}"
        ref = base + check_digit(base)
        doc = row_re.sub(lambda m: "".join(rows), text, count=1)
        for tag in ("InvoiceTotalVatExcludedAmount", "InvoiceTotalVatIncludedAmount", "VatBaseAmount",
                    "EpiInstructedAmount"):
            doc = re.sub(rf"(<{tag} [^>]*>)[^<]*", rf"\g<1>{euros(total)}", doc)
        doc = re.sub(r"(<EpiRemittanceInfoIdentifier [^>]*>)[^<]*", rf"\g<1>{ref}", doc)
        doc = re.sub(r"<InvoiceNumber>[^<]*", f"<InvoiceNumber>B-{i:06d}", doc)
        (out / f"invoice-{i:05d}.xml").write_text(doc, encoding="utf-8")
        settlements.append({"provider": "2345678-0", "reference": ref,
                            "voucher_total": f"{total // 100}.{total % 100:02d}",
                            "price_total": f"{total // 100}.{total % 100:02d}", "copay_total": "0.00",
                            "lines": []})
    (out / "settlement.json").write_text(json.dumps({"month": "2024-05", "settlements": settlements,
                                                    "rejected": []}))


if __name__ == "__main__":
    main()
