// Keeps inbound messages moving while the daemon runs, not only at its
// next start: every `poll_ms` a pass hands on what is due (a failed
// hand-on whose backoff passed, a message left by a crash, one whose
// daemon died and whose claim expired), and every third of the lease this
// daemon's claims are renewed, so another daemon never takes a message a
// live one is still handing on.
//
//   InboundRetrier retrier(store, &endpoint, 1000);
//   retrier.Start();   // the renewer, and the passer (a first pass at once) until Stop()
#ifndef SETELI_OPERATOR_INBOUND_RETRIER_H_
#define SETELI_OPERATOR_INBOUND_RETRIER_H_

#include <condition_variable>
#include <mutex>
#include <thread>

#include "operator/inbound_endpoint.h"
#include "store/inbox_store.h"

namespace seteli::exchange {

class InboundRetrier {
 public:
  InboundRetrier(store::InboxStore* store, InboundEndpoint* endpoint, int poll_ms)
      : store_(store), endpoint_(endpoint), poll_ms_(poll_ms) {}
  ~InboundRetrier() { Stop(); }
  InboundRetrier(const InboundRetrier&) = delete;
  InboundRetrier& operator=(const InboundRetrier&) = delete;

  // Starts the threads; the passer's first pass hands on what is due now
  // (what a crash left). From then on the endpoint wakes the passer when
  // it stored a message.
  void Start();
  // A pass now rather than after `poll_ms`: new messages were stored.
  void Wake();
  // After the hand-on in flight; claims left expire with their lease.
  void Stop();

 private:
  // Waits `ms` or until Stop (or, when `wakeable`, a Wake); false when
  // stopping.
  bool Sleep(int ms, bool wakeable);
  // Passes until nothing is due; false when stopping.
  bool HandOnAllDue();
  void Renew();

  store::InboxStore* store_;
  InboundEndpoint* endpoint_;
  int poll_ms_;
  std::thread passer_, renewer_;
  bool stopping_ = false;
  bool woken_ = false;  // for the passer only
  std::mutex mu_;
  std::condition_variable wake_;
};

}  // namespace seteli::exchange

#endif  // SETELI_OPERATOR_INBOUND_RETRIER_H_
