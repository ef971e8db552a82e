// A running run's lease, kept alive while its owner works. The run record
// holds a lease that each write of it renews (after every provider); in
// between, RunLease renews it every third of its length from a thread of
// its own, so a run busy with one large provider is not taken for dead. A
// killed run stops renewing: once its lease has run out it reads
// interrupted (store::Store::InterruptExpiredRuns), and a new run of its
// month goes on from what it committed.
//
//   RunLease lease(store, run.run_id, 60);  // renewed until it goes out of scope
#ifndef SETELI_INVOICING_RUN_LEASE_H_
#define SETELI_INVOICING_RUN_LEASE_H_

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "store/store.h"

namespace seteli::invoicing {

// How long a run's lease lasts unless renewed (RunOptions::lease_seconds).
inline constexpr int kRunLeaseSeconds = 60;

class RunLease {
 public:
  RunLease(store::Store& store, std::string run_id, int lease_seconds);
  ~RunLease();
  RunLease(const RunLease&) = delete;
  RunLease& operator=(const RunLease&) = delete;

 private:
  store::Store& store_;
  const std::string run_id_;
  const int lease_seconds_;
  bool stopping_ = false;
  std::mutex mu_;
  std::condition_variable wake_;
  std::thread renewer_;
};

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_RUN_LEASE_H_
