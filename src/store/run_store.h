// The monthly run's own records: runs and their leases, balance
// statements, and the per-decision checkpoints that let a run skip what
// has not changed (month_records.h).
// One role of the store (store.h): callers that need only this take it.
#ifndef SETELI_STORE_RUN_STORE_H_
#define SETELI_STORE_RUN_STORE_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "seteli/status.h"
#include "store/audit_log.h"
#include "store/month_records.h"

namespace seteli::store {

class RunStore {
 public:
  virtual ~RunStore() = default;

  // Inserts or replaces by run ID; a running run's lease lasts
  // run.lease_seconds from now.
  virtual Result<Done> PutRun(const RunRecord& run) = 0;
  // Extends a running run's lease to `lease_seconds` from now; false when
  // the run is not running (done, or interrupted meanwhile).
  virtual Result<bool> RenewRunLease(const std::string& run_id, int lease_seconds) = 0;
  // Stores every running run whose lease has run out as interrupted, and
  // returns their IDs. GetRun and ListRuns do this first, so no reader
  // sees a dead run as running. They write rather than only report it on
  // purpose: once a reader was told "interrupted", the state is final, so
  // an owner that was only stalled (and may wake) finds its renewal
  // refused and stops instead of coming back to life. The write happens
  // only when a lease has run out; an ordinary read reads.
  virtual Result<std::vector<std::string>> InterruptExpiredRuns() = 0;
  virtual Result<std::optional<RunRecord>> GetRun(const std::string& run_id) = 0;
  virtual Result<std::vector<RunRecord>> ListRuns(const std::string& month) = 0;
  // Inserts or replaces by decision and month.
  virtual Result<Done> PutBalanceStatements(const std::vector<BalanceRow>& rows) = 0;
  virtual Result<std::vector<BalanceRow>> ListBalanceStatements(const std::string& month) = 0;
  // Inserts or replaces by decision ID and month.
  virtual Result<Done> PutCheckpoints(const std::vector<CheckpointRow>& rows) = 0;
  // The checkpoints of one month.
  virtual Result<std::vector<CheckpointRow>> ListCheckpoints(const std::string& month) = 0;
  // The checkpoints of some decisions before `before_month`.
  virtual Result<std::vector<CheckpointRow>> CheckpointsOf(
      const std::vector<std::string>& decision_ids, const std::string& before_month) = 0;
  // Empties the digest of each decision's checkpoints of its month and
  // later (pairs of decision ID and month; "" for all its months).
  virtual Result<Done> OpenCheckpoints(
      const std::vector<std::pair<std::string, std::string>>& from) = 0;
  // Removes the checkpoints of the months before `before_month`.
  virtual Result<Done> PruneCheckpoints(const std::string& before_month) = 0;
};

}  // namespace seteli::store

#endif  // SETELI_STORE_RUN_STORE_H_
