// The reconciliation export: one row per provider and month that ties the
// settled voucher total to the invoices received for it.
//
//   std::vector<ReconciliationRow> rows = ReconciliationRows(books);
//   CsvSummary s = WriteReconciliation(books, out, Dialect::kFinnish);
//
// Columns: kReconciliationColumns (export_columns.h).
#ifndef SETELI_EXPORT_RECONCILIATION_EXPORT_H_
#define SETELI_EXPORT_RECONCILIATION_EXPORT_H_

#include <ostream>
#include <string>
#include <vector>

#include "export/csv_writer.h"
#include "export/line_source.h"
#include "export/month_books.h"

namespace seteli::exports {

// accepted: an accepted invoice was received; rejected: invoices came but all
// were rejected; missing: none came; held: finance holds the settlement
// (whatever the invoices); self_billed: the engine drew up the provider's
// invoice itself (itselaskutus), so none is to come.
enum class ReconciliationStatus { kAccepted, kRejected, kMissing, kHeld, kSelfBilled };
const char* ReconciliationStatusName(ReconciliationStatus s);

struct ReconciliationRow {
  std::string provider;
  std::string provider_name;
  std::string reference;  // the settlement's laskuviite; "" without a settlement
  SettlementState state = SettlementState::kOpen;
  int64_t line_count = 0;
  Money price_total;
  Money voucher_total;
  Money copay_total;
  std::vector<const ReceivedInvoice*> invoices;  // by date, then number
  Money invoiced_total;                          // accepted invoices only
  ReconciliationStatus status = ReconciliationStatus::kMissing;
  Money difference;                              // voucher_total - invoiced_total
  std::vector<std::string> rejection_codes;      // of rejected invoices, sorted, unique
  std::string held_reason;
};

// One row per settlement, plus one per provider that sent invoices for the
// month without having a settlement; ordered by business ID. The rows point
// into `books`, which must outlive them.
std::vector<ReconciliationRow> ReconciliationRows(const MonthBooks& books);
// The same with `line_counts[i]` the number of lines of
// books.settlements[i] (LineCounts, line_source.h).
std::vector<ReconciliationRow> ReconciliationRows(const MonthBooks& books,
                                                  const std::vector<int64_t>& line_counts);

CsvSummary WriteReconciliation(const MonthBooks& books, std::ostream& out, Dialect dialect);
// The same with the lines counted from `lines`. Errors: those of `lines`.
Result<CsvSummary> WriteReconciliation(const MonthBooks& books, LineSource& lines,
                                       std::ostream& out, Dialect dialect);

}  // namespace seteli::exports

#endif  // SETELI_EXPORT_RECONCILIATION_EXPORT_H_
