#include "operator/inbound_endpoint.h"

#include <random>

#include "formats/sha256.h"
#include "operator/frame_reader.h"

namespace seteli::exchange {
namespace {

constexpr size_t kMaxRemembered = 100000;

}  // namespace

Result<InboundReceipt> InboundEndpoint::Receive(std::string_view file, const std::string& channel) {
  auto parts = SplitFramedMessages(file);
  if (!parts.ok()) {
    metrics_->CountReceived("invalid");
    return parts.error();
  }
  std::vector<store::InboundMessage> rows;
  rows.reserve(parts.value().size());
  for (FramedMessage& p : parts.value()) {
    store::InboundMessage m;
    m.message_id = p.header.message_id;
    m.channel = channel;
    m.sha256 = formats::Sha256Hex(p.raw);
    m.raw = std::move(p.raw);  // one copy of the file's bytes, not two
    rows.push_back(std::move(m));
  }
  parts.value().clear();
  // Stored due at once and held by no one (no owner, so no renewal keeps
  // them, and a lease of nothing): the judging is a pass's, not this
  // request's, so the operator is answered as soon as the batch is
  // durable, and a crash after the answer leaves the messages to the next
  // pass of whichever daemon runs.
  auto fresh = store_->StoreInbound(rows, store::InboundClaim{"", 0});
  if (!fresh.ok()) return fresh.error();
  InboundReceipt receipt;
  bool any = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    // Only for the "resumed" count: another daemon on the store may hand
    // these on, so their names are never erased here; a cap keeps them
    // from growing without end (a few then count as resumed).
    if (stored_here_.size() > kMaxRemembered) stored_here_.clear();
    for (size_t i = 0; i < rows.size(); ++i) {
      (fresh.value()[i] ? receipt.stored : receipt.duplicates).push_back(rows[i].message_id);
      metrics_->CountReceived(fresh.value()[i] ? "stored" : "duplicate");
      if (fresh.value()[i]) stored_here_.insert(rows[i].message_id);
      any = any || fresh.value()[i];
    }
  }
  std::function<void()> stored;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stored = stored_;
  }
  if (any && stored) stored();
  return receipt;
}

void InboundEndpoint::SetStoredCallback(std::function<void()> stored) {
  std::lock_guard<std::mutex> lock(mu_);
  stored_ = std::move(stored);
}

void InboundEndpoint::HandOn(const store::InboundMessage& m) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  auto handed = hook_ ? hook_(m) : Result<store::Done>(store::Done{});
  if (handed.ok()) {
    // Should this fail, the claim expires and the message is handed on
    // again; the receiving side resumes it rather than judging it twice.
    (void)store_->MarkInboundProcessed(store::FenceOf(m));
    return;
  }
  if (handed.error().kind == ErrorKind::kAborted) {
    // This daemon stalled past its lease and another took the message
    // over: the store refused what this one would have written, and the
    // message is the other's to finish. Nothing to release or retry.
    metrics_->CountReceived("claim_lost");
    return;
  }
  metrics_->CountReceived("hand_on_failed");
  // Should this fail too (the store is down), the claim expires instead
  // and a later pass takes the message.
  (void)store_->MarkInboundFailed(store::FenceOf(m), ToLine(handed.error()),
                                  backoff_.Delay(m.attempts + 1, rng));
}

Result<int> InboundEndpoint::HandOnDue() {
  auto due = store_->ClaimDueInbound(options_.claim, 100);
  if (!due.ok()) return due.error();
  for (const store::InboundMessage& m : due.value()) {
    // "resumed": handed on by a pass though not stored by this daemon's
    // run (left by a crash, a dead daemon) or handed on before and failed.
    bool first = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      first = stored_here_.erase(m.message_id) > 0 && m.attempts == 0;
    }
    if (!first) metrics_->CountReceived("resumed");
    HandOn(m);
  }
  return static_cast<int>(due.value().size());
}

}  // namespace seteli::exchange
