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

Error FileError(const char* what) {
  return Error{"spill_failed", std::string(what) + ": " + std::strerror(errno)};
}

// The wanted sequence numbers as one bit each, up to the highest: 1.2 MiB
// for a store of 10,000,000 events, where a sorted list of them took 8
// bytes an event wanted.
class SeqSet {
 public:
  void Add(int64_t seq) {
    const size_t word = static_cast<size_t>(seq) / 64;
    if (word >= words_.size()) words_.resize(word + 1, 0);
    words_[word] |= uint64_t{1} << (seq % 64);
  }
  // Calls `read` with the next at most `n` numbers, ascending, until all
  // were read or it fails.
  template <typename Read>
  Result<store::Done> ForEachRun(size_t n, Read read) const {
    std::vector<int64_t> run;
    for (size_t w = 0; w < words_.size(); ++w) {
      for (uint64_t bits = words_[w]; bits != 0; bits &= bits - 1) {
        run.push_back(static_cast<int64_t>(w * 64 + static_cast<size_t>(__builtin_ctzll(bits))));
        if (run.size() < n) continue;
        if (auto r = read(run); !r.ok()) return r;
        run.clear();
      }
    }
    if (!run.empty()) return read(run);
    return store::Done{};
  }

 private:
  std::vector<uint64_t> words_;
};

}  // namespace

Result<std::unique_ptr<BatchFiles>> BatchFiles::Fill(store::Store& store,
                                                     const std::vector<BatchWant>& wants,
                                                     YearMonth last) {
  auto out = std::make_unique<BatchFiles>();
  // A decision is in one group and so in one batch: its events go there.
  std::unordered_map<std::string, File*> file_of_decision;
  SeqSet wanted;
  for (const BatchWant& w : wants) {
    File& f = out->files_[w.batch];
    if (!f.file.ok()) return FileError("cannot create a temporary file for a batch of events");
    if (w.decision_ids.empty()) continue;
    for (const std::string& id : w.decision_ids) file_of_decision[id] = &f;
    auto seqs = store.EventSeqsOfDecisions(w.decision_ids, last.ToString(),
                                           w.first ? w.first->ToString() : "");
    if (!seqs.ok()) return seqs.error();
    for (const auto& [seq, decision] : seqs.value()) {
      if (seq < 0) return Error{"store_corrupt", "an event with a negative sequence number"};
      wanted.Add(seq);
    }
  }
  auto read = wanted.ForEachRun(kSeqsPerRead, [&](const std::vector<int64_t>& seqs) -> Result<store::Done> {
    auto rows = store.EventsBySeq(seqs);
    if (!rows.ok()) return rows.error();
    for (const store::StoredEvent& e : rows.value()) {
      auto it = file_of_decision.find(e.row.decision_id);
      if (it == file_of_decision.end()) {
        return Error{"internal", "event " + e.row.event_id + " read for no batch"};
      }
      File& f = *it->second;
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
