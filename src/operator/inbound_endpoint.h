// Messages from the operator into the daemon. A posted (or polled) file is
// cut into its framed messages, each stored raw under its frame's MessageId
// in one transaction; only then does the caller answer the operator, so an
// acknowledged message is never lost. A MessageId stored before is a
// duplicate: acknowledged again, not processed again. Each message of a
// batch is then handed on its own to the receiving side (the hook), and
// marked processed when the hook succeeds; what a crash leaves unprocessed
// is handed on again by ProcessPending at the next start.
//
//   InboundEndpoint inbound(store, [&](const store::InboundMessage& m) {
//     return receiver.Receive(m.raw, m.channel);
//   }, &metrics);
//   Result<InboundReceipt> r = inbound.Receive(body, "push");  // then 200
#ifndef SETELI_OPERATOR_INBOUND_ENDPOINT_H_
#define SETELI_OPERATOR_INBOUND_ENDPOINT_H_

#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "operator/exchange_metrics.h"
#include "store/store.h"

namespace seteli::exchange {

// Handles one stored message (a frame and its invoice). An error leaves the
// message received, to be handed on again later.
using InboundHook = std::function<Result<store::Done>(const store::InboundMessage&)>;

struct InboundReceipt {
  std::vector<std::string> stored;      // MessageIds new in the store
  std::vector<std::string> duplicates;  // MessageIds stored before
};

// Lowercase hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

class InboundEndpoint {
 public:
  InboundEndpoint(store::Store* store, InboundHook hook, ExchangeMetrics* metrics)
      : store_(store), hook_(std::move(hook)), metrics_(metrics) {}

  // Stores the file's messages durably, then hands the new ones to the
  // hook. Errors: invalid_frame (nothing stored: tell the operator 400),
  // store_unavailable / store_full (nothing stored: 503, resend later).
  Result<InboundReceipt> Receive(std::string_view file, const std::string& channel);

  // Hands every message still in state received to the hook (after a
  // crash between storing and handing on). Returns how many were handled.
  int ProcessPending();

 private:
  void HandOn(const store::InboundMessage& m);

  store::Store* store_;
  InboundHook hook_;
  ExchangeMetrics* metrics_;
};

}  // namespace seteli::exchange

#endif  // SETELI_OPERATOR_INBOUND_ENDPOINT_H_
