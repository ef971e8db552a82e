#include "finvoice/vat_check.h"

#include "finvoice/exemption_basis.h"
#include "seteli/reference.h"

namespace seteli::finvoice {
namespace {

InvoiceError Finding(const char* code, const std::string& path, int line, std::string fi,
                     std::string en) {
  return MakeError(Layer::kVat, code, path, line, std::move(fi), std::move(en));
}

InvoiceError Finding(const char* code, const Field& f, std::string fi, std::string en) {
  return Finding(code, f.path(), f.line, std::move(fi), std::move(en));
}

std::string Compact(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out += c;
  }
  return out;
}

bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool ValidCcyymmdd(const std::string& s) {
  if (s.size() != 8 || !AllDigits(s)) return false;
  int year = std::stoi(s.substr(0, 4));
  int month = std::stoi(s.substr(4, 2));
  int day = std::stoi(s.substr(6, 2));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29) return leap;
  return day <= kDays[month - 1];
}

bool IsNegative(const Field& f) {
  if (!f.present()) return false;
  Result<Money> m = ParseFinvoiceAmount(f.value);
  return m.ok() && m.value().negative();
}

// A row that charges something, as opposed to a row of text only.
bool IsChargeRow(const InvoiceRowFields& row) {
  return row.amount.exists || row.article_name.exists || row.article_identifier.exists ||
         row.vat_rate_percent.exists || row.vat_code.exists || row.vat_amount.exists;
}

bool ChargesVat(const Field& rate_percent, const Field& amount, const Field& code) {
  std::string c = FoldForCompare(code.value);
  return (rate_percent.present() && IsNonZeroNumber(rate_percent.value)) ||
         (amount.present() && IsNonZeroNumber(amount.value)) || c == "s" || c == "aa";
}

// A field as people know it, not by its element: a provider reads "ALV-
// prosentti", not "RowVatRatePercent". The element itself only for a field
// not named here (the report's path has it in any case).
std::string VatFieldName(const Field& f, bool finnish) {
  struct Words {
    const char* suffix;
    const char* fi;
    const char* en;
  };
  static constexpr Words kWords[] = {
      {"VatRatePercent", "ALV-prosentti", "VAT rate"},
      {"VatRateAmount", "ALV:n määrä", "VAT amount"},
      {"VatAmount", "ALV:n määrä", "VAT amount"},
      {"VatCode", "ALV-koodi", "VAT code"},
      {"OrganisationName", "nimi", "name"},
      {"StreetName", "katuosoite", "street address"},
      {"PostOfficeBoxIdentifier", "postilokero", "PO box"},
      {"PostCodeIdentifier", "postinumero", "postcode"},
      {"TownName", "postitoimipaikka", "town"},
  };
  const std::string name = f.name ? f.name : "";
  for (const Words& w : kWords) {
    const std::string suffix = w.suffix;
    if (name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return finnish ? w.fi : w.en;
    }
  }
  return f.element();
}

void CheckDate(const InvoiceFields& f, VatFindings& out) {
  if (!f.invoice_date.present()) {
    out.errors.push_back(Finding("missing_invoice_date", f.invoice_date, "Laskun päiväys puuttuu.",
                                 "The invoice date is missing."));
  } else if (!ValidCcyymmdd(f.invoice_date.value)) {
    out.errors.push_back(Finding(
        "missing_invoice_date", f.invoice_date,
        "Laskun päiväys '" + f.invoice_date.value + "' ei ole päivämäärä muodossa VVVVKKPP.",
        "The invoice date '" + f.invoice_date.value + "' is not a date in the form CCYYMMDD."));
  }
}

void CheckNumber(const InvoiceFields& f, VatFindings& out) {
  if (!f.invoice_number.present()) {
    out.errors.push_back(Finding("missing_invoice_number", f.invoice_number,
                                 "Laskun numero puuttuu.", "The invoice number is missing."));
  }
}

void CheckSellerId(const InvoiceFields& f, VatFindings& out) {
  const Field& party = f.seller_party_identifier;
  const Field& tax = f.seller_tax_code;
  if (!party.present() && !tax.present()) {
    out.errors.push_back(Finding("missing_seller_id", party,
                                 "Myyjän Y-tunnus tai ALV-tunniste puuttuu.",
                                 "The seller's business ID or VAT number is missing."));
    return;
  }
  for (const Field* id : {&party, &tax}) {
    if (!id->present() || ReadBusinessId(id->value)) continue;
    const bool business_id = id == &party;
    out.errors.push_back(Finding(
        "invalid_business_id", *id,
        std::string(business_id ? "Myyjän Y-tunnus" : "Myyjän ALV-tunniste") + " '" + id->value +
            "' ei ole kelvollinen Y-tunnus tai ALV-tunniste (tarkiste tai muoto väärin).",
        std::string(business_id ? "The seller's business ID" : "The seller's VAT number") + " '" +
            id->value +
            "' is not a valid Finnish business ID or VAT number (wrong check digit or form)."));
  }
}

// Name and postal address of a party; `who_fi`/`who_en` name it.
void CheckNameAddress(const char* code, const Field& name, const Field& street, const Field& po_box,
                      const Field& postcode, const Field& town, const char* who_fi,
                      const char* who_en, VatFindings& out) {
  std::vector<const Field*> missing;
  if (!name.present()) missing.push_back(&name);
  if (!street.present() && !po_box.present()) missing.push_back(&street);
  if (!postcode.present()) missing.push_back(&postcode);
  if (!town.present()) missing.push_back(&town);
  if (missing.empty()) return;
  std::string list_fi, list_en;
  for (const Field* m : missing) {
    list_fi += (list_fi.empty() ? "" : ", ") + VatFieldName(*m, true);
    list_en += (list_en.empty() ? "" : ", ") + VatFieldName(*m, false);
  }
  out.errors.push_back(
      Finding(code, *missing.front(),
              std::string(who_fi) + " nimi ja osoite ovat puutteelliset: puuttuu " + list_fi + ".",
              std::string(who_en) + " name and address are incomplete: missing " + list_en + "."));
}

bool HasInvoiceLevelBasis(const InvoiceFields& f) {
  for (const VatSpecification& v : f.vat_specifications) {
    if (ChargesVat(v.rate_percent, v.rate_amount, v.code)) continue;
    for (const Field& t : v.free_texts) {
      if (t.present()) return true;
    }
    if (ClassOfReasonCode(v.exemption_reason_code.value)) return true;
  }
  if (f.invoice_vat_free_text.present()) return true;
  for (const Field& t : f.invoice_free_texts) {
    if (LooksLikeExemptionBasis(t.value)) return true;
  }
  return false;
}

void CheckVatAndBasis(const InvoiceFields& f, VatFindings& out) {
  bool vat_found = false;
  for (const VatSpecification& v : f.vat_specifications) {
    if (ChargesVat(v.rate_percent, v.rate_amount, v.code)) {
      const Field& at = v.rate_percent.present() && IsNonZeroNumber(v.rate_percent.value)
                            ? v.rate_percent
                            : (v.rate_amount.present() ? v.rate_amount : v.code);
      out.errors.push_back(Finding(
          "vat_on_exempt_service", at,
          "Palvelusetelillä maksettava palvelu on arvonlisäverotonta, mutta laskulla on veroa: " +
              VatFieldName(at, true) + " " + at.value + ".",
          "Voucher services are VAT exempt, but the invoice charges VAT: " +
              VatFieldName(at, false) + " " + at.value + "."));
      vat_found = true;
      continue;
    }
    bool text = false;
    for (const Field& t : v.free_texts) text = text || t.present();
    bool code_ok = ClassOfReasonCode(v.exemption_reason_code.value).has_value();
    if (!text && !code_ok && v.exemption_reason_code.present()) {
      out.errors.push_back(Finding(
          "missing_exemption_basis", v.exemption_reason_code,
          "Verottomuuden peruste " + v.exemption_reason_code.value +
              " ei ole sosiaali- tai terveyspalvelun peruste (VATEX-EU-132-1B, -1C tai -1G), eikä "
              "verottomuuden perustetta ole kirjoitettu auki.",
          "The exemption reason " + v.exemption_reason_code.value +
              " is not a health or social care ground (VATEX-EU-132-1B, -1C or -1G) and no "
              "exemption basis is written out."));
    } else if (!text && !code_ok && FoldForCompare(v.code.value) == "e") {
      out.errors.push_back(Finding(
          "missing_exemption_basis", v.path + "/VatFreeText", v.code.line,
          "Verottoman arvonlisäveroerittelyn verottomuuden peruste puuttuu: kirjoita se auki "
          "(esim. \"veroton AVL 37 §:n sosiaalipalvelun myynti\") tai anna vapautuksen syykoodi.",
          "The exempt VAT breakdown states no exemption basis: write it out (e.g. \"veroton AVL "
          "37 §:n sosiaalipalvelun myynti\") or give an exemption reason code."));
    }
  }

  bool invoice_basis = HasInvoiceLevelBasis(f);
  for (const InvoiceRowFields& row : f.rows) {
    if (!IsChargeRow(row)) continue;
    if (ChargesVat(row.vat_rate_percent, row.vat_amount, row.vat_code)) {
      const Field& at =
          row.vat_rate_percent.present() && IsNonZeroNumber(row.vat_rate_percent.value)
              ? row.vat_rate_percent
              : (row.vat_amount.present() ? row.vat_amount : row.vat_code);
      out.errors.push_back(Finding(
          "vat_on_exempt_service", at,
          "Rivillä " + std::to_string(row.index) + " on arvonlisäveroa (" + VatFieldName(at, true) +
              " " + at.value + "), vaikka palvelusetelipalvelu on verotonta.",
          "Row " + std::to_string(row.index) + " charges VAT (" + VatFieldName(at, false) + " " +
              at.value + ") on a VAT exempt voucher service."));
      vat_found = true;
      continue;
    }
    bool row_basis = false;
    for (const Field& t : row.free_texts) row_basis = row_basis || LooksLikeExemptionBasis(t.value);
    if (!row_basis && !invoice_basis) {
      std::string path = row.free_texts.empty() ? row.path + "/RowFreeText" : row.free_texts[0].path();
      out.errors.push_back(Finding(
          "missing_exemption_basis", path, row.line,
          "Verottoman rivin " + std::to_string(row.index) +
              " verottomuuden peruste puuttuu: kirjoita se riville tai erittelyyn (esim. \"veroton "
              "AVL 37 §:n sosiaalipalvelun myynti\").",
          "Exempt row " + std::to_string(row.index) +
              " states no VAT exemption basis: write it on the row or in the VAT breakdown (e.g. "
              "\"veroton AVL 37 §:n sosiaalipalvelun myynti\")."));
    }
  }
  if (!vat_found && f.total_vat_amount.present() && IsNonZeroNumber(f.total_vat_amount.value)) {
    out.errors.push_back(Finding("vat_on_exempt_service", f.total_vat_amount,
                                 "Laskun arvonlisävero yhteensä on " + f.total_vat_amount.value +
                                     ", vaikka palvelusetelipalvelu on verotonta.",
                                 "The invoice's total VAT is " + f.total_vat_amount.value +
                                     " on VAT exempt voucher services."));
  }
}

void CheckCreditNote(const InvoiceFields& f, VatFindings& out) {
  if (!IsCreditNote(f) || f.original_invoice.present()) return;
  for (const InvoiceRowFields& row : f.rows) {
    if (row.references_original) return;
  }
  std::string path = "/Finvoice/InvoiceDetails/OriginalInvoiceNumber";
  out.errors.push_back(Finding(
      "credit_note_without_original", path, f.type_code.line ? f.type_code.line : f.line,
      "Hyvityslasku ei viittaa alkuperäiseen laskuun: anna hyvitettävän laskun numero.",
      "The credit note does not refer to the original invoice: give the number of the invoice "
      "it credits."));
}

void CheckReference(const InvoiceFields& f, VatFindings& out) {
  if (!f.remittance_info.present()) return;
  std::string ref = Compact(f.remittance_info.value);
  bool rf = ref.size() >= 2 && (ref[0] == 'R' || ref[0] == 'r') && (ref[1] == 'F' || ref[1] == 'f');
  bool ok = rf ? IsValidRfReference(ref) : (AllDigits(ref) && IsValidFinnishReference(ref));
  if (ok) return;
  std::string kind_fi = rf ? "RF-viitteen (ISO 11649, mod 97)" : "kotimaisen viitenumeron (7-3-1)";
  std::string kind_en = rf ? "RF creditor reference (ISO 11649, mod 97)" : "Finnish reference number (7-3-1)";
  out.errors.push_back(Finding("invalid_reference", f.remittance_info,
                               "Maksun viite '" + f.remittance_info.value +
                                   "' ei ole kelvollinen: " + kind_fi + " tarkiste on väärin.",
                               "The payment reference '" + f.remittance_info.value +
                                   "' is not valid: the check digits of the " + kind_en +
                                   " are wrong."));
}

void WarnRefundSection(const InvoiceFields& f, VatFindings& out) {
  for (const Field* text : ExemptionBasisTexts(f)) {
    const Field& t = *text;
    if (!MentionsRefundSection(t.value)) continue;
    InvoiceError w = Finding(
        "exemption_basis_refund_section", t,
        "Verottomuuden peruste '" + t.value +
            "' viittaa AVL 130/130 a §:ään, joka koskee kuntien arvonlisäveron palautusta eikä ole "
            "verottomuuden peruste.",
        "The exemption basis '" + t.value +
            "' cites AVL § 130/130 a, the municipalities' VAT refund, which is not an exemption ground.");
    out.warnings.push_back(std::move(w));
  }
}

}  // namespace

std::optional<BusinessId> ReadBusinessId(const std::string& text) {
  std::string s = Compact(text);
  for (char& c : s) {
    if (c == 'f') c = 'F';
    if (c == 'i') c = 'I';
  }
  if (s.size() == 9 && s[7] == '-') {
    Result<BusinessId> id = BusinessId::Parse(s);
    if (id.ok()) return id.value();
    return std::nullopt;
  }
  if (s.size() == 10 && s.rfind("FI", 0) == 0 && AllDigits(s.substr(2))) {
    Result<BusinessId> id = BusinessId::FromVatNumber(s);
    if (id.ok()) return id.value();
    return std::nullopt;
  }
  if (s.size() == 8 && AllDigits(s)) {
    Result<BusinessId> id = BusinessId::Parse(s.substr(0, 7) + "-" + s.substr(7));
    if (id.ok()) return id.value();
  }
  return std::nullopt;
}

std::optional<BusinessId> SellerBusinessId(const InvoiceFields& f) {
  if (auto id = ReadBusinessId(f.seller_party_identifier.value)) return id;
  return ReadBusinessId(f.seller_tax_code.value);
}

bool IsCreditNote(const InvoiceFields& f) {
  std::string type = FoldForCompare(f.type_code.value);
  return type == "inv02" || f.type_code_un.value == "381" || IsNegative(f.total_vat_included) ||
         IsNegative(f.instructed_amount);
}

std::vector<const Field*> ExemptionBasisTexts(const InvoiceFields& f) {
  std::vector<const Field*> out;
  for (const VatSpecification& v : f.vat_specifications) {
    if (ChargesVat(v.rate_percent, v.rate_amount, v.code)) continue;
    for (const Field& t : v.free_texts) {
      if (t.present()) out.push_back(&t);
    }
  }
  if (f.invoice_vat_free_text.present()) out.push_back(&f.invoice_vat_free_text);
  for (const Field& t : f.invoice_free_texts) {
    if (LooksLikeExemptionBasis(t.value)) out.push_back(&t);
  }
  for (const InvoiceRowFields& row : f.rows) {
    for (const Field& t : row.free_texts) {
      if (LooksLikeExemptionBasis(t.value)) out.push_back(&t);
    }
  }
  return out;
}

VatFindings CheckVat(const InvoiceFields& f) {
  VatFindings out;
  CheckDate(f, out);
  CheckNumber(f, out);
  CheckSellerId(f, out);
  CheckNameAddress("missing_seller_name_address", f.seller_name, f.seller_street, f.seller_po_box,
                   f.seller_postcode, f.seller_town, "Myyjän", "The seller's", out);
  CheckNameAddress("missing_buyer_name_address", f.buyer_name, f.buyer_street, f.buyer_po_box,
                   f.buyer_postcode, f.buyer_town, "Ostajan", "The buyer's", out);
  CheckVatAndBasis(f, out);
  CheckCreditNote(f, out);
  CheckReference(f, out);
  WarnRefundSection(f, out);
  return out;
}

}  // namespace seteli::finvoice
