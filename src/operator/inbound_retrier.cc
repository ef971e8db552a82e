#include "operator/inbound_retrier.h"

#include <chrono>

namespace seteli::exchange {

bool InboundRetrier::Sleep(int ms, bool wakeable) {
  std::unique_lock<std::mutex> lock(mu_);
  wake_.wait_for(lock, std::chrono::milliseconds(ms),
                 [&] { return stopping_ || (wakeable && woken_); });
  if (wakeable) woken_ = false;
  return !stopping_;
}

void InboundRetrier::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
  }
  wake_.notify_all();
}

bool InboundRetrier::HandOnAllDue() {
  // A full pass may leave more due: go on at once.
  for (;;) {
    auto claimed = endpoint_->HandOnDue();
    if (!claimed.ok() || claimed.value() == 0) return true;
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
  }
}

void InboundRetrier::Renew() {
  // Renewed well before the lease runs out, so one slow or failed renewal
  // (the store briefly away) does not yet free the claims.
  int every_ms = endpoint_->claim().lease_seconds * 1000 / 3;
  while (Sleep(every_ms, false)) (void)store_->RenewInboundClaims(endpoint_->claim());
}

void InboundRetrier::Start() {
  // The renewer first: the first pass may take longer than a lease (a
  // crash can leave thousands of messages), and a claim that lapses
  // meanwhile would let another daemon hand the same message on again.
  renewer_ = std::thread([this] { Renew(); });
  // The first pass on the passer's thread, not before listening: a batch
  // of thousands a crash left stored would otherwise keep the daemon
  // deaf for minutes.
  passer_ = std::thread([this] {
    while (HandOnAllDue() && Sleep(poll_ms_, true)) {
    }
  });
  endpoint_->SetStoredCallback([this] { Wake(); });
}

void InboundRetrier::Stop() {
  endpoint_->SetStoredCallback(nullptr);
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (passer_.joinable()) passer_.join();
  if (renewer_.joinable()) renewer_.join();
}

}  // namespace seteli::exchange
