#include "operator/inbound_endpoint.h"

#include <openssl/sha.h>

#include <random>

#include "operator/frame_reader.h"

namespace seteli::exchange {

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

Result<InboundReceipt> InboundEndpoint::Receive(std::string_view file, const std::string& channel) {
  auto parts = SplitFramedMessages(file);
  if (!parts.ok()) {
    metrics_->CountReceived("invalid");
    return parts.error();
  }
  std::vector<store::InboundMessage> rows;
  for (const FramedMessage& p : parts.value()) {
    store::InboundMessage m;
    m.message_id = p.header.message_id;
    m.channel = channel;
    m.raw = p.raw;
    m.sha256 = Sha256Hex(p.raw);
    rows.push_back(std::move(m));
  }
  auto fresh = store_->StoreInbound(rows, options_.claim);
  if (!fresh.ok()) return fresh.error();
  // Durable from here: the caller may acknowledge.
  InboundReceipt receipt;
  for (size_t i = 0; i < rows.size(); ++i) {
    (fresh.value()[i] ? receipt.stored : receipt.duplicates).push_back(rows[i].message_id);
    metrics_->CountReceived(fresh.value()[i] ? "stored" : "duplicate");
  }
  // Only the call that stored a message hands it on, so a duplicate
  // delivery never reaches the receiving side twice.
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!fresh.value()[i]) continue;
    rows[i].claimed_by = options_.claim.owner;  // stored claimed by us
    rows[i].claim_generation = store::kFirstClaimGeneration;
    HandOn(rows[i]);
  }
  return receipt;
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
    metrics_->CountReceived("resumed");
    HandOn(m);
  }
  return static_cast<int>(due.value().size());
}

}  // namespace seteli::exchange
