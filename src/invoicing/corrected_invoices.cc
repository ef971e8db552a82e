#include "invoicing/corrected_invoices.h"

#include <set>

namespace seteli::invoicing {

Result<std::vector<CorrectedInvoice>> CorrectedInvoices(
    store::SettlementStore& store, const std::string& provider,
    const std::vector<outbound::internal::InvoiceRowGroup>& rows) {
  std::set<YearMonth> months;
  for (const outbound::internal::InvoiceRowGroup& r : rows) {
    if (r.corrects) months.insert(*r.corrects);
  }
  std::vector<CorrectedInvoice> out;
  for (YearMonth m : months) {
    auto settled = store.ListSettlements(m.ToString(), provider);
    if (!settled.ok()) return settled.error();
    for (const store::SettlementRecord& s : settled.value()) {
      if (s.invoice_number) out.push_back({m, *s.invoice_number});
    }
  }
  return out;
}

}  // namespace seteli::invoicing
