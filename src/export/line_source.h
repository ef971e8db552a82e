// Where the checks of reconcile.h read the settlements' lines from when a
// month's lines are not all in memory: the store's books (src/books) read
// them a settlement at a time, in chunks, so that the books check of a month
// of a million events holds one chunk of lines, not the month.
//
//   class StoredLines : public LineSource { ... };
//   StoredLines lines(store, heads);                 // heads: no lines
//   Result<std::vector<Failure>> f = Reconcile(heads, lines);
#ifndef SETELI_EXPORT_LINE_SOURCE_H_
#define SETELI_EXPORT_LINE_SOURCE_H_

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

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

  // The event IDs that have lines in more than one settlement: the only
  // ones CheckEventsSettledOnce has to follow. A superset does no harm.
  virtual Result<std::vector<std::string>> SharedEvents() = 0;
};

}  // namespace seteli::exports

#endif  // SETELI_EXPORT_LINE_SOURCE_H_
