// What a monthly run is asked to do (MonthlyRun::Execute): which month, for
// whom, whether to write, and the sizes that bound its memory.
#ifndef SETELI_INVOICING_RUN_OPTIONS_H_
#define SETELI_INVOICING_RUN_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "invoicing/event_groups.h"
#include "invoicing/run_lease.h"
#include "seteli/date.h"

namespace seteli::invoicing {

struct RunOptions {
  YearMonth month;
  std::optional<std::string> provider = {};  // only this business ID
  bool dry_run = false;                      // compute and report, write nothing
  std::string run_id = {};                   // generated when empty
  std::string actor = "cli";                 // for the audit log
  // The report's settlements carry their lines (a small month: the demo,
  // tests). Otherwise only their totals and line counts, so the run's
  // memory does not grow with the month.
  bool keep_lines = false;
  // Store the finished run's record as done. A caller that checks the
  // month's books first stores it itself, so no reader sees a run done
  // that its check then fails.
  bool store_done = true;
  // Settle every group of clients from its first month, as if no month
  // had been run before (the carried balances are not used). For
  // comparing the two ways in tests.
  bool full_history = false;
  // Events the run reads in one batch at most (event_groups.h); small in
  // tests, so that a month of a few groups takes several batches.
  int64_t batch_events = kBatchEvents;
  // Batches whose events are read from the store in one pass (BatchFiles):
  // at 20,000 events a batch, a window of about 10,000,000 events in at
  // most 512 temporary files (32 MiB of their buffers). A window reads
  // nearly every page of the month once, since a batch's clients' events
  // are spread over all of it: at 64 batches a window, a month of
  // 10,000,000 events read its pages eight times. Small in tests.
  size_t window_batches = 512;
  // The run's lease (run_lease.h): how long after its owner's last sign of
  // life the run reads interrupted.
  int lease_seconds = kRunLeaseSeconds;
};

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_RUN_OPTIONS_H_
