// The self-billing invoice (itselaskutus): a Finvoice 3.0 invoice that the
// organizer draws up in a provider's name for the voucher part of the
// provider's month, for providers that chose self-billing.
//
//   SelfBillingOptions o;
//   o.invoice_number = "IL-2024-000017";     // the provider's gap-free series
//   o.issue_date = Date::FromYmd(2024, 6, 3);
//   o.provider_account = {"FI4950009420028730", "OKOYFIHH"};
//   o.message_id = "seteli-IL-2024-000017";
//   o.timestamp = "2024-06-03T10:00:00+03:00";
//   Result<std::string> xml = BuildSelfBillingInvoice(settlement, provider, rulebook, o);
//
// Seller = the provider, buyer = the organizer. One row per service and unit
// price (corrections of earlier months on rows of their own); each row's
// amount is the voucher part of its lines, so the rows add up exactly to the
// settlement's voucher_total, which is the invoice total: the organizer pays
// the voucher, never the client's co-payment. Every row is VAT exempt
// (RowVatCode E, 0 %) with the rulebook's exemption wording for the
// service's class. Pure; the caller keeps the invoice number series and the
// message ids. Every document it returns validates against the Finvoice 3.0
// schema (tests/outbound).
#ifndef SETELI_OUTBOUND_SELF_BILLING_INVOICE_H_
#define SETELI_OUTBOUND_SELF_BILLING_INVOICE_H_

#include <string>
#include <vector>

#include "outbound/self_billing_rows.h"
#include "outbound/transmission_frame.h"
#include "outbound/xml_writer.h"
#include "seteli/date.h"
#include "seteli/provider.h"
#include "seteli/rulebook.h"
#include "seteli/settlement.h"
#include "seteli/status.h"

namespace seteli::outbound {

// The account the organizer pays into (EpiDetails is mandatory in Finvoice
// and the provider registry holds no bank account, so the caller gives it).
struct BankAccount {
  std::string iban;  // "FI4950009420028730"
  std::string bic;   // "OKOYFIHH"
};

// An earlier self-billing invoice that a credit note corrects: its number
// and the month it invoiced.
struct OriginalInvoice {
  std::string number;  // "IL-000017"
  YearMonth month;
};

// Which InvoiceTypeCode marks the invoice. Finvoice lists INV07
// "SELFBILLING" (guideline 10.5); INV01 is there for receivers whose
// systems take only ordinary invoices. Both carry InvoiceTypeCodeUN 389
// (self-billed invoice, EN 16931) and the text "Itselaskutus".
enum class SelfBillingTypeCode { kInv07, kInv01 };

struct SelfBillingOptions {
  std::string invoice_number;  // 1 to 20 characters
  Date issue_date;
  int payment_days = 14;       // due date = issue date + payment_days
  BankAccount provider_account;
  Encoding encoding = Encoding::kIso8859_15;
  SelfBillingTypeCode type_code = SelfBillingTypeCode::kInv07;
  // VATEX code for health-class rows: AVL 34 § covers both art. 132(1)(b)
  // (hospital and medical care) and (c) (medical care by the professions);
  // the home and outpatient services of a voucher are (c).
  std::string health_vatex = "VATEX-EU-132-1C";
  // The invoices of the months a credit note corrects, oldest first: the
  // first is its OriginalInvoiceNumber, the others OriginalInvoiceReference.
  // Needed when the voucher total is negative, unused otherwise.
  std::vector<OriginalInvoice> original_invoices;
  // MessageTransmissionDetails, the same values as the SOAP frame.
  Routing routing;
  std::string message_id;
  std::string timestamp;
};

// The routing of a self-billed invoice: in the provider's name from the
// provider's e-invoice address, to the organizer's.
Routing SelfBillingRouting(const Provider& provider, const Rulebook& rulebook);

// "IL-000017": the provider's series number `n` as the invoice number its
// self-billing invoice carries (and the provider's pages show).
std::string SelfBillingInvoiceNumber(int64_t n);

// The VATEX code for a class: social -> VATEX-EU-132-1G, health ->
// `health_vatex`.
std::string VatexCode(ServiceClass c, const SelfBillingOptions& options);

// A settlement whose voucher total is negative (a month of prior-period
// credits, typically) gives a self-billed credit note instead: InvoiceTypeCode
// INV02, InvoiceTypeCodeUN 261 (self-billed credit note), InvoiceTypeText
// HYVITYSLASKU, OriginalInvoiceNumber from `original_invoices`, every
// amount negative, still marked "Itselaskutus".
//
// Errors (code, then what): "invalid_invoice_input" (wrong provider, empty
// or too long invoice number, invalid business ID or reference, no bank
// account, no rulebook wording for a class, no lines); "settlement_inconsistent"
// (lines do not add up to voucher_total); "no_original_invoice" (a credit
// note without the invoice it corrects); "xml_write_failed".
Result<std::string> BuildSelfBillingInvoice(const Settlement& settlement, const Provider& provider,
                                            const Rulebook& rulebook, const SelfBillingOptions& options);
// The same from the settlement's reference and totals and its lines
// grouped into rows (internal::InvoiceRowGrouper); `settlement.lines` are
// not read. The monthly run draws its invoices up so, without a month's
// lines in memory.
Result<std::string> BuildSelfBillingInvoice(const Settlement& settlement,
                                            const std::vector<internal::InvoiceRowGroup>& rows,
                                            const Provider& provider, const Rulebook& rulebook,
                                            const SelfBillingOptions& options);

}  // namespace seteli::outbound

#endif  // SETELI_OUTBOUND_SELF_BILLING_INVOICE_H_
