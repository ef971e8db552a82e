// Group commit for event appends. Concurrent Append calls that find a
// write under way queue up; when it ends, the first of them takes every
// queued batch (up to a bound) and stores them in one transaction: one
// commit and one sync for several requests instead of one each. Every
// caller still gets its own verdicts, and only after the transaction that
// holds its batch committed (or failed).
//
//   AppendGroups groups(20000, [&](std::span<AppendGroups::Batch* const> group) {
//     ...  // one transaction; sets every batch's `result`
//   });
//   Result<std::vector<Verdict>> v = groups.Append(rows, audit);   // any thread
#ifndef SETELI_STORE_APPEND_GROUPS_H_
#define SETELI_STORE_APPEND_GROUPS_H_

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "store/store.h"

namespace seteli::store {

class AppendGroups {
 public:
  struct Batch {
    std::span<const EventRow> rows;
    const AuditEntry* audit;
    std::optional<Result<std::vector<Verdict>>> result;
  };
  // Stores a group and sets each batch's result; runs on a calling thread,
  // one group at a time.
  using Writer = std::function<void(std::span<Batch* const> group)>;

  // A group takes queued batches while it holds fewer than `max_rows` rows
  // (always at least one batch).
  AppendGroups(size_t max_rows, Writer write) : max_rows_(max_rows), write_(std::move(write)) {}

  // Blocks until the batch is stored or failed. Thread-safe.
  Result<std::vector<Verdict>> Append(std::span<const EventRow> rows, const AuditEntry& audit);

 private:
  std::vector<Batch*> TakeGroup();  // with mu_ held

  const size_t max_rows_;
  const Writer write_;
  std::mutex mu_;
  std::condition_variable done_;
  std::vector<Batch*> queue_;  // waiting, oldest first
  bool writing_ = false;
};

}  // namespace seteli::store

#endif  // SETELI_STORE_APPEND_GROUPS_H_
