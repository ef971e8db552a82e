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

// stdio's buffer of each file: 64 KiB, not a page.
constexpr size_t kBufferBytes = 64 << 10;

Error FileError(const char* what) {
  return Error{"spill_failed", std::string(what) + ": " + std::strerror(errno)};
}

bool Write(std::FILE* f, const void* p, size_t n) { return std::fwrite(p, 1, n, f) == n; }
bool WriteString(std::FILE* f, const std::string& s) {
  const uint32_t n = static_cast<uint32_t>(s.size());
  return Write(f, &n, sizeof n) && Write(f, s.data(), n);
}
bool Read(std::FILE* f, void* p, size_t n) { return std::fread(p, 1, n, f) == n; }
bool ReadString(std::FILE* f, std::string* s) {
  uint32_t n = 0;
  if (!Read(f, &n, sizeof n)) return false;
  s->resize(n);
  return n == 0 || Read(f, s->data(), n);
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
    File& f = out->files_[batch];
    f.buffer.reset(new char[kBufferBytes]);
    f.file.reset(std::tmpfile());
    if (!f.file) return FileError("cannot create a temporary file for a batch of events");
    std::setvbuf(f.file.get(), f.buffer.get(), _IOFBF, kBufferBytes);
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
      if (!Write(f.file.get(), &e.seq, sizeof e.seq) || !WriteString(f.file.get(), e.row.event_id) ||
          !WriteString(f.file.get(), e.row.decision_id) || !WriteString(f.file.get(), e.row.body)) {
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
  if (std::fflush(f.file.get()) != 0 || std::fseek(f.file.get(), 0, SEEK_SET) != 0) {
    return FileError("cannot rewind a temporary file of events");
  }
  std::vector<store::StoredEvent> out(static_cast<size_t>(f.count));
  for (store::StoredEvent& e : out) {
    if (!Read(f.file.get(), &e.seq, sizeof e.seq) || !ReadString(f.file.get(), &e.row.event_id) ||
        !ReadString(f.file.get(), &e.row.decision_id) || !ReadString(f.file.get(), &e.row.body)) {
      return FileError("cannot read a batch of events back from a temporary file");
    }
  }
  return out;
}

}  // namespace seteli::invoicing
