// The VAT layer: the markings the VAT Act (AVL 209 e §) and the organizer's
// rules require on a provider's voucher invoice (domain.md, "Provider
// invoices"), checked on the fields of one message without any rulebook.
//
// Every invoice `seteli validate` sees is taken to be a voucher invoice, so
// its service rows are VAT exempt: VAT charged anywhere is an error and each
// exempt row needs an exemption basis.
//
//   VatFindings v = CheckVat(fields);
//   for (const InvoiceError& e : v.errors) ...;   // layer "vat"
//
// Codes: missing_invoice_date, missing_invoice_number, missing_seller_id,
// invalid_business_id, missing_seller_name_address,
// missing_buyer_name_address, missing_exemption_basis, vat_on_exempt_service,
// credit_note_without_original, invalid_reference. Warning:
// exemption_basis_refund_section (an "AVL 130 a §" wording).
#ifndef SETELI_FINVOICE_VAT_CHECK_H_
#define SETELI_FINVOICE_VAT_CHECK_H_

#include <optional>
#include <string>
#include <vector>

#include "finvoice/invoice_fields.h"
#include "finvoice/validation_report.h"
#include "seteli/business_id.h"

namespace seteli::finvoice {

struct VatFindings {
  std::vector<InvoiceError> errors;
  std::vector<InvoiceError> warnings;
};

VatFindings CheckVat(const InvoiceFields& fields);

// The seller's Finnish business ID read from SellerPartyIdentifier or else
// SellerOrganisationTaxCode, in any of the forms "1234567-8", "FI12345678",
// "12345678"; nullopt when neither holds a valid one.
std::optional<BusinessId> SellerBusinessId(const InvoiceFields& fields);

// The same reading for any identifier text.
std::optional<BusinessId> ReadBusinessId(const std::string& text);

// True for a credit note: InvoiceTypeCode INV02, InvoiceTypeCodeUN 381, or
// a negative total.
bool IsCreditNote(const InvoiceFields& fields);

// All the exemption-basis texts the invoice states (VatFreeText of exempt
// VAT specifications, InvoiceVatFreeText, InvoiceFreeText and RowFreeText
// that read as a basis), each with its element; pointers into `fields`.
std::vector<const Field*> ExemptionBasisTexts(const InvoiceFields& fields);

}  // namespace seteli::finvoice

#endif  // SETELI_FINVOICE_VAT_CHECK_H_
