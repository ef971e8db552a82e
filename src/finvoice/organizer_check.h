// The organizer layer: does this invoice fit what the organizer settled?
// Runs only when a rulebook and the providers are known (`--rulebook`,
// `--providers`); the reference and total checks also need the month's
// settlements (`--settlements`).
//
//   OrganizerContext ctx{&rulebook, &providers, &settlements};
//   InvoiceNumberRegister seen;            // one per validate call
//   OrganizerFindings o = CheckOrganizer(fields, ctx, seen);
//
// Codes: buyer_mismatch, unknown_seller, account_mismatch (account_check.h),
// missing_reference, unknown_reference, total_mismatch,
// exemption_basis_mismatch, non_payable_row, duplicate_invoice_number.
#ifndef SETELI_FINVOICE_ORGANIZER_CHECK_H_
#define SETELI_FINVOICE_ORGANIZER_CHECK_H_

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "finvoice/invoice_fields.h"
#include "finvoice/settlement_index.h"
#include "finvoice/validation_report.h"
#include "seteli/provider.h"
#include "seteli/rulebook.h"

namespace seteli::finvoice {

struct OrganizerContext {
  const Rulebook* rulebook = nullptr;           // required
  const ProviderRegistry* providers = nullptr;  // required
  const SettlementLookup* settlements = nullptr;  // optional
};

// Invoice numbers already seen per seller, within one validate call. The
// daemon's receiver derives from it to also ask the store. Not thread-safe.
class InvoiceNumberRegister {
 public:
  virtual ~InvoiceNumberRegister() = default;
  // Records (seller, number); true when it was recorded before.
  virtual bool SeenBefore(const std::string& seller, const std::string& number);

 private:
  std::set<std::pair<std::string, std::string>> seen_;
};

struct OrganizerFindings {
  std::vector<InvoiceError> errors;
  std::vector<InvoiceError> warnings;
};

// All of the layer: CheckOrganizerUnordered, then CheckDuplicateNumber.
OrganizerFindings CheckOrganizer(const InvoiceFields& fields, const OrganizerContext& ctx,
                                 InvoiceNumberRegister& numbers);

// Every check but the duplicate invoice number, which depends on the
// invoices seen before: these may run for several invoices at once.
OrganizerFindings CheckOrganizerUnordered(const InvoiceFields& fields, const OrganizerContext& ctx);

// The (seller, number) an invoice claims; nothing without a number.
std::optional<NumberClaim> ClaimOfNumber(const InvoiceFields& fields);

// "duplicate_invoice_number" when `numbers` has seen the claim before;
// records it. Run in the order the invoices arrived.
std::optional<InvoiceError> CheckDuplicateNumber(const NumberClaim& claim, InvoiceNumberRegister& numbers);

}  // namespace seteli::finvoice

#endif  // SETELI_FINVOICE_ORGANIZER_CHECK_H_
