#include "finvoice/batch_validation.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "finvoice/organizer_check.h"

namespace seteli::finvoice {
namespace {

// How far the workers may run ahead of the file being handed back, so a
// slow file does not make the others' reports pile up without bound.
constexpr size_t kLookaheadPerJob = 64;
// The handing back waits for a run of this many files at a time: woken
// once per file, it cost a few per cent of a batch of small invoices.
constexpr size_t kTakeRun = 16;

struct Slot {
  std::optional<FileReports> reports;
  std::exception_ptr failure;
  bool done = false;
};

class Batch {
 public:
  Batch(const std::vector<std::string>& files, size_t lookahead)
      : files_(files), slots_(files.size()), lookahead_(lookahead) {}

  // A worker: takes the next file not yet taken, validates it, stores the
  // outcome in its slot; until no file is left.
  void Work(ValidateOptions options) {
    options.defer_duplicate_check = true;
    InvoiceValidator validator(options);
    for (;;) {
      size_t i;
      {
        std::unique_lock lock(mu_);
        while (next_ < files_.size() && next_ >= handed_back_ + lookahead_) {
          ++workers_waiting_;
          room_.wait(lock);
          --workers_waiting_;
        }
        if (next_ >= files_.size()) return;
        i = next_++;
      }
      Slot s;
      try {
        s.reports = validator.ValidateFile(files_[i], files_[i]);
      } catch (...) {
        s.failure = std::current_exception();
      }
      s.done = true;
      std::lock_guard lock(mu_);
      slots_[i] = std::move(s);
      if (taker_waiting_ && RunDone()) ready_.notify_one();
    }
  }

  // The outcome of file `i`, waiting for it (and for the run of files
  // after it); lets the workers move on.
  Slot Take(size_t i) {
    std::unique_lock lock(mu_);
    if (!slots_[i].done) {
      run_first_ = i;
      run_last_ = std::min(i + kTakeRun, files_.size()) - 1;
      taker_waiting_ = true;
      ready_.wait(lock, [&] { return RunDone(); });
      taker_waiting_ = false;
    }
    Slot s = std::move(slots_[i]);
    handed_back_ = i + 1;
    if (workers_waiting_ > 0) room_.notify_all();
    return s;
  }

  // Stops handing out files (after a failure); workers finish the one they have.
  void Stop() {
    std::lock_guard lock(mu_);
    next_ = files_.size();
    room_.notify_all();
  }

 private:
  // The run the taker waits for is done: its first file (what it needs)
  // and its last (the files between are near done too). Every file up to
  // the last is within the lookahead, so some worker takes it.
  bool RunDone() const { return slots_[run_first_].done && slots_[run_last_].done; }

  const std::vector<std::string>& files_;
  std::vector<Slot> slots_;
  const size_t lookahead_;
  std::mutex mu_;
  std::condition_variable ready_;  // the taker's run is done
  std::condition_variable room_;   // the lookahead moved on
  size_t next_ = 0;
  size_t handed_back_ = 0;
  bool taker_waiting_ = false;
  size_t run_first_ = 0;
  size_t run_last_ = 0;
  int workers_waiting_ = 0;
};

// The duplicate-number check of a file's reports, after those of the files
// before it.
void CheckNumbersInOrder(FileReports& reports, InvoiceNumberRegister& numbers) {
  if (!reports.ok()) return;
  for (InvoiceReport& r : reports.value()) {
    if (!r.number_claim) continue;
    if (auto e = CheckDuplicateNumber(*r.number_claim, numbers)) r.errors.push_back(std::move(*e));
    r.number_claim.reset();
  }
}

}  // namespace

void ValidateFiles(const std::vector<std::string>& files, const ValidateOptions& options, int jobs,
                   const std::function<void(const std::string& file, FileReports& reports)>& emit) {
  InvoiceNumberRegister own_numbers;
  InvoiceNumberRegister& numbers = options.numbers ? *options.numbers : own_numbers;
  size_t workers = static_cast<size_t>(jobs < 1 ? 1 : jobs);
  if (workers > files.size()) workers = files.size();
  if (workers <= 1) {  // no thread to hand over to
    ValidateOptions deferred = options;
    deferred.defer_duplicate_check = true;
    InvoiceValidator validator(deferred);
    for (const std::string& file : files) {
      FileReports reports = validator.ValidateFile(file, file);
      CheckNumbersInOrder(reports, numbers);
      emit(file, reports);
    }
    return;
  }

  Batch batch(files, workers * kLookaheadPerJob);
  std::vector<std::thread> threads;
  for (size_t w = 0; w < workers; ++w) threads.emplace_back([&batch, options] { batch.Work(options); });
  std::exception_ptr failure;
  for (size_t i = 0; i < files.size() && !failure; ++i) {
    Slot s = batch.Take(i);
    if (s.failure) {
      failure = s.failure;
      break;
    }
    try {
      CheckNumbersInOrder(*s.reports, numbers);
      emit(files[i], *s.reports);
    } catch (...) {
      failure = std::current_exception();
    }
  }
  if (failure) batch.Stop();
  for (std::thread& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace seteli::finvoice
