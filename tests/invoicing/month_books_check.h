// The month's books as finance gets them, checked the same way by every
// run test: the stored books check, the month's reconciliation, each CSV
// export, and a journal whose debits equal its credits; and what an
// event was paid over all months.
#ifndef SETELI_TESTS_INVOICING_MONTH_BOOKS_CHECK_H_
#define SETELI_TESTS_INVOICING_MONTH_BOOKS_CHECK_H_

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include "books/store_books.h"
#include "export/export_month.h"
#include "export/journal_export.h"
#include "store/store.h"

namespace seteli::testing {

// Adds a failure for each check `month` fails; the books when they load.
inline std::optional<exports::MonthBooks> ExpectMonthReconciles(
    store::Store& store, YearMonth month, const exports::ChartOfAccounts& accounts) {
  SCOPED_TRACE(month.ToString());
  auto stored = books::ReconcileStored(store, month, accounts);
  EXPECT_TRUE(stored.ok()) << ToLine(stored.error());
  if (stored.ok()) {
    EXPECT_TRUE(stored.value().empty()) << exports::ToLine(stored.value()[0]);
  }
  auto books = books::LoadMonthBooks(store, month, accounts);
  EXPECT_TRUE(books.ok()) << ToLine(books.error());
  if (!books.ok()) return std::nullopt;
  const auto failures = exports::Reconcile(books.value());
  EXPECT_TRUE(failures.empty()) << exports::ToLine(failures[0]);
  for (auto kind : {exports::ExportKind::kReconciliation, exports::ExportKind::kJournal,
                    exports::ExportKind::kCopayments, exports::ExportKind::kBalances}) {
    std::ostringstream csv;
    auto r = exports::ExportMonth(kind, books.value(), exports::Dialect::kFinnish, csv);
    EXPECT_TRUE(r.ok()) << exports::ExportKindName(kind) << ": " << ToLine(r.error());
  }
  const exports::Journal journal = exports::BuildJournal(books.value());
  EXPECT_EQ(journal.Debits(), journal.Credits());
  return std::move(books.value());
}

// The voucher parts of every stored line of `event_id` (or a credit's line
// ID), each line once: what the books paid for it over all months
// (LinesForMonth gives a prior_period line with the month it corrects).
inline int64_t VoucherPaid(store::Store& store, const std::string& event_id) {
  int64_t cents = 0;
  std::set<std::tuple<std::string, std::string, int>> seen;
  auto settlements = store.ListSettlements("", "");
  EXPECT_TRUE(settlements.ok());
  if (!settlements.ok()) return cents;
  for (const store::SettlementRecord& s : settlements.value()) {
    auto lines = store.LinesForMonth(s.provider, s.month);
    EXPECT_TRUE(lines.ok());
    if (!lines.ok()) continue;
    for (const store::SettlementLineRow& l : lines.value()) {
      if (l.event_id == event_id && seen.insert({l.provider, l.month, l.line_no}).second) {
        cents += l.voucher;
      }
    }
  }
  return cents;
}

}  // namespace seteli::testing

#endif  // SETELI_TESTS_INVOICING_MONTH_BOOKS_CHECK_H_
