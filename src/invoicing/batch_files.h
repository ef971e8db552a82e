// The events of a window of the monthly run's batches, read from the store
// once in table order and sorted into one unnamed temporary file per batch,
// from which each batch then reads its events in sequence. Looked up by
// decision instead, a batch's events lie all over the month's part of the
// table, and every batch read nearly every page of it again: on SQLite,
// most of the run's reading (docs/performance-history.md).
//
//   auto files = BatchFiles::Fill(store, {{0, carried_ids, month}, {0, history_ids, {}}}, month);
//   auto events = files.value()->Take(0);   // batch 0's events, by sequence
#ifndef SETELI_INVOICING_BATCH_FILES_H_
#define SETELI_INVOICING_BATCH_FILES_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "invoicing/temp_file.h"
#include "seteli/date.h"
#include "seteli/status.h"
#include "store/store.h"

namespace seteli::invoicing {

// What one batch reads: the events of `decision_ids` that start by the
// run's month and, with `first`, end in `first` or later.
struct BatchWant {
  size_t batch = 0;
  std::vector<std::string> decision_ids;
  std::optional<YearMonth> first;
};

class BatchFiles {
 public:
  // Reads every wanted event, in sequence, into its batch's file. A
  // temporary file that cannot be written is spill_failed.
  static Result<std::unique_ptr<BatchFiles>> Fill(store::EventStore& store,
                                                  const std::vector<BatchWant>& wants, YearMonth last);

  // A batch's events, by sequence (as Store::EventsOfDecisions reads
  // them), once: its file is closed. None for a batch that wanted none.
  Result<std::vector<store::StoredEvent>> Take(size_t batch);

 private:
  struct File {
    TempFile file;
    int64_t count = 0;
  };

  std::map<size_t, File> files_;
};

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_BATCH_FILES_H_
