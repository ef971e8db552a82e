#!/usr/bin/env python3
# Generates fixtures/invoices/ from one template, the Finvoice 3.0 voucher
# invoice of tests/finvoice/data (run once; the outputs are committed).
import os
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
T = open(os.path.join(ROOT, 'tests/finvoice/data/voucher_invoice_30.xml'), encoding='utf-8').read()
SOC = "veroton AVL 37 §:n sosiaalipalvelun myynti"
def ref_check(base):
    w=[7,3,1]; s=sum(int(c)*w[i%3] for i,c in enumerate(reversed(base))); return base+str((10-s%10)%10)
PROV = {
 "2345678-0": ("Hoivapalvelu Kuusi Oy","Hallituskatu 12 B","50100","Mikkeli","4315,69","23456782024058","003723456780"),
 "3012345-8": ("Saimaan Hoiva Oy","Savontie 5","76100","Pieksämäki","9891,00","30123452024057","003730123458"),
 "2650011-8": ("Kuntoutus Kallio Oy","Olavinkatu 20","57130","Savonlinna","865,00","26500112024050","003726500118"),
 "1960387-2": ("Palvelukoti Honkala Oy","Porrassalmenkatu 10","50100","Mikkeli","20519,00","19603872024055","003719603872"),
}
# Each seller's registered account (fixtures/providers.yaml, bank): the
# organizer pays only into it (account_mismatch otherwise).
BANK = {
 "2345678-0": ("FI4610253000123456","NDEAFIHH"),
 "3012345-8": ("FI5347110001234567","HELSFIHH"),
 "2650011-8": ("FI2112345600000785","NDEAFIHH"),
 "1960387-2": ("FI3455555500123456","OKOYFIHH"),
}
def invoice(bid, number, total=None, ref=None):
    name, street, pc, town, tot, r, ovt = PROV[bid]
    total = total or tot; ref = ref or r
    x = T
    x = x.replace("<SellerPartyIdentifier>2345678-0<", f"<SellerPartyIdentifier>{bid}<")
    x = x.replace("FI23456780", "FI"+bid.replace("-",""))
    x = x.replace("<SellerOrganisationName>Hoivapalvelu Kuusi Oy<", f"<SellerOrganisationName>{name}<")
    x = x.replace("<EpiNameAddressDetails>Hoivapalvelu Kuusi Oy<", f"<EpiNameAddressDetails>{name}<")
    x = x.replace("<SellerStreetName>Kauppakatu 1<", f"<SellerStreetName>{street}<")
    x = x.replace("<SellerTownName>Mikkeli<", f"<SellerTownName>{town}<")
    x = x.replace("<SellerPostCodeIdentifier>50100<", f"<SellerPostCodeIdentifier>{pc}<")
    x = x.replace("<SellerOrganisationUnitNumber>003723456780<", f"<SellerOrganisationUnitNumber>{ovt}<")
    x = x.replace("2024-0501", number)
    x = x.replace("87,50", total)
    x = x.replace("<InvoicedQuantity QuantityUnitCode=\"h\">3,5</InvoicedQuantity>", "<InvoicedQuantity QuantityUnitCode=\"kpl\">1</InvoicedQuantity>")
    x = x.replace("<UnitPriceAmount AmountCurrencyIdentifier=\"EUR\">25,00</UnitPriceAmount>", f"<UnitPriceAmount AmountCurrencyIdentifier=\"EUR\">{total}</UnitPriceAmount>")
    x = x.replace("<ArticleIdentifier>henkilokohtainen-apu</ArticleIdentifier>", "<ArticleIdentifier>palveluseteli-2024-05</ArticleIdentifier>")
    x = x.replace("Henkilökohtainen apu, toukokuu 2024", "Palvelusetelipalvelut, toukokuu 2024 (tilitys " + ref + ")")
    x = x.replace(">2024050018<", f">{ref}<")
    iban, bic = BANK[bid]
    x = x.replace(">FI2112345600000785<", f">{iban}<")
    x = x.replace('"BIC">NDEAFIHH<', f'"BIC">{bic}<')
    return x
out = {}
out["good/2345678-0-2024-05.xml"] = invoice("2345678-0", "KU-2024-0517")
out["good/3012345-8-2024-05.xml"] = invoice("3012345-8", "SH-24-113")
out["good/2650011-8-2024-05.xml"] = invoice("2650011-8", "KK-2024-058")
out["good/1960387-2-2024-05.xml"] = invoice("1960387-2", "PH-2405-01")
# A credit note for 100,00 of Kuusi's invoice.
cn = invoice("2345678-0", "KU-2024-0518", total="-100,00")
cn = cn.replace("<InvoiceTypeCode>INV01</InvoiceTypeCode>", "<InvoiceTypeCode>INV02</InvoiceTypeCode>")
cn = cn.replace("<InvoiceTypeCodeUN>380</InvoiceTypeCodeUN>", "<InvoiceTypeCodeUN>381</InvoiceTypeCodeUN>")
cn = cn.replace("<InvoiceTypeText>LASKU</InvoiceTypeText>", "<InvoiceTypeText>HYVITYSLASKU</InvoiceTypeText>")
cn = cn.replace('<InvoiceDate Format="CCYYMMDD">20240603</InvoiceDate>', '<InvoiceDate Format="CCYYMMDD">20240603</InvoiceDate>\n    <OriginalInvoiceNumber>KU-2024-0517</OriginalInvoiceNumber>')
out["good/2345678-0-2024-05-credit.xml"] = cn

base = lambda: invoice("2345678-0", "KU-2024-0599")
def sub(a, b, x=None):
    x = x if x is not None else base()
    assert a in x, a
    return x.replace(a, b, 1)
M = {}
M["not_well_formed"] = (base()[:-40], "the file is cut off before the Finvoice element closes")
M["forbidden_dtd"] = (sub('<Finvoice Version="3.0">', '<!DOCTYPE Finvoice [<!ENTITY x "y">]>\n<Finvoice Version="3.0">'), "a DOCTYPE with an internal subset declaring an entity")
M["too_large"] = (base(), "a valid invoice: too_large when validated with --max-bytes 1000 (a 16 MiB file is not shipped)")
M["schema_invalid"] = (sub("<SellerTownName>Mikkeli</SellerTownName>", "<SellerTown>Mikkeli</SellerTown>"), "SellerTownName spelled SellerTown")
M["missing_invoice_date"] = (sub('<InvoiceDate Format="CCYYMMDD">20240603</InvoiceDate>', '<InvoiceDate Format="CCYYMMDD">20240631</InvoiceDate>'), "invoice date 2024-06-31 does not exist")
M["missing_invoice_number"] = (sub("<InvoiceNumber>KU-2024-0599</InvoiceNumber>", "<InvoiceNumber></InvoiceNumber>"), "empty InvoiceNumber")
M["missing_seller_id"] = (sub("<SellerOrganisationTaxCode>FI23456780</SellerOrganisationTaxCode>\n", "", sub("<SellerPartyIdentifier>2345678-0</SellerPartyIdentifier>", "<SellerPartyIdentifier></SellerPartyIdentifier>")), "neither SellerPartyIdentifier nor SellerOrganisationTaxCode")
M["invalid_business_id"] = (sub("FI23456780", "FI23456781", sub("<SellerPartyIdentifier>2345678-0</SellerPartyIdentifier>", "<SellerPartyIdentifier>2345678-1</SellerPartyIdentifier>")), "seller business ID 2345678-1: wrong check digit")
M["missing_seller_name_address"] = (sub("<SellerStreetName>Hallituskatu 12 B</SellerStreetName>", "<SellerStreetName></SellerStreetName>"), "empty seller street")
M["missing_buyer_name_address"] = (sub("<BuyerStreetName>Porrassalmenkatu 35-37</BuyerStreetName>", "<BuyerStreetName></BuyerStreetName>"), "empty buyer street")
x = base().replace("      <VatFreeText>veroton AVL 37 §:n sosiaalipalvelun myynti</VatFreeText>\n      <VatExemptionReasonCode>VATEX-EU-132-1G</VatExemptionReasonCode>\n", "")
x = x.replace("    <RowFreeText>veroton AVL 37 §:n sosiaalipalvelun myynti</RowFreeText>\n", "")
M["missing_exemption_basis"] = (x, "no VatFreeText, reason code or RowFreeText states the VAT exemption")
M["vat_on_exempt_service"] = (sub("<RowVatRatePercent>0</RowVatRatePercent>", "<RowVatRatePercent>24</RowVatRatePercent>"), "row VAT rate 24 % on an exempt service")
x = sub("<InvoiceTypeCode>INV01</InvoiceTypeCode>", "<InvoiceTypeCode>INV02</InvoiceTypeCode>")
M["credit_note_without_original"] = (x, "InvoiceTypeCode INV02 (credit note) without OriginalInvoiceNumber")
M["invalid_reference"] = (base().replace(">23456782024058<", ">23456782024059<"), "reference check digit 9 instead of 8")
M["buyer_mismatch"] = (sub("<BuyerPartyIdentifier>2816165-8</BuyerPartyIdentifier>", "<BuyerPartyIdentifier>0135202-4</BuyerPartyIdentifier>"), "buyer business ID is not the organizer's")
M["unknown_seller"] = (invoice("2345678-0","XX-1").replace("2345678-0","1234567-1").replace("FI23456780","FI12345671"), "seller 1234567-1: valid business ID, no approved provider")
M["missing_reference"] = (sub('      <EpiRemittanceInfoIdentifier IdentificationSchemeName="SPY">23456782024058</EpiRemittanceInfoIdentifier>\n', ""), "no EpiRemittanceInfoIdentifier (laskuviite)")
r2 = ref_check("2345678202406")
M["unknown_reference"] = (base().replace(">23456782024058<", ">"+r2+"<"), "reference " + r2 + ": valid check digit, no settlement of the month has it")
M["total_mismatch"] = (base().replace("4315,69", "4316,69"), "total 4316,69 against the voucher total 4315.69")
M["exemption_basis_mismatch"] = (base().replace(SOC, "veroton AVL 40 §:n mukaan"), "an exemption basis wording the rulebook does not list")
x = base().replace("Palvelusetelipalvelut, toukokuu 2024", "Laskutuslisä, toukokuu 2024")
M["non_payable_row"] = (x, "a row named Laskutuslisä (invoicing surcharge)")
x = base()
body = x.split("?>",1)[1].strip()
M["duplicate_invoice_number"] = ('<?xml version="1.0" encoding="UTF-8"?>\n<Finvoices>\n' + body + "\n" + body + "\n</Finvoices>\n", "a <Finvoices> batch with the same seller and invoice number twice (the second is the duplicate)")
for code,(xml,_) in M.items(): out[f"malformed/{code}.xml"] = xml
for p,x in out.items(): open(os.path.join(ROOT, 'fixtures/invoices', p),'w',encoding='utf-8').write(x)
with open(os.path.join(ROOT, 'fixtures/invoices/malformed/expected.tsv'), 'w') as f:
    for code,(_,note) in M.items(): f.write(f"{code}.xml\t{code}\t{note}\n")
