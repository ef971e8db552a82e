#include "invoicing/batch_files.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unordered_map>

namespace seteli::invoicing {
namespace {

// Rows a store read takes by sequence number: few enough for one query's
// parameters, and in order, so the table's pages are read once each.
constexpr size_t kSeqsPerRead = 500;

// A wanted event: its sequence number in the high bits, its batch's slot
// in the low 24, so that sorting the numbers sorts by sequence.
constexpr int kSlotBits = 24;

Error FileError(const char* what) {
  return Error{"spill_failed", std::string(what) + ": " + std::strerror(errno)};
}

}  // namespace

Result<std::unique_ptr<BatchFiles>> BatchFiles::Fill(store::Store& store,
                                                     const std::vector<BatchWant>& wants,
                                                     YearMonth last) {
  auto out = std::make_unique<BatchFiles>();
  std::vector<size_t> batch_of_slot;
  std::unordered_map<size_t, uint64_t> slot_of_batch;
  std::vector<uint64_t> wanted;
  for (const BatchWant& w : wants) {
    auto [it, fresh] = slot_of_batch.try_emplace(w.batch, batch_of_slot.size());
    if (fresh) batch_of_slot.push_back(w.batch);
    if (batch_of_slot.size() > (size_t{1} << kSlotBits)) {
      return Error{"internal", "too many batches for one read of the month"};
    }
    if (w.decision_ids.empty()) continue;
    auto seqs = store.EventSeqsOfDecisions(w.decision_ids, last.ToString(),
                                           w.first ? w.first->ToString() : "");
    if (!seqs.ok()) return seqs.error();
    for (const auto& [seq, decision] : seqs.value()) {
      wanted.push_back(static_cast<uint64_t>(seq) << kSlotBits | it->second);
    }
  }
  for (size_t batch : batch_of_slot) {
    if (!out->files_[batch].file.ok()) {
      return FileError("cannot create a temporary file for a batch of events");
    }
  }
  std::sort(wanted.begin(), wanted.end());
  const uint64_t slot_mask = (uint64_t{1} << kSlotBits) - 1;
  for (size_t at = 0; at < wanted.size(); at += kSeqsPerRead) {
    const size_t n = std::min(kSeqsPerRead, wanted.size() - at);
    std::vector<int64_t> seqs(n);
    std::unordered_map<int64_t, size_t> slot_of_seq;
    for (size_t i = 0; i < n; ++i) {
      seqs[i] = static_cast<int64_t>(wanted[at + i] >> kSlotBits);
      slot_of_seq[seqs[i]] = static_cast<size_t>(wanted[at + i] & slot_mask);
    }
    auto rows = store.EventsBySeq(seqs);
    if (!rows.ok()) return rows.error();
    for (const store::StoredEvent& e : rows.value()) {
      File& f = out->files_[batch_of_slot[slot_of_seq.at(e.seq)]];
      if (!f.file.Write(&e.seq, sizeof e.seq) || !f.file.WriteString(e.row.event_id) ||
          !f.file.WriteString(e.row.decision_id) || !f.file.WriteString(e.row.body)) {
        return FileError("cannot write a batch of events to a temporary file");
      }
      ++f.count;
    }
  }
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
