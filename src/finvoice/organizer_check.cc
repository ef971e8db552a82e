#include "finvoice/organizer_check.h"

#include <algorithm>

#include "finvoice/account_check.h"
#include "finvoice/exemption_basis.h"
#include "finvoice/vat_check.h"

namespace seteli::finvoice {
namespace {

InvoiceError Finding(const char* code, const Field& f, std::string fi, std::string en) {
  return MakeError(Layer::kOrganizer, code, f.path(), f.line, std::move(fi), std::move(en));
}

std::string Shown(const Field& f) { return f.present() ? "'" + f.value + "'" : "(empty)"; }

void CheckBuyer(const InvoiceFields& f, const Organizer& org, OrganizerFindings& out) {
  std::optional<BusinessId> want = ReadBusinessId(org.business_id);
  const Field* id_field = &f.buyer_party_identifier;
  std::optional<BusinessId> got = ReadBusinessId(f.buyer_party_identifier.value);
  if (!got) {
    got = ReadBusinessId(f.buyer_tax_code.value);
    if (got) id_field = &f.buyer_tax_code;
  }
  if (got && want) {
    if (*got == *want) return;
    out.errors.push_back(Finding(
        "buyer_mismatch", *id_field,
        "Ostaja " + got->str() + " ei ole järjestäjä " + org.name + " (" + want->str() + ").",
        "The buyer " + got->str() + " is not the organizer " + org.name + " (" + want->str() + ")."));
    return;
  }
  if (FoldForCompare(f.buyer_name.value) == FoldForCompare(org.name)) return;
  out.errors.push_back(Finding(
      "buyer_mismatch", f.buyer_name.present() ? f.buyer_name : f.buyer_party_identifier,
      "Ostajaa ei tunnisteta järjestäjäksi " + org.name + " (" + org.business_id + "): Y-tunnus puuttuu ja nimi on " +
          Shown(f.buyer_name) + ".",
      "The buyer is not recognised as the organizer " + org.name + " (" + org.business_id +
          "): no business ID, and the name is " + Shown(f.buyer_name) + "."));
}

ServiceClass Other(ServiceClass c) {
  return c == ServiceClass::kHealth ? ServiceClass::kSocial : ServiceClass::kHealth;
}

const Provider* FindProvider(const ProviderRegistry& providers, const BusinessId& id) {
  if (const Provider* p = providers.Find(id.str())) return p;
  for (const auto& [key, p] : providers.all()) {
    if (auto k = ReadBusinessId(key); k && *k == id) return &p;
  }
  return nullptr;
}

// The exemption wordings the rulebook accepts for `classes`.
std::vector<std::string> AcceptedWordings(const Rulebook& rb, const std::vector<ServiceClass>& classes) {
  std::vector<std::string> out;
  for (ServiceClass c : classes) {
    for (const std::string& w : rb.ExemptionBases(c)) out.push_back(w);
  }
  return out;
}

void AddClass(std::vector<ServiceClass>& out, ServiceClass c) {
  if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
}

// The classes of the services settled under the invoice's reference; a
// service of both classes brings both. Both when the settlement is unknown.
std::vector<ServiceClass> ClassesOf(const Rulebook& rb, const SettlementSummary* s) {
  std::vector<ServiceClass> out;
  if (s) {
    for (const std::string& code : s->services) {
      const Service* svc = rb.Find(code);
      if (!svc) svc = rb.BandParent(code);
      if (!svc) continue;
      AddClass(out, svc->service_class);
      if (svc->both_classes) AddClass(out, Other(svc->service_class));
    }
  }
  if (out.empty()) out = {ServiceClass::kHealth, ServiceClass::kSocial};
  return out;
}

std::string ClassList(const std::vector<ServiceClass>& classes) {
  std::string s;
  for (ServiceClass c : classes) s += (s.empty() ? "" : ", ") + std::string(ServiceClassName(c));
  return s;
}

// What the VAT Act accepts for `classes`: "AVL 37 § / VATEX-EU-132-1G".
std::string AcceptedSections(const std::vector<ServiceClass>& classes) {
  std::string s;
  for (ServiceClass c : classes) {
    s += s.empty() ? "" : ", ";
    s += c == ServiceClass::kHealth ? "AVL 34 \xC2\xA7 / VATEX-EU-132-1B, -1C"
                                    : "AVL 37 \xC2\xA7 / VATEX-EU-132-1G";
  }
  return s;
}

bool InClasses(const std::vector<ServiceClass>& classes, ServiceClass c) {
  return std::find(classes.begin(), classes.end(), c) != classes.end();
}

// A VatExemptionReasonCode of the invoice that fits `classes`.
bool HasFittingReasonCode(const InvoiceFields& f, const std::vector<ServiceClass>& classes) {
  for (const VatSpecification& v : f.vat_specifications) {
    std::optional<ServiceClass> c = ClassOfReasonCode(v.exemption_reason_code.value);
    if (c && InClasses(classes, *c)) return true;
  }
  return false;
}

// Whether a basis text is accepted for `classes` apart from the rulebook's
// wordings (domain.md, item 7): it names the exempting section of one of the
// classes or carries its VATEX code; a text naming no section at all stands
// on the invoice's fitting reason code.
bool FitsBySection(const Field& text, const std::vector<ExemptionCitation>& cited,
                   const std::vector<ServiceClass>& classes, bool fitting_code) {
  for (const ExemptionCitation& c : cited) {
    if (InClasses(classes, c.service_class)) return true;
  }
  return cited.empty() && fitting_code && !CitesSomeSection(text.value);
}

InvoiceError BasisMismatch(const Field& text, const std::vector<ExemptionCitation>& cited,
                           const std::vector<ServiceClass>& classes, const std::string& example) {
  std::string found;  // "34 § (health)": the same in both languages
  for (const ExemptionCitation& c : cited) {
    found += (found.empty() ? "" : ", ") + c.cited + " (" + ServiceClassName(c.service_class) + ")";
  }
  std::string found_fi =
      found.empty() ? "ei arvonlisäverolain 34 \xC2\xA7:ää tai 37 \xC2\xA7:ää eikä VATEX-koodia"
                    : "löytyi " + found;
  std::string found_en = found.empty() ? "neither section 34 nor 37 of the VAT Act nor a VATEX code"
                                       : "found " + found;
  std::string accepted = AcceptedSections(classes);
  return Finding("exemption_basis_mismatch", text,
                 "Verottomuuden peruste '" + text.value + "': " + found_fi +
                     "; laskutetuille palveluille (" + ClassList(classes) + ") käy " + accepted +
                     " tai järjestäjän sanamuoto, esim. '" + example + "'.",
                 "The exemption basis '" + text.value + "': " + found_en +
                     "; the services invoiced (" + ClassList(classes) + ") accept " + accepted +
                     " or the organizer's wording, e.g. '" + example + "'.");
}

void CheckExemptionWording(const InvoiceFields& f, const Rulebook& rb,
                           const std::vector<ServiceClass>& classes, OrganizerFindings& out) {
  std::vector<std::string> accepted = AcceptedWordings(rb, classes);
  if (!accepted.empty()) {
    bool fitting_code = HasFittingReasonCode(f, classes);
    // Folded once, not once per text: there is a text on every row.
    std::vector<std::string> folded_accepted;
    for (const std::string& w : accepted) folded_accepted.push_back(FoldForCompare(w));
    for (const Field* basis : ExemptionBasisTexts(f)) {
      const Field& text = *basis;
      std::string_view folded = FoldedText(text.value);
      bool ok =
          std::any_of(folded_accepted.begin(), folded_accepted.end(), [&](const std::string& w) {
            return !w.empty() && folded.find(w) != std::string_view::npos;
          });
      if (ok) continue;
      std::vector<ExemptionCitation> cited = CitedExemptions(text.value);
      if (FitsBySection(text, cited, classes, fitting_code)) continue;
      out.errors.push_back(BasisMismatch(text, cited, classes, accepted.front()));
    }
  }
  for (const VatSpecification& v : f.vat_specifications) {
    std::optional<ServiceClass> c = ClassOfReasonCode(v.exemption_reason_code.value);
    if (!c || InClasses(classes, *c)) continue;
    out.errors.push_back(Finding(
        "exemption_basis_mismatch", v.exemption_reason_code,
        "Verottomuuden perusteen koodi " + v.exemption_reason_code.value + " (" + ServiceClassName(*c) +
            ") ei sovi laskutettuihin palveluihin (" + ClassList(classes) + ").",
        "The exemption reason code " + v.exemption_reason_code.value + " (" + ServiceClassName(*c) +
            ") does not fit the services invoiced (" + ClassList(classes) + ")."));
  }
}

void CheckNonPayable(const InvoiceFields& f, const Rulebook& rb, OrganizerFindings& out) {
  std::vector<std::string> words;
  for (const std::string& w : rb.non_payable_rows) words.push_back(FoldForCompare(w));
  std::string folded;
  std::vector<const Field*> texts;
  for (const InvoiceRowFields& row : f.rows) {
    texts.assign({&row.article_name, &row.article_identifier});
    for (const Field& t : row.free_texts) texts.push_back(&t);
    bool reported = false;
    for (const Field* t : texts) {
      if (reported) break;  // one finding a row
      FoldForCompareInto(t->value, folded);
      for (size_t k = 0; k < words.size(); ++k) {
        const std::string& word = rb.non_payable_rows[k];
        if (reported || words[k].empty() || folded.find(words[k]) == std::string::npos) continue;
        out.errors.push_back(Finding(
            "non_payable_row", *t,
            "Rivi " + std::to_string(row.index) + " ('" + t->value + "') on lisä, jota järjestäjä ei maksa (" +
                word + ").",
            "Row " + std::to_string(row.index) + " ('" + t->value +
                "') is a surcharge the organizer does not pay (" + word + ")."));
        reported = true;
      }
    }
  }
}

// The invoice's amount as people know it: "maksettava summa", not
// "EpiInstructedAmount".
const char* AmountName(const Field& amount, bool finnish) {
  const std::string name = amount.name ? amount.name : "";
  if (name.find("InstructedAmount") != std::string::npos) {
    return finnish ? "maksettava summa" : "amount to pay";
  }
  if (name.find("VatExcludedAmount") != std::string::npos) {
    return finnish ? "summa ilman arvonlisäveroa" : "total excluding VAT";
  }
  return finnish ? "loppusumma" : "total";
}

// "40065.53" with the decimal comma a Finnish reader expects: "40065,53".
std::string DecimalComma(std::string amount) {
  std::replace(amount.begin(), amount.end(), '.', ',');
  return amount;
}

// `credit`: the amount is a credit note's, which counts as a credit however
// it is signed.
void CheckTotal(const Field& amount, const SettlementSummary& s, bool credit,
                OrganizerFindings& out) {
  if (!amount.present()) return;
  Result<Money> m = ParseFinvoiceAmount(amount.value);
  if (m.ok() && credit && !m.value().negative()) m = -m.value();
  if (m.ok() && m.value() == s.voucher_total) return;
  std::string got = m.ok() ? m.value().ToString() : "'" + amount.value + "'";
  out.errors.push_back(Finding(
      "total_mismatch", amount,
      "Laskun " + std::string(AmountName(amount, true)) + " " + DecimalComma(got) +
          " euroa ei vastaa tilityksen " + s.reference + " setelin osuutta " +
          DecimalComma(s.voucher_total.ToString()) +
          " euroa. Lähetä uusi lasku, jonka summa on setelin osuus.",
      "The invoice's " + std::string(AmountName(amount, false)) + " " + got +
          " euros does not equal the voucher total " + s.voucher_total.ToString() +
          " euros of settlement " + s.reference + ". Send a new invoice for the voucher total."));
}

// The element the seller is named by: the party identifier, else the tax code.
const Field& SellerField(const InvoiceFields& f) {
  return f.seller_party_identifier.present() ? f.seller_party_identifier : f.seller_tax_code;
}

}  // namespace

bool InvoiceNumberRegister::SeenBefore(const std::string& seller, const std::string& number) {
  return !seen_.emplace(seller, number).second;
}

OrganizerFindings CheckOrganizerUnordered(const InvoiceFields& f, const OrganizerContext& ctx) {
  OrganizerFindings out;
  if (!ctx.rulebook || !ctx.providers) return out;
  const Rulebook& rb = *ctx.rulebook;

  CheckBuyer(f, rb.organizer, out);

  std::optional<BusinessId> seller = SellerBusinessId(f);
  const Field& seller_field = SellerField(f);
  if (!seller) {
    out.errors.push_back(Finding("unknown_seller", seller_field,
                                 "Myyjää ei tunnisteta: kelvollinen Y-tunnus puuttuu (" + Shown(seller_field) + ").",
                                 "The seller is not known: no valid business ID (" + Shown(seller_field) + ")."));
  } else if (const Provider* provider = FindProvider(*ctx.providers, *seller); !provider) {
    out.errors.push_back(Finding("unknown_seller", seller_field,
                                 "Myyjä " + seller->str() + " ei ole hyväksytty palveluntuottaja.",
                                 "The seller " + seller->str() + " is not an approved provider."));
  } else if (auto account = CheckPayeeAccount(f, *provider)) {
    out.errors.push_back(std::move(*account));
  }

  const SettlementSummary* settlement = nullptr;
  if (!f.remittance_info.present()) {
    out.errors.push_back(Finding("missing_reference", f.remittance_info,
                                 "Laskulta puuttuu tilityksen laskuviite.",
                                 "The invoice has no settlement reference (laskuviite)."));
  } else if (ctx.settlements) {
    settlement = ctx.settlements->FindByReference(f.remittance_info.value);
    if (!settlement) {
      out.errors.push_back(Finding(
          "unknown_reference", f.remittance_info,
          "Laskuviitettä " + f.remittance_info.value + " ei ole kauden tilityksissä.",
          "The reference " + f.remittance_info.value + " is not the reference of any settlement of the month."));
    } else if (seller && ReadBusinessId(settlement->provider) != seller) {
      out.errors.push_back(Finding(
          "unknown_reference", f.remittance_info,
          "Laskuviite " + f.remittance_info.value + " kuuluu toisen palveluntuottajan (" + settlement->provider +
              ") tilitykseen.",
          "The reference " + f.remittance_info.value + " belongs to the settlement of another provider (" +
              settlement->provider + ")."));
      settlement = nullptr;
    }
  }
  // An invoice settles its month; a credit note quoting a month of credits
  // (voucher total below zero) settles that month the same way. Any other
  // credit note corrects an invoice and is not compared.
  const bool credit = IsCreditNote(f);
  if (settlement && (!credit || settlement->voucher_total.negative())) {
    CheckTotal(f.instructed_amount, *settlement, credit, out);
    CheckTotal(f.total_vat_included, *settlement, credit, out);
  }

  CheckExemptionWording(f, rb, ClassesOf(rb, settlement), out);
  CheckNonPayable(f, rb, out);
  return out;
}

std::optional<NumberClaim> ClaimOfNumber(const InvoiceFields& f) {
  if (!f.invoice_number.present()) return std::nullopt;
  std::optional<BusinessId> seller = SellerBusinessId(f);
  NumberClaim c;
  c.seller = seller ? seller->str() : SellerField(f).value;
  c.number = f.invoice_number.value;
  c.path = f.invoice_number.path();
  c.line = f.invoice_number.line;
  return c;
}

std::optional<InvoiceError> CheckDuplicateNumber(const NumberClaim& c, InvoiceNumberRegister& numbers) {
  if (!numbers.SeenBefore(c.seller, c.number)) return std::nullopt;
  return MakeError(
      Layer::kOrganizer, "duplicate_invoice_number", c.path, c.line,
      "Myyjä " + c.seller + " on jo lähettänyt laskun numerolla " + c.number + ".",
      "The seller " + c.seller + " has already sent an invoice numbered " + c.number + ".");
}

OrganizerFindings CheckOrganizer(const InvoiceFields& f, const OrganizerContext& ctx,
                                 InvoiceNumberRegister& numbers) {
  OrganizerFindings out = CheckOrganizerUnordered(f, ctx);
  if (!ctx.rulebook || !ctx.providers) return out;
  if (auto claim = ClaimOfNumber(f)) {
    if (auto e = CheckDuplicateNumber(*claim, numbers)) out.errors.push_back(std::move(*e));
  }
  return out;
}

}  // namespace seteli::finvoice
