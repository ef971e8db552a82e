// The co-payments export: what clients pay providers themselves
// (omavastuu), per client, provider and service, for the providers' client
// billing and for statistics. Clients appear only as pseudonymous IDs.
//
//   CsvSummary s = WriteCopayments(books, out, Dialect::kRfc4180);
//
// Columns: kCopaymentsColumns (export_columns.h). Rows are ordered by client, business ID,
// service and original month (the month's own lines first); a prior-period
// line is grouped apart, under the month it corrects. Groups whose co-payment
// is zero are listed too. For hourly services the quantity is the group's
// minutes / 60 to three decimals, rounded half up once.
#ifndef SETELI_EXPORT_COPAYMENTS_EXPORT_H_
#define SETELI_EXPORT_COPAYMENTS_EXPORT_H_

#include <ostream>

#include "export/csv_writer.h"
#include "export/line_source.h"
#include "export/month_books.h"

namespace seteli::exports {

CsvSummary WriteCopayments(const MonthBooks& books, std::ostream& out, Dialect dialect);
// The same with the lines read from `lines`; only the groups' sums are
// held. Errors: those of `lines`.
Result<CsvSummary> WriteCopayments(const MonthBooks& books, LineSource& lines, std::ostream& out,
                                   Dialect dialect);

}  // namespace seteli::exports

#endif  // SETELI_EXPORT_COPAYMENTS_EXPORT_H_
