// The VAT exemption basis of a voucher invoice (domain.md, "Provider
// invoices", item 7): where an invoice states it and how its wording is
// compared.
//
// Voucher services are exempt from VAT: health care under AVL 34 §
// (VATEX-EU-132-1B / -1C) and social welfare under AVL 37 § (VATEX-EU-132-1G).
// Finvoice 3.0 states the basis in VatFreeText (invoice level) or RowFreeText
// (row), older versions in InvoiceVatFreeText or InvoiceFreeText.
//
//   LooksLikeExemptionBasis("veroton AVL 37 §:n sosiaalipalvelun myynti")  // true
//   MentionsRefundSection("AVL 130 a §")                                  // true
//   FoldForCompare(" Veroton  AVL 34 § ") == "veroton avl 34 §"
//   CitedExemptions("Arvonlisäverolain 37 §:n mukainen")  // {{kSocial, "37 §"}}
#ifndef SETELI_FINVOICE_EXEMPTION_BASIS_H_
#define SETELI_FINVOICE_EXEMPTION_BASIS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "seteli/rulebook.h"

namespace seteli::finvoice {

// Lower-cased (ASCII and Finnish/Swedish letters Ä Ö Å), white space runs
// collapsed to one space and trimmed: the form wordings are compared in.
std::string FoldForCompare(std::string_view text);
// The same into `out`, reusing its buffer (for the per-row loops).
void FoldForCompareInto(std::string_view text, std::string& out);
// The fold of `text`, kept from the last call on this thread when it was
// for the same text: an invoice states the same basis on every row, and
// several checks ask about each row's texts. Valid until the next call on
// this thread.
std::string_view FoldedText(std::string_view text);

// True when `text` reads as a statement of an exemption ground: it cites
// the VAT Act (AVL/ALV/arvonlisäverolaki, §), says tax-free (veroton,
// verovapaa, momsfri) or "exempt", or cites Directive article 132.
bool LooksLikeExemptionBasis(std::string_view text);

// True when `text` cites AVL § 130 / 130 a (the municipalities' VAT refund,
// not an exemption ground): worth a warning.
bool MentionsRefundSection(std::string_view text);

// The class a VatExemptionReasonCode stands for: VATEX-EU-132-1B and -1C
// health, VATEX-EU-132-1G social; nullopt for any other code.
std::optional<ServiceClass> ClassOfReasonCode(std::string_view code);

// An exemption ground a basis text cites: the class and what was written
// for it ("34 §", "VATEX-EU-132-1G"), to name in messages.
struct ExemptionCitation {
  ServiceClass service_class;
  std::string cited;
};

// The exempting provisions `text` names: section 34 (health) or 37 (social)
// of the VAT Act in the usual spellings ("AVL 34 §", "ALV 37§",
// "arvonlisäverolain 34 §:n", "AVL § 37"), the text also naming the Act
// (AVL, ALV, arvonlisäverolaki, mervärdesskattelagen), and the VATEX codes
// 132-1B/-1C (health) and 132-1G (social). "134 §", "34 a §" and
// "130 a §" are not 34 §.
std::vector<ExemptionCitation> CitedExemptions(std::string_view text);

// True when `text` has a section sign: it cites some section, right or wrong.
bool CitesSomeSection(std::string_view text);

// `text` contains `wording` once both are folded.
bool ContainsWording(std::string_view text, std::string_view wording);

}  // namespace seteli::finvoice

#endif  // SETELI_FINVOICE_EXEMPTION_BASIS_H_
