#include "operator/inbound_endpoint.h"

#include <openssl/sha.h>

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
  auto fresh = store_->StoreInbound(rows);
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
    if (fresh.value()[i]) HandOn(rows[i]);
  }
  return receipt;
}

void InboundEndpoint::HandOn(const store::InboundMessage& m) {
  if (hook_ && !hook_(m).ok()) return;  // stays received; ProcessPending retries
  (void)store_->MarkInboundProcessed(m.message_id);
}

int InboundEndpoint::ProcessPending() {
  int handled = 0;
  for (;;) {
    auto pending = store_->ListInbound(store::kInboundReceived, 100);
    if (!pending.ok() || pending.value().empty()) return handled;
    int before = handled;
    for (const store::InboundMessage& m : pending.value()) {
      HandOn(m);
      ++handled;
    }
    // A hook that keeps failing leaves the rows; stop rather than spin.
    auto left = store_->ListInbound(store::kInboundReceived, 100);
    if (!left.ok() || (left.value().size() == pending.value().size() && handled > before)) {
      return handled;
    }
  }
}

}  // namespace seteli::exchange
