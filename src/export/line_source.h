// Where the checks of reconcile.h read the settlements' lines from when a
// month's lines are not all in memory: the store's books (src/books) read
// them a settlement at a time, in chunks, so that the books check of a month
// of a million events holds one chunk of lines, not the month.
//
//   class StoredLines : public LineSource { ... };
//   StoredLines lines(store, heads);                 // heads: no lines
//   Result<std::vector<Failure>> f = Reconcile(heads, lines);
//
// The exports read their lines the same way (export_month.h), so that an
// export of a million lines holds its sums, not the lines.
#ifndef SETELI_EXPORT_LINE_SOURCE_H_
#define SETELI_EXPORT_LINE_SOURCE_H_

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "export/month_books.h"
#include "seteli/settlement.h"
#include "seteli/status.h"

namespace seteli::exports {

class LineSource {
 public:
  using ChunkFn = std::function<void(std::span<const SettlementLine> lines)>;

  virtual ~LineSource() = default;

  // Calls `chunk` with the lines of the books' settlement number `i`, in
  // their order, over as many calls as the source likes (none when the
  // settlement has no lines). Errors: the source's (store_unavailable,
  // store_corrupt, ...).
  virtual Result<bool> ReadLines(size_t i, const ChunkFn& chunk) = 0;
};

// The books' own lines (books.settlements[i].lines) as a LineSource: one
// chunk a settlement. Reading cannot fail.
class BooksLines : public LineSource {
 public:
  explicit BooksLines(const MonthBooks& books) : books_(books) {}

  Result<bool> ReadLines(size_t i, const ChunkFn& chunk) override;

 private:
  const MonthBooks& books_;
};

// Calls `each` with every settlement of `books` and each of its lines that
// `lines` reads, in order. Errors: those of `lines`.
using LineFn = std::function<void(const Settlement& settlement, const SettlementLine& line)>;
Result<bool> ForEachLine(const MonthBooks& books, LineSource& lines, const LineFn& each);

// The number of lines `lines` reads for each of the books' settlements.
// Errors: those of `lines`.
Result<std::vector<int64_t>> LineCounts(const MonthBooks& books, LineSource& lines);

}  // namespace seteli::exports

#endif  // SETELI_EXPORT_LINE_SOURCE_H_
