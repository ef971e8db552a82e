#include "invoicing/spill_writer.h"

#include <utility>

#include "formats/settlement_json.h"

namespace seteli::invoicing {

SpillWriter::SpillWriter(size_t max_queued_lines)
    : max_queued_lines_(max_queued_lines), thread_([this] { Loop(); }) {}

SpillWriter::~SpillWriter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    queue_.clear();
  }
  work_.notify_one();
  thread_.join();
}

void SpillWriter::Add(LineSpill* spill, std::vector<SettlementLine> lines) {
  if (lines.empty()) return;
  std::unique_lock<std::mutex> lock(mu_);
  // A group larger than the bound still goes in once the queue is empty.
  room_.wait(lock, [&] { return queued_lines_ == 0 || queued_lines_ + lines.size() <= max_queued_lines_; });
  queued_lines_ += lines.size();
  queue_.push_back({spill, std::move(lines)});
  lock.unlock();
  work_.notify_one();
}

void SpillWriter::Finish() {
  std::unique_lock<std::mutex> lock(mu_);
  room_.wait(lock, [&] { return queue_.empty() && !writing_; });
}

void SpillWriter::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    work_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    Task task = std::move(queue_.front());
    queue_.pop_front();
    writing_ = true;
    lock.unlock();
    for (const SettlementLine& l : task.lines) task.spill->Append(l, formats::LineJsonText(l));
    lock.lock();
    writing_ = false;
    queued_lines_ -= task.lines.size();
    room_.notify_all();
  }
}

}  // namespace seteli::invoicing
