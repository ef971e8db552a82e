// Reads the monthly run's batches of stored events (event_groups.h),
// parsed and sorted to their groups, with the stored lines to compare them
// with. The groups that start from carried balances read only their events
// that reach the run's month; the others read their whole history. Events
// are read for a window of batches at a time, in table order, into a file
// per batch (batch_files.h).
//
// Read(b) may run on a thread of its own for the next batch while the run
// settles this one (the store's sessions are pooled; SQLite's WAL lets a
// reader run beside the writer): it reads only the plan's carries of
// batches not read yet, and returns the carried groups it moves to their
// history instead of changing the plan. One Read at a time.
//
//   BatchReader reader(store, plan, options.window_batches);
//   auto read = reader.Read(0);
//   for (size_t gi : read.value().to_history) plan.carries.after[gi] = std::nullopt;
#ifndef SETELI_INVOICING_BATCH_READER_H_
#define SETELI_INVOICING_BATCH_READER_H_

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "invoicing/batch_files.h"
#include "invoicing/run_plan.h"
#include "seteli/event.h"
#include "store/store.h"

namespace seteli::invoicing {

// One batch's events, read and parsed.
struct BatchRead {
  std::unordered_map<size_t, std::vector<Event>> events_of;  // by group
  // Carried groups that read their history after all: a correction among
  // their events ties them to events before the month they start after.
  std::vector<size_t> to_history;
  int64_t events_read = 0;
  // The stored lines to compare with, and each group's among them.
  std::vector<store::SettlementLineRow> stored;
  std::unordered_map<size_t, std::vector<size_t>> stored_by_group;  // indexes into `stored`

  // Group `gi`'s stored lines.
  std::vector<const store::SettlementLineRow*> StoredOf(size_t gi) const;
};

class BatchReader {
 public:
  // `plan` must outlive the reader; `window_batches` batches are read
  // from the store in one pass (RunOptions::window_batches).
  BatchReader(store::Store& store, const RunPlan& plan, size_t window_batches);

  Result<BatchRead> Read(size_t batch);

 private:
  Result<store::Done> FillWindow(size_t from);
  // Of the groups of `batch`, those whose stored lines are compared.
  std::vector<std::string> ComparedDecisions(const EventBatch& batch,
                                             const std::vector<size_t>& history_groups) const;

  store::Store& store_;
  const RunPlan& plan_;
  const size_t window_batches_;
  std::unique_ptr<BatchFiles> files_;
  size_t files_end_ = 0;  // the window's end
};

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_BATCH_READER_H_
