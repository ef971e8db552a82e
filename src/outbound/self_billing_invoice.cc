#include "outbound/self_billing_invoice.h"

#include <optional>
#include <vector>

#include "outbound/finvoice_values.h"
#include "outbound/self_billing_rows.h"
#include "seteli/business_id.h"
#include "seteli/reference.h"

namespace seteli::outbound {
namespace {

using internal::FinvoiceAmount;
using internal::FinvoiceDate;
using internal::InvoiceRowGroup;
using internal::XmlWriter;

// The text the VAT Act requires on an invoice the buyer draws up
// (itselaskutus); written exactly so as the first InvoiceFreeText.
constexpr const char* kSelfBillingText = "Itselaskutus";
constexpr const char* kSelfBillingUnCode = "389";  // UNTDID 1001: self-billed invoice
constexpr const char* kSelfBilledCreditUnCode = "261";  // UNTDID 1001: self-billed credit note
// Finvoice free texts of this type hold at most 70 characters.
constexpr size_t kShortText = 70;

Error BadInput(std::string message) { return Error{"invalid_invoice_input", std::move(message)}; }

// UN/ECE Recommendation 20 codes and the Finnish unit words shown to people.
struct UnitCodes {
  const char* un;
  const char* fi;
};

UnitCodes CodesFor(Unit u) {
  switch (u) {
    case Unit::kHour: return {"HUR", "h"};
    case Unit::kDay: return {"DAY", "vrk"};
    case Unit::kMeal: return {"C62", "ateria"};
    case Unit::kVisit: return {"C62", "käynti"};
    case Unit::kVoucher: return {"C62", "kpl"};
  }
  return {"C62", "kpl"};
}

// The exemption wording for a class: the rulebook's first accepted one, so
// the organizer's own check (exemption_basis_mismatch) accepts it.
std::optional<std::string> ExemptionWording(const Rulebook& rb, ServiceClass c) {
  const std::vector<std::string>& bases = rb.ExemptionBases(c);
  if (bases.empty()) return std::nullopt;
  return bases.front();
}

std::string ServiceName(const Rulebook& rb, const std::string& code) {
  const Service* s = rb.Find(code);
  return s ? s->name : code;
}

// A month whose corrections lower the cost more than it adds is credited,
// not invoiced.
bool IsCreditNote(const Settlement& s) { return s.voucher_total.negative(); }

Money VoucherSum(const std::vector<InvoiceRowGroup>& rows) {
  Money sum;
  for (const InvoiceRowGroup& r : rows) sum += r.voucher;
  return sum;
}

// Finvoice's address elements take 2 to 35 characters.
std::optional<Error> CheckAddress(const std::string& who, const PostalAddress& a) {
  for (const std::string* f : {&a.street, &a.city, &a.postcode}) {
    size_t n = internal::Utf8Length(*f);
    if (n < 2 || n > 35) return BadInput(who + "'s address field '" + *f + "' must have 2 to 35 characters");
  }
  return std::nullopt;
}

std::optional<Error> CheckInput(const Settlement& s, const std::vector<InvoiceRowGroup>& rows,
                                const Provider& p, const Rulebook& rb, const SelfBillingOptions& o) {
  if (s.provider != p.business_id) {
    return BadInput("the settlement is of provider " + s.provider + ", not " + p.business_id);
  }
  if (o.invoice_number.empty() || internal::Utf8Length(o.invoice_number) > 20) {
    return BadInput("the invoice number must have 1 to 20 characters: '" + o.invoice_number + "'");
  }
  if (!BusinessId::Parse(p.business_id).ok()) return BadInput("invalid provider business ID " + p.business_id);
  if (!BusinessId::Parse(rb.organizer.business_id).ok()) {
    return BadInput("invalid organizer business ID " + rb.organizer.business_id);
  }
  if (auto bad = CheckAddress("the provider", p.address)) return bad;
  if (auto bad = CheckAddress("the organizer", rb.organizer.address)) return bad;
  if (p.name.size() < 2 || rb.organizer.name.size() < 2) return BadInput("a party name is missing");
  if (!IsValidPaymentReference(s.reference)) return BadInput("invalid settlement reference '" + s.reference + "'");
  if (o.provider_account.iban.empty() || o.provider_account.bic.size() < 8) {
    return BadInput("the provider's IBAN and BIC are needed for EpiDetails");
  }
  if (rows.empty()) return BadInput("the settlement has no lines");
  for (const InvoiceRowGroup& r : rows) {
    if (!ExemptionWording(rb, r.service_class)) {
      return BadInput(std::string("the rulebook has no exemption wording for class ") +
                      ServiceClassName(r.service_class));
    }
  }
  if (VoucherSum(rows) != s.voucher_total) {
    return Error{"settlement_inconsistent", "the lines' voucher parts add up to " + VoucherSum(rows).ToString() +
                                                ", the settlement says " + s.voucher_total.ToString()};
  }
  if (IsCreditNote(s) && o.original_invoices.empty()) {
    return Error{"no_original_invoice",
                 "a voucher total of " + s.voucher_total.ToString() +
                     " is a credit note, which needs the self-billing invoice it corrects"};
  }
  for (const OriginalInvoice& i : o.original_invoices) {
    if (i.number.empty() || internal::Utf8Length(i.number) > 20) {
      return BadInput("an original invoice number must have 1 to 20 characters: '" + i.number +
                      "'");
    }
  }
  return std::nullopt;
}

void Amount(XmlWriter& w, const char* name, Money m) {
  w.Start(name);
  w.Attribute("AmountCurrencyIdentifier", "EUR");
  w.Text(FinvoiceAmount(m));
  w.End();
}

void DateElement(XmlWriter& w, const char* name, Date d) {
  w.Start(name);
  w.Attribute("Format", "CCYYMMDD");
  w.Text(FinvoiceDate(d));
  w.End();
}

// Names longer than 70 characters go on as further name elements, which
// both OrganisationName elements allow (maxOccurs unbounded).
void OrganisationName(XmlWriter& w, const char* element, const std::string& name) {
  std::string rest = name;
  do {
    std::string part = internal::Utf8Prefix(rest, kShortText);
    w.Element(element, part);
    rest = rest.substr(part.size());
  } while (!rest.empty());
}

void TransmissionDetails(XmlWriter& w, const SelfBillingOptions& o) {
  w.Start("MessageTransmissionDetails");
  w.Start("MessageSenderDetails");
  w.Element("FromIdentifier", o.routing.sender.address);
  w.Element("FromIntermediator", o.routing.sender.intermediator);
  w.End();
  w.Start("MessageReceiverDetails");
  w.Element("ToIdentifier", o.routing.receiver.address);
  w.Element("ToIntermediator", o.routing.receiver.intermediator);
  w.End();
  w.Start("MessageDetails");
  w.Element("MessageIdentifier", o.message_id);
  w.Element("MessageTimeStamp", o.timestamp);
  w.End();
  w.End();
}

// The seller's and the buyer's details have the same elements, named by
// the party's role: SellerPartyDetails, SellerStreetName, BuyerTownName...
void Party(XmlWriter& w, const std::string& role, const std::string& business_id,
           const std::string& name, const PostalAddress& address) {
  auto tag = [&role](const char* rest) { return role + rest; };
  w.Start(tag("PartyDetails").c_str());
  w.Element(tag("PartyIdentifier").c_str(), business_id);
  OrganisationName(w, tag("OrganisationName").c_str(), name);
  w.Start(tag("PostalAddressDetails").c_str());
  w.Element(tag("StreetName").c_str(), address.street);
  w.Element(tag("TownName").c_str(), address.city);
  w.Element(tag("PostCodeIdentifier").c_str(), address.postcode);
  w.Element("CountryCode", "FI");
  w.End();
  w.End();
}

// One VatSpecificationDetails per exemption class present: each states its
// own basis. (EN 16931 expects a single E breakdown; a provider with both
// health and social services needs two bases, which Finvoice allows.)
void VatBreakdown(XmlWriter& w, const std::vector<InvoiceRowGroup>& rows, const Rulebook& rb,
                  const SelfBillingOptions& o) {
  for (ServiceClass c : {ServiceClass::kHealth, ServiceClass::kSocial}) {
    Money base;
    bool present = false;
    for (const InvoiceRowGroup& r : rows) {
      if (r.service_class != c) continue;
      base += r.voucher;
      present = true;
    }
    if (!present) continue;
    std::string wording = *ExemptionWording(rb, c);
    w.Start("VatSpecificationDetails");
    Amount(w, "VatBaseAmount", base);
    w.Element("VatRatePercent", "0");
    w.Element("VatCode", "E");
    Amount(w, "VatRateAmount", Money());
    // VatFreeText holds 70 characters; a longer wording stays whole on the
    // rows (RowFreeText, 512) rather than being cut here.
    if (internal::Utf8Length(wording) <= kShortText) w.Element("VatFreeText", wording);
    w.Element("VatExemptionReasonCode", VatexCode(c, o));
    w.End();
  }
}

// The invoices a credit note corrects: the first as OriginalInvoiceNumber,
// the others (a month's credit of several earlier months) as
// OriginalInvoiceReference, which Finvoice 3.0 repeats.
void OriginalInvoices(XmlWriter& w, const std::vector<OriginalInvoice>& invoices) {
  w.Element("OriginalInvoiceNumber", invoices.front().number);
  for (size_t i = 1; i < invoices.size(); ++i) {
    w.Start("OriginalInvoiceReference");
    w.Element("InvoiceNumber", invoices[i].number);
    w.End();
  }
}

// "IL-000001 (2024-04), IL-000005 (2024-05)".
std::string InvoiceList(const std::vector<OriginalInvoice>& invoices) {
  std::string out;
  for (const OriginalInvoice& i : invoices) {
    out += (out.empty() ? "" : ", ") + i.number + " (" + i.month.ToString() + ")";
  }
  return out;
}

void InvoiceDetails(XmlWriter& w, const Settlement& s, const Rulebook& rb, const std::vector<InvoiceRowGroup>& rows,
                    const SelfBillingOptions& o) {
  const bool credit = IsCreditNote(s);
  w.Start("InvoiceDetails");
  w.Start("InvoiceTypeCode");
  w.Attribute("CodeListAgencyIdentifier", "SPY");
  w.Text(credit ? "INV02" : o.type_code == SelfBillingTypeCode::kInv07 ? "INV07" : "INV01");
  w.End();
  w.Element("InvoiceTypeCodeUN", credit ? kSelfBilledCreditUnCode : kSelfBillingUnCode);
  w.Element("InvoiceTypeText", credit ? "HYVITYSLASKU" : "ITSELASKUTUS");
  w.Element("OriginCode", "Original");
  w.Element("InvoiceNumber", o.invoice_number);
  DateElement(w, "InvoiceDate", o.issue_date);
  if (credit) OriginalInvoices(w, o.original_invoices);
  DateElement(w, "InvoicingPeriodStartDate", s.month.first());
  DateElement(w, "InvoicingPeriodEndDate", s.month.last());
  // The settlement reference also as the buyer's reference (BT-10), which
  // EN 16931 conversions of the invoice need.
  w.Element("BuyerReferenceIdentifier", internal::CompactDigits(s.reference));
  Amount(w, "RowsTotalVatExcludedAmount", s.voucher_total);
  Amount(w, "InvoiceTotalVatExcludedAmount", s.voucher_total);
  Amount(w, "InvoiceTotalVatAmount", Money());
  Amount(w, "InvoiceTotalVatIncludedAmount", s.voucher_total);
  VatBreakdown(w, rows, rb, o);
  w.Element("InvoiceFreeText", kSelfBillingText);
  if (credit) {
    w.Element("InvoiceFreeText",
              "Ostaja " + rb.organizer.name +
                  " on laatinut tämän hyvityslaskun myyjän nimissä ja lukuun (self-billed credit "
                  "note: drawn up by the buyer in the seller's name). Hyvitys " +
                  s.month.ToString() + ", tilitys " + s.reference + ", oikaisee " +
                  (o.original_invoices.size() == 1 ? "laskun " : "laskut ") +
                  InvoiceList(o.original_invoices) + ".");
  } else {
    w.Element(
        "InvoiceFreeText",
        "Ostaja " + rb.organizer.name +
            " on laatinut tämän laskun myyjän nimissä ja lukuun "
            "(self-billing: drawn up by the buyer in the seller's name). Palvelusetelin osuus " +
            s.month.ToString() + ", tilitys " + s.reference + ".");
  }
  w.Start("PaymentTermsDetails");
  w.Element("PaymentTermsFreeText",
            credit ? "Hyvitys, ei maksettavaa" : std::to_string(o.payment_days) + " pv netto");
  DateElement(w, "InvoiceDueDate", o.issue_date.AddDays(o.payment_days));
  w.End();
  w.End();
}

std::string RowNote(const InvoiceRowGroup& r) {
  std::string note = "Hinta " + FinvoiceAmount(r.price) + " EUR, asiakkaan omavastuu " + FinvoiceAmount(r.copay) +
                     " EUR, palvelusetelin osuus " + FinvoiceAmount(r.voucher) + " EUR (" +
                     std::to_string(r.line_count) + " tapahtumaa).";
  if (r.corrects) note = "Oikaisu kaudelle " + r.corrects->ToString() + (r.credit ? " (hyvitys). " : ". ") + note;
  return note;
}

void Row(XmlWriter& w, const InvoiceRowGroup& r, int position, const Rulebook& rb) {
  UnitCodes units = CodesFor(r.unit);
  w.Start("InvoiceRow");
  w.Element("ArticleIdentifier", r.service);
  w.Element("ArticleName", internal::Utf8Prefix(ServiceName(rb, r.service), 100));
  w.Start("InvoicedQuantity");
  w.Attribute("QuantityUnitCode", units.fi);
  w.Attribute("QuantityUnitCodeUN", units.un);
  w.Text(internal::FinvoiceQuantity(r.quantity_milli));
  w.End();
  DateElement(w, "StartDate", r.first);
  DateElement(w, "EndDate", r.last);
  w.Start("UnitPriceAmount");
  w.Attribute("AmountCurrencyIdentifier", "EUR");
  w.Attribute("QuantityUnitCodeUN", units.un);
  w.Text(FinvoiceAmount(r.unit_price));
  w.End();
  w.Element("RowPositionIdentifier", std::to_string(position));
  // The basis on every row, so that a row read alone still states why it
  // carries no VAT (domain: VatFreeText or RowFreeText).
  w.Element("RowFreeText", *ExemptionWording(rb, r.service_class));
  // Quantity x unit price is the provider's price; the row amount is only
  // the voucher part of it. Say so on the row rather than leave a
  // difference unexplained.
  w.Element("RowFreeText", RowNote(r));
  w.Element("RowVatRatePercent", "0");
  w.Element("RowVatCode", "E");
  Amount(w, "RowVatAmount", Money());
  Amount(w, "RowVatExcludedAmount", r.voucher);
  Amount(w, "RowAmount", r.voucher);
  w.End();
}

void EpiDetails(XmlWriter& w, const Settlement& s, const Provider& p, const SelfBillingOptions& o) {
  std::string reference = internal::CompactDigits(s.reference);
  bool rf = reference.rfind("RF", 0) == 0;
  w.Start("EpiDetails");
  w.Start("EpiIdentificationDetails");
  DateElement(w, "EpiDate", o.issue_date);
  w.Element("EpiReference", "");
  w.End();
  w.Start("EpiPartyDetails");
  w.Start("EpiBfiPartyDetails");
  w.Start("EpiBfiIdentifier");
  w.Attribute("IdentificationSchemeName", "BIC");
  w.Text(o.provider_account.bic);
  w.End();
  w.End();
  w.Start("EpiBeneficiaryPartyDetails");
  w.Element("EpiNameAddressDetails", internal::Utf8Prefix(p.name, 35));
  w.Element("EpiBei", p.business_id);
  w.Start("EpiAccountID");
  w.Attribute("IdentificationSchemeName", "IBAN");
  w.Text(internal::CompactDigits(o.provider_account.iban));
  w.End();
  w.End();
  w.End();
  w.Start("EpiPaymentInstructionDetails");
  // SPY: the Finnish national reference; ISO: the RF creditor reference.
  w.Start("EpiRemittanceInfoIdentifier");
  w.Attribute("IdentificationSchemeName", rf ? "ISO" : "SPY");
  w.Text(reference);
  w.End();
  w.Start("EpiInstructedAmount");
  w.Attribute("AmountCurrencyIdentifier", "EUR");
  w.Text(FinvoiceAmount(s.voucher_total));
  w.End();
  w.Start("EpiCharge");
  w.Attribute("ChargeOption", "SHA");
  w.Text("SHA");
  w.End();
  DateElement(w, "EpiDateOptionDate", o.issue_date.AddDays(o.payment_days));
  w.Element("EpiPaymentMeansCode", "58");  // SEPA credit transfer
  w.End();
  w.End();
}

}  // namespace

Routing SelfBillingRouting(const Provider& provider, const Rulebook& rulebook) {
  return Routing{{provider.einvoice_address, provider.einvoice_operator},
                 {rulebook.organizer.einvoice_address, rulebook.organizer.einvoice_operator}};
}

std::string VatexCode(ServiceClass c, const SelfBillingOptions& options) {
  return c == ServiceClass::kSocial ? "VATEX-EU-132-1G" : options.health_vatex;
}

Result<std::string> BuildSelfBillingInvoice(const Settlement& settlement, const Provider& provider,
                                            const Rulebook& rulebook, const SelfBillingOptions& options) {
  return BuildSelfBillingInvoice(settlement, internal::GroupInvoiceRows(settlement), provider,
                                 rulebook, options);
}

Result<std::string> BuildSelfBillingInvoice(const Settlement& settlement,
                                            const std::vector<InvoiceRowGroup>& rows,
                                            const Provider& provider, const Rulebook& rulebook,
                                            const SelfBillingOptions& options) {
  if (auto bad = CheckInput(settlement, rows, provider, rulebook, options)) return *bad;
  // The transmission details must match the frame, so the frame's own
  // checks apply to them.
  TransmissionHeader header;
  header.routing = options.routing;
  header.message_id = options.message_id;
  header.timestamp = options.timestamp;
  if (Result<std::string> frame = BuildTransmissionFrame(header); !frame.ok()) {
    return BadInput("transmission details: " + frame.error().message);
  }
  XmlWriter w(options.encoding, /*declaration=*/true);
  w.Start("Finvoice");
  w.Attribute("Version", "3.0");
  TransmissionDetails(w, options);
  Party(w, "Seller", provider.business_id, provider.name, provider.address);
  Party(w, "Buyer", rulebook.organizer.business_id, rulebook.organizer.name,
        rulebook.organizer.address);
  InvoiceDetails(w, settlement, rulebook, rows, options);
  for (size_t i = 0; i < rows.size(); ++i) Row(w, rows[i], static_cast<int>(i + 1), rulebook);
  EpiDetails(w, settlement, provider, options);
  w.End();
  return w.Finish();
}

std::string SelfBillingInvoiceNumber(int64_t n) {
  std::string digits = std::to_string(n);
  return "IL-" + std::string(digits.size() < 6 ? 6 - digits.size() : 0, '0') + digits;
}

}  // namespace seteli::outbound
