// The parts of a Finvoice message (1.3, 2.0, 2.01 or 3.0) that the VAT and
// organizer checks look at, read out of the parsed tree into plain strings.
// Every field remembers the path and file line of the element it came from,
// so a finding can name it. Nothing here judges the values.
//
//   InvoiceFields f = ExtractInvoiceFields(root, part.first_line);
//   if (!f.invoice_number.present()) ...;   // f.invoice_number.path() names it
//
// Element names follow Finance Finland's data list (Finvoice_def_3_0):
// SellerPartyDetails/SellerPartyIdentifier, InvoiceDetails/InvoiceNumber,
// EpiDetails/EpiPaymentInstructionDetails/EpiRemittanceInfoIdentifier, ...
#ifndef SETELI_FINVOICE_INVOICE_FIELDS_H_
#define SETELI_FINVOICE_INVOICE_FIELDS_H_

#include <libxml/tree.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "seteli/money.h"
#include "seteli/status.h"

namespace seteli::finvoice {

// One element's text, trimmed, and where it is. The path is put together
// only when asked for (`path()`), as only a finding needs it; it is given
// even when the element is missing: then it is where the element should
// have been.
struct Field {
  std::string value;
  int line = 0;
  bool exists = false;  // the element is there (possibly empty)
  // Where: the parent's path, the element's name and, among several of the
  // same name, its 1-based position.
  std::shared_ptr<const std::string> parent_path;
  const char* name = nullptr;
  int position = 0;

  bool present() const { return !value.empty(); }
  // "/Finvoice/InvoiceRow[2]/RowFreeText[1]"; "" for a field not read.
  std::string path() const;
  // The last step of path(): "RowFreeText[1]".
  std::string element() const;
};

struct VatSpecification {  // InvoiceDetails/VatSpecificationDetails
  std::string path;
  Field rate_percent;           // VatRatePercent
  Field code;                   // VatCode (untdid 5305: S, E, Z, AE, ...)
  Field rate_amount;            // VatRateAmount
  Field exemption_reason_code;  // VatExemptionReasonCode (3.0)
  std::vector<Field> free_texts;  // VatFreeText
};

struct InvoiceRowFields {  // Finvoice/InvoiceRow (SubInvoiceRows are not read)
  int index = 0;  // 1-based
  std::string path;  // "/Finvoice/InvoiceRow[2]"
  int line = 0;
  Field article_identifier;
  Field article_name;
  std::vector<Field> free_texts;  // RowFreeText
  Field vat_rate_percent;         // RowVatRatePercent
  Field vat_code;                 // RowVatCode
  Field vat_amount;               // RowVatAmount
  Field amount;                   // RowAmount
  bool references_original = false;  // RowOriginalInvoiceIdentifier, ...
};

struct InvoiceFields {
  std::string version;  // Finvoice/@Version
  int line = 0;         // of the Finvoice element

  Field seller_party_identifier;  // SellerPartyDetails/SellerPartyIdentifier
  Field seller_tax_code;          // SellerPartyDetails/SellerOrganisationTaxCode
  Field seller_name;              // SellerPartyDetails/SellerOrganisationName
  Field seller_street;            // .../SellerPostalAddressDetails/SellerStreetName
  Field seller_town;
  Field seller_postcode;
  Field seller_po_box;

  Field buyer_party_identifier;
  Field buyer_tax_code;
  Field buyer_name;
  Field buyer_street;
  Field buyer_town;
  Field buyer_postcode;
  Field buyer_po_box;

  Field type_code;     // InvoiceDetails/InvoiceTypeCode (INV01, INV02, ...)
  Field type_code_un;  // InvoiceDetails/InvoiceTypeCodeUN (380, 381, ...)
  Field invoice_number;
  Field invoice_date;
  Field total_vat_included;  // InvoiceTotalVatIncludedAmount
  Field total_vat_amount;    // InvoiceTotalVatAmount
  Field original_invoice;    // the first earlier-invoice reference found
  Field invoice_vat_free_text;  // InvoiceDetails/InvoiceVatFreeText (1.x/2.x)
  std::vector<Field> invoice_free_texts;  // InvoiceDetails/InvoiceFreeText
  std::vector<VatSpecification> vat_specifications;
  std::vector<InvoiceRowFields> rows;

  Field remittance_info;          // EpiRemittanceInfoIdentifier
  std::string remittance_scheme;  // its IdentificationSchemeName (SPY, ISO)
  Field instructed_amount;        // EpiInstructedAmount
  Field payment_date;             // EpiDateOptionDate: the due date (eräpäivä)

  // Where the money goes: EpiDetails/EpiPartyDetails/
  // EpiBeneficiaryPartyDetails/EpiAccountID, and every
  // SellerInformationDetails/SellerAccountDetails/SellerAccountID.
  Field payee_account;
  std::vector<Field> seller_accounts;
};

// Reads a Finvoice root element. Missing elements give empty fields.
InvoiceFields ExtractInvoiceFields(const xmlNode* finvoice_root, int first_line);

// Reads one Finvoice/InvoiceRow element, the `index`th (1-based), as
// ExtractInvoiceFields does for each; for a row read while streaming.
InvoiceRowFields ExtractInvoiceRow(const xmlNode* row, int index, int first_line);

// A Finvoice amount ("1088,36", "-56,75", "12.50") in exact cents; code
// "invalid_amount" when it is not one.
Result<Money> ParseFinvoiceAmount(const std::string& text);

// True when a percentage or amount text ("24", "13,5", "0,00") is non-zero.
// Text that is not a number counts as non-zero.
bool IsNonZeroNumber(const std::string& text);

}  // namespace seteli::finvoice

#endif  // SETELI_FINVOICE_INVOICE_FIELDS_H_
