// Messages from the operator into the daemon. A posted (or polled) file is
// cut into its framed messages, each stored raw under its frame's MessageId
// in one transaction; then the caller answers the operator at once, so an
// acknowledged message is never lost and a batch of thousands is answered
// without waiting for their judging. A MessageId stored before is a
// duplicate: acknowledged again, not processed again. Each new message is
// stored due and held by no daemon, and the stored callback wakes
// InboundRetrier, whose passes (HandOnDue) claim the messages in hundreds
// and hand each on its own to the receiving side (the hook), marking it
// processed when the hook succeeds. The claim keeps any other daemon on
// the store off a message while it is handed on. A failed hand-on releases
// the claim with a backoff; what a failure, a crash (also one right after
// the answer) or a dead daemon leaves unprocessed is taken by a later pass
// of this daemon or of any other. The hook writes under
// the message's claim (store::FenceOf): a hand-on that fails with
// claim_lost (this daemon stalled past its lease and another took the
// message over) is dropped, neither released nor retried.
//
//   InboundEndpoint inbound(store, [&](const store::InboundMessage& m) {
//     return receiver.Receive(m.raw, m.channel);
//   }, {.claim = {"host:pid:nonce", 30}}, &metrics);
//   Result<InboundReceipt> r = inbound.Receive(body, "push");  // then 200
//   inbound.HandOnDue();                                       // judges them
#ifndef SETELI_OPERATOR_INBOUND_ENDPOINT_H_
#define SETELI_OPERATOR_INBOUND_ENDPOINT_H_

#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "operator/backoff.h"
#include "operator/exchange_metrics.h"
#include "store/inbox_store.h"

namespace seteli::exchange {

// Handles one stored message (a frame and its invoice). An error leaves the
// message received, to be handed on again after a backoff.
using InboundHook = std::function<Result<store::Done>(const store::InboundMessage&)>;

struct InboundReceipt {
  std::vector<std::string> stored;      // MessageIds new in the store
  std::vector<std::string> duplicates;  // MessageIds stored before
};

struct InboundOptions {
  store::InboundClaim claim;  // this daemon's name and lease on what it hands on
  BackoffPolicy backoff;      // between failed hand-ons of one message
};

class InboundEndpoint {
 public:
  InboundEndpoint(store::InboxStore* store, InboundHook hook, InboundOptions options,
                  ExchangeMetrics* metrics)
      : store_(store),
        hook_(std::move(hook)),
        options_(std::move(options)),
        backoff_(options_.backoff),
        metrics_(metrics) {}

  // Stores the file's messages durably, due for HandOnDue, and calls the
  // stored callback. Errors: invalid_frame (nothing stored: tell the
  // operator 400), store_unavailable / store_full (nothing stored: 503,
  // resend later).
  Result<InboundReceipt> Receive(std::string_view file, const std::string& channel);

  // Called after a Receive stored a new message (InboundRetrier::Wake);
  // empty: nothing is called.
  void SetStoredCallback(std::function<void()> stored);

  // One pass: claims up to 100 received messages that are due and held by
  // no live daemon (left by a crash, a dead daemon's expired claim, or a
  // failed hand-on whose backoff passed) and hands them on. Returns how
  // many were claimed, or the store's error.
  Result<int> HandOnDue();

  const store::InboundClaim& claim() const { return options_.claim; }

 private:
  void HandOn(const store::InboundMessage& m);

  store::InboxStore* store_;
  InboundHook hook_;
  InboundOptions options_;
  Backoff backoff_;
  ExchangeMetrics* metrics_;
  std::mutex mu_;
  std::function<void()> stored_;       // under mu_
  std::set<std::string> stored_here_;  // under mu_: not handed on yet
};

}  // namespace seteli::exchange

#endif  // SETELI_OPERATOR_INBOUND_ENDPOINT_H_
