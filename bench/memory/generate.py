#!/usr/bin/env python3
"""Big but valid Finvoice input for the memory bounds (docs/performance-history.md,
"Memory"; tests/receiving/memory_bound_test.py).

  generate.py invoice MB OUT.xml [SETTLEMENT.json]
      one Finvoice 3.0 invoice of Hoivapalvelu Kuusi Oy (the fixture
      fixtures/invoices/good/2345678-0-2024-05.xml) grown to about MB
      megabytes by repeating its rows, its totals matching; with
      SETTLEMENT.json also a settlement.json it matches, so that
      `seteli validate` finds it valid on all four layers.
  generate.py inbound MB OUT.xml [FRAMES]
      an operator file of about MB megabytes (or of exactly FRAMES frames):
      SOAP/ebXML frames, each followed by a copy of that invoice with an
      invoice number of its own, as the operator posts a batch.

Deterministic."""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "fixtures/invoices/good/2345678-0-2024-05.xml"
ROW_RE = re.compile(r"  <InvoiceRow>.*?</InvoiceRow>\n", re.S)
TOTAL_TAGS = ("InvoiceTotalVatExcludedAmount", "InvoiceTotalVatIncludedAmount", "VatBaseAmount",
              "EpiInstructedAmount")


def euros(cents):
    return f"{cents // 100},{cents % 100:02d}"


def grown_invoice(megabytes):
    """The fixture invoice with about `megabytes` MB of rows, and its total in cents."""
    text = TEMPLATE.read_text(encoding="utf-8")
    row = ROW_RE.search(text).group(0)
    cents = 1250
    row = re.sub(r"(<(UnitPriceAmount|RowVatExcludedAmount|RowAmount) [^>]*>)[^<]*", rf"\g<1>{euros(cents)}", row)
    count = max(1, int(megabytes * 1_000_000) // len(row.encode("utf-8")))
    doc = ROW_RE.sub(lambda m: row * count, text, count=1)
    # Only the first row match is replaced; drop any later template rows.
    doc = doc[:doc.index(row * count) + len(row) * count] + ROW_RE.sub("", doc[doc.index(row * count) + len(row) * count:])
    total = cents * count
    for tag in TOTAL_TAGS:
        doc = re.sub(rf"(<{tag} [^>]*>)[^<]*", rf"\g<1>{euros(total)}", doc)
    return doc, total


def reference(doc):
    return re.search(r"<EpiRemittanceInfoIdentifier [^>]*>([^<]*)", doc).group(1)


def frame(message_id, sender="003723456780", receiver="003728161658"):
    """The frame of tests/operator/exchange_harness.py."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:eb="http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd" xmlns:xlink="http://www.w3.org/1999/xlink">
<SOAP-ENV:Header><eb:MessageHeader SOAP-ENV:mustUnderstand="1" eb:version="2.0">
<eb:From><eb:PartyId>{sender}</eb:PartyId><eb:Role>Sender</eb:Role></eb:From>
<eb:From><eb:PartyId>BAWCFI22</eb:PartyId><eb:Role>Intermediator</eb:Role></eb:From>
<eb:To><eb:PartyId>{receiver}</eb:PartyId><eb:Role>Receiver</eb:Role></eb:To>
<eb:To><eb:PartyId>BAWCFI22</eb:PartyId><eb:Role>Intermediator</eb:Role></eb:To>
<eb:CPAId>yoursandmycpa</eb:CPAId><eb:ConversationId>{message_id}</eb:ConversationId>
<eb:Service>Routing</eb:Service><eb:Action>ProcessInvoice</eb:Action>
<eb:MessageData><eb:MessageId>{message_id}</eb:MessageId><eb:Timestamp>2024-06-03T10:00:00+03:00</eb:Timestamp></eb:MessageData>
</eb:MessageHeader></SOAP-ENV:Header>
<SOAP-ENV:Body><eb:Manifest eb:id="Manifest" eb:version="2.0"><eb:Reference eb:id="Finvoice" xlink:href="{message_id}"/></eb:Manifest></SOAP-ENV:Body>
</SOAP-ENV:Envelope>
"""


def write_invoice(megabytes, out, settlement=None):
    doc, total = grown_invoice(megabytes)
    Path(out).write_text(doc, encoding="utf-8")
    if settlement:
        amount = f"{total // 100}.{total % 100:02d}"
        Path(settlement).write_text(json.dumps({"month": "2024-05", "rejected": [], "settlements": [
            {"provider": "2345678-0", "reference": reference(doc), "voucher_total": amount,
             "price_total": amount, "copay_total": "0.00", "lines": []}]}))


def write_inbound(megabytes, out, frames=None):
    invoice = TEMPLATE.read_text(encoding="utf-8")
    number = re.search(r"<InvoiceNumber>([^<]*)", invoice).group(1)
    with open(out, "w", encoding="utf-8") as f:
        written, i = 0, 0
        while (i < frames) if frames else (written < megabytes * 1_000_000):
            mid = f"MEM-{i:07d}"
            part = frame(mid) + invoice.replace(f"<InvoiceNumber>{number}", f"<InvoiceNumber>M-{i:07d}")
            written += f.write(part)
            i += 1


def main():
    kind, size, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    if kind == "invoice":
        write_invoice(size, out, sys.argv[4] if len(sys.argv) > 4 else None)
    elif kind == "inbound":
        write_inbound(size, out, int(sys.argv[4]) if len(sys.argv) > 4 else None)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
