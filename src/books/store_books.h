// The month's books as the store holds them: what `seteli export`,
// `seteli reconcile`, the monthly run and the finance routes hand to the
// pure exports and checks of src/export, with the lines left in the store
// and read a chunk at a time.
//
//   auto month = LoadMonthHeads(*store, YearMonth(2024, 5), config.accounts);
//   if (!month.ok()) return month.error();              // store_unavailable, store_corrupt
//   auto f = exports::Reconcile(month.value().heads, *month.value().lines);
//
//   // The whole month in memory, lines and all (what the tests compare
//   // the chunked reading with):
//   auto books = LoadMonthBooks(*store, YearMonth(2024, 5), config.accounts);
//
// Settlements come with all their lines (prior-period lines included, each
// keeping its original month), read by line number from settlement_lines
// (or from the body of a settlement written with its lines inside); the
// totals are the stored columns, so lines and totals that disagree show up
// in `Reconcile`. Statuses come from the settlement states, balances from
// the stored statements, names from the stored providers, invoices from the
// provider invoices received for the month (docs/exports.md, "From the
// store").
#ifndef SETELI_BOOKS_STORE_BOOKS_H_
#define SETELI_BOOKS_STORE_BOOKS_H_

#include <memory>
#include <string>
#include <vector>

#include "export/line_source.h"
#include "export/month_books.h"
#include "export/reconcile.h"
#include "seteli/date.h"
#include "seteli/status.h"
#include "store/store.h"

namespace seteli::books {

// Errors: the store's, or store_corrupt when a stored settlement no longer
// parses (its provider and month named).
Result<exports::MonthBooks> LoadMonthBooks(store::Store& store, YearMonth month,
                                           const exports::ChartOfAccounts& accounts);

// The lines of the month's settlements as the store keeps them, read a
// settlement at a time in chunks of kLinesPerRead (settlement_lines, by
// line number). Lines found in a settlement's own body (written before
// lines were kept apart) are held here instead.
class StoredLines : public exports::LineSource {
 public:
  static constexpr int kLinesPerRead = 2000;

  StoredLines(store::SettlementStore& store, std::string month);
  ~StoredLines() override;

  // The next settlement of the books, in order.
  void AddSettlement(std::string provider, bool kept_apart, std::vector<SettlementLine> body_lines);

  Result<bool> ReadLines(size_t i, const ChunkFn& chunk) override;

 private:
  struct Entry {
    std::string provider;
    bool kept_apart = false;
    std::vector<SettlementLine> body_lines;
  };
  store::SettlementStore& store_;
  std::string month_;
  std::vector<Entry> settlements_;
};

// The month's books as LoadMonthBooks gives them, but with every
// settlement's `lines` left empty: `lines` reads them.
struct StoredMonth {
  exports::MonthBooks heads;
  std::unique_ptr<StoredLines> lines;
};
Result<StoredMonth> LoadMonthHeads(store::Store& store, YearMonth month,
                                   const exports::ChartOfAccounts& accounts);

// exports::Reconcile on the month's books in the store, a chunk of lines at
// a time, so that its memory does not grow with the month's lines (what
// `seteli reconcile` and `seteli run` check). `settlements`, when given, is
// set to the number of settlements checked. Errors: as LoadMonthBooks.
Result<std::vector<exports::Failure>> ReconcileStored(store::Store& store, YearMonth month,
                                                      const exports::ChartOfAccounts& accounts,
                                                      size_t* settlements = nullptr);

// The settlement state as the exports name it ("held" -> kHeld, ...); an
// unknown state is kOpen.
exports::SettlementState StateOf(const std::string& stored_state);

// The month's balance statements (saldotiliote) as the run stored them.
Result<std::vector<BalanceStatement>> LoadBalanceStatements(store::RunStore& store,
                                                            YearMonth month);

}  // namespace seteli::books

#endif  // SETELI_BOOKS_STORE_BOOKS_H_
