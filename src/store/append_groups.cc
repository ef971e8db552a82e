#include "store/append_groups.h"

namespace seteli::store {

std::vector<AppendGroups::Batch*> AppendGroups::TakeGroup() {
  std::vector<Batch*> group;
  size_t rows = 0, taken = 0;
  while (taken < queue_.size() && (group.empty() || rows < max_rows_)) {
    group.push_back(queue_[taken]);
    rows += queue_[taken++]->rows.size();
  }
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(taken));
  return group;
}

Result<std::vector<Verdict>> AppendGroups::Append(std::span<const EventRow> rows,
                                                  const AuditEntry& audit) {
  Batch mine{rows, &audit, std::nullopt};
  std::unique_lock<std::mutex> lock(mu_);
  queue_.push_back(&mine);
  done_.wait(lock, [&] { return mine.result.has_value() || !writing_; });
  if (mine.result) return std::move(*mine.result);
  // This thread writes the next group, which starts with its own batch
  // unless older ones are still queued (then it stays to write again).
  while (!mine.result) {
    writing_ = true;
    std::vector<Batch*> group = TakeGroup();
    lock.unlock();
    try {
      write_(group);
    } catch (...) {
      // Nobody may wait forever on a batch this group failed to answer.
      for (Batch* b : group) {
        if (!b->result) b->result = Error{"store_unavailable", "unexpected failure", ""};
      }
    }
    lock.lock();
    writing_ = false;
    done_.notify_all();
  }
  return std::move(*mine.result);
}

}  // namespace seteli::store
