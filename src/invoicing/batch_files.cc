#include "invoicing/batch_files.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cstdint>
#include <memory>

namespace seteli::invoicing {
namespace {

// Rows a store read takes by sequence number: few enough for one query's
// parameters, and in order, so the table's pages are read once each.
constexpr size_t kSeqsPerRead = 500;

Error FileError(const char* what) {
  return Error{"spill_failed", std::string(what) + ": " + std::strerror(errno)};
}

// Which batch file each wanted sequence number goes to: a slot of 16 bits
// (0, not wanted) in pages of 4,096 numbers, made where one is wanted.
// That is 20 MB for a month of 10,000,000 events, and a few pages for a
// late client's events among the months before. Found instead by the
// event's decision, in a hash map of hundreds of thousands of strings, the
// file was a quarter of the reading thread's time at 10,000,000 events.
class SeqSlots {
 public:
  void Set(int64_t seq, uint16_t slot) {
    const size_t page = static_cast<size_t>(seq) / kPageSeqs;
    if (page >= pages_.size()) pages_.resize(page + 1);
    if (!pages_[page]) pages_[page].reset(new uint16_t[kPageSeqs]());
    pages_[page][static_cast<size_t>(seq) % kPageSeqs] = slot;
  }
  uint16_t Get(int64_t seq) const {
    const size_t page = static_cast<size_t>(seq) / kPageSeqs;
    if (seq < 0 || page >= pages_.size() || !pages_[page]) return 0;
    return pages_[page][static_cast<size_t>(seq) % kPageSeqs];
  }
  // Calls `read` with the next at most `n` wanted numbers, ascending,
  // until all were read or it fails.
  template <typename Read>
  Result<store::Done> ForEachRun(size_t n, Read read) const {
    std::vector<int64_t> run;
    for (size_t page = 0; page < pages_.size(); ++page) {
      if (!pages_[page]) continue;
      for (size_t i = 0; i < kPageSeqs; ++i) {
        if (pages_[page][i] == 0) continue;
        run.push_back(static_cast<int64_t>(page * kPageSeqs + i));
        if (run.size() < n) continue;
        if (auto r = read(run); !r.ok()) return r;
        run.clear();
      }
    }
    if (!run.empty()) return read(run);
    return store::Done{};
  }

 private:
  static constexpr size_t kPageSeqs = 4096;
  std::vector<std::unique_ptr<uint16_t[]>> pages_;
};

}  // namespace

Result<std::unique_ptr<BatchFiles>> BatchFiles::Fill(store::EventStore& store,
                                                     const std::vector<BatchWant>& wants,
                                                     YearMonth last) {
  auto out = std::make_unique<BatchFiles>();
  std::vector<File*> file_of_slot{nullptr};  // slot 0: not wanted
  SeqSlots wanted;
  for (const BatchWant& w : wants) {
    File& f = out->files_[w.batch];
    if (!f.file.ok()) return FileError("cannot create a temporary file for a batch of events");
    if (w.decision_ids.empty()) continue;
    if (file_of_slot.size() > UINT16_MAX) return Error{"internal", "more batches in a window than slots"};
    const auto slot = static_cast<uint16_t>(file_of_slot.size());
    file_of_slot.push_back(&f);
    auto seqs = store.EventSeqsOfDecisions(w.decision_ids, last.ToString(),
                                           w.first ? w.first->ToString() : "");
    if (!seqs.ok()) return seqs.error();
    for (const int64_t seq : seqs.value()) {
      if (seq < 0) return Error{"store_corrupt", "an event with a negative sequence number"};
      wanted.Set(seq, slot);
    }
  }
  auto read = wanted.ForEachRun(kSeqsPerRead, [&](const std::vector<int64_t>& seqs) -> Result<store::Done> {
    auto rows = store.EventsBySeq(seqs);
    if (!rows.ok()) return rows.error();
    for (const store::StoredEvent& e : rows.value()) {
      const uint16_t slot = wanted.Get(e.seq);
      if (slot == 0) return Error{"internal", "event " + e.row.event_id + " read for no batch"};
      File& f = *file_of_slot[slot];
      if (!f.file.Write(&e.seq, sizeof e.seq) || !f.file.WriteString(e.row.event_id) ||
          !f.file.WriteString(e.row.decision_id) || !f.file.WriteString(e.row.body)) {
        return FileError("cannot write a batch of events to a temporary file");
      }
      ++f.count;
    }
    return store::Done{};
  });
  if (!read.ok()) return read.error();
  return out;
}

Result<std::vector<store::StoredEvent>> BatchFiles::Take(size_t batch) {
  auto it = files_.find(batch);
  if (it == files_.end()) return std::vector<store::StoredEvent>{};
  File f = std::move(it->second);
  files_.erase(it);
  if (!f.file.Rewind()) {
    return FileError("cannot rewind a temporary file of events");
  }
  std::vector<store::StoredEvent> out(static_cast<size_t>(f.count));
  for (store::StoredEvent& e : out) {
    if (!f.file.Read(&e.seq, sizeof e.seq) || !f.file.ReadString(&e.row.event_id) ||
        !f.file.ReadString(&e.row.decision_id) || !f.file.ReadString(&e.row.body)) {
      return FileError("cannot read a batch of events back from a temporary file");
    }
  }
  return out;
}

}  // namespace seteli::invoicing
