// The month's voucher costs as the account x service-class table that
// wellbeing areas report to the State Treasury (Valtiokonttori), in the
// Treasury's codes (config cost_coding.treasury). docs/finance.md.
//
//   TreasuryTable t = BuildTreasuryTable(books);
//   std::vector<Failure> f = CheckTreasuryTable(t, BuildJournal(books));
//   CsvSummary s = WriteTreasuryCosts(t, out, Dialect::kFinnish);
//
// Every line of every settlement counts, prior-period corrections included
// (under their own class), whether or not its invoice has come: these are
// the month's costs, as the journal books them. The table is written long,
// one row a cell, which both a spreadsheet's pivot and an import read.
#ifndef SETELI_EXPORT_TREASURY_COSTS_H_
#define SETELI_EXPORT_TREASURY_COSTS_H_

#include <ostream>
#include <string>
#include <vector>

#include "export/csv_writer.h"
#include "export/journal_export.h"
#include "export/line_source.h"
#include "export/month_books.h"
#include "export/reconcile.h"

namespace seteli::exports {

struct TreasuryCell {
  std::string account;        // the Treasury's account code
  std::string service_class;  // the Treasury's service class code
  Money amount;
  int64_t line_count = 0;
};

struct TreasuryTable {
  YearMonth month;
  std::vector<TreasuryCell> cells;  // by account, then class; none nets zero
  Money Total() const;
};

TreasuryTable BuildTreasuryTable(const MonthBooks& books);
// The same with the lines read from `lines`. Errors: those of `lines`.
Result<TreasuryTable> BuildTreasuryTable(const MonthBooks& books, LineSource& lines);

// Every cell has both codes, and the table's total equals the month's cost
// in the journal (its expense and prior-period postings, net).
// Codes: treasury_code_missing, treasury_total_mismatch.
std::vector<Failure> CheckTreasuryTable(const TreasuryTable& table, const Journal& journal);

// Columns: kTreasuryCostsColumns (export_columns.h).
CsvSummary WriteTreasuryCosts(const TreasuryTable& table, std::ostream& out, Dialect dialect);

}  // namespace seteli::exports

#endif  // SETELI_EXPORT_TREASURY_COSTS_H_
