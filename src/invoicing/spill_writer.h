// Writes settlement lines into their LineSpill files on a thread of its
// own. The monthly run's settling thread queues each group's lines and goes
// on with the next group; formatting the lines' JSON and writing them out
// (a fifth of the run's settling time on SQLite, docs/performance-history.md) take
// the second core. Each file gets its lines in the order they were queued.
//
//   SpillWriter writer;
//   writer.Add(&spill, std::move(lines));   // returns at once, unless full
//   ...
//   writer.Finish();                        // every queued line is written
//   if (spill.error()) ...
#ifndef SETELI_INVOICING_SPILL_WRITER_H_
#define SETELI_INVOICING_SPILL_WRITER_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "invoicing/line_spill.h"
#include "seteli/settlement.h"

namespace seteli::invoicing {

class SpillWriter {
 public:
  // At most about `max_queued_lines` lines wait in memory: Add blocks
  // while more do, so the run's memory stays bounded by a batch.
  explicit SpillWriter(size_t max_queued_lines = 20000);
  // Stops after the lines being written; any still queued are dropped (the
  // run failed, and its spills with it).
  ~SpillWriter();
  SpillWriter(const SpillWriter&) = delete;
  SpillWriter& operator=(const SpillWriter&) = delete;

  // `spill` must outlive Finish (or this writer), and be touched by no one
  // else until then.
  void Add(LineSpill* spill, std::vector<SettlementLine> lines);
  // Returns once every queued line is in its file (or in its file's error).
  void Finish();

 private:
  struct Task {
    LineSpill* spill;
    std::vector<SettlementLine> lines;
  };
  void Loop();

  const size_t max_queued_lines_;
  std::mutex mu_;
  std::condition_variable work_;  // a task queued, or stop
  std::condition_variable room_;  // lines written: room in the queue, or all done
  std::deque<Task> queue_;
  size_t queued_lines_ = 0;
  bool writing_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_SPILL_WRITER_H_
