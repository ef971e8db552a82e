#include "invoicing/run_lease.h"

#include <chrono>

namespace seteli::invoicing {

RunLease::RunLease(store::Store& store, std::string run_id, int lease_seconds)
    : store_(store), run_id_(std::move(run_id)), lease_seconds_(lease_seconds) {
  renewer_ = std::thread([this] {
    // A third of the lease: one slow or failed renewal (the store briefly
    // away) does not yet let the run read interrupted.
    const auto every = std::chrono::milliseconds(int64_t{lease_seconds_} * 1000 / 3);
    std::unique_lock<std::mutex> lock(mu_);
    while (!wake_.wait_for(lock, every, [this] { return stopping_; })) {
      lock.unlock();
      // Before the run's first write there is nothing running to renew;
      // the write itself starts the lease.
      (void)store_.RenewRunLease(run_id_, lease_seconds_);
      lock.lock();
    }
  });
}

RunLease::~RunLease() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  renewer_.join();
}

}  // namespace seteli::invoicing
