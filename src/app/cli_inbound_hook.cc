#include <chrono>

#include "app/inbound_hook.h"
#include "finvoice/invoice_validator.h"
#include "operator/frame_reader.h"
#include "outbound/finvoice_ack.h"
#include "seteli/time.h"

namespace seteli::app {
namespace {

std::string NowWithOffset() {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
  return Instant::FromUnixSeconds(secs).ToHelsinkiString();
}

// The first technical (parse or schema layer) finding's reason, with every
// such finding as a detail; nothing when the message passes both layers.
std::optional<outbound::FinvoiceAck> TechnicalRejection(const finvoice::InvoiceReport& report) {
  outbound::FinvoiceAck ack;
  bool found = false;
  for (const finvoice::InvoiceError& e : report.errors) {
    if (e.layer != finvoice::Layer::kParse && e.layer != finvoice::Layer::kSchema) continue;
    auto reason = outbound::AckReasonForErrorCode(e.code);
    if (!reason) continue;
    if (!found) ack.reason = *reason;
    found = true;
    ack.details.push_back({e.message_fi, e.message_en, e.path});
  }
  if (!found) return std::nullopt;
  return ack;
}

}  // namespace

exchange::InboundHook MakeTechnicalCheckHook(store::Store* store) {
  return [store](const store::InboundMessage& m) -> Result<store::Done> {
    auto framed = exchange::SplitFramedMessages(m.raw);
    if (!framed.ok()) return store::Done{};  // stored raw; nothing to answer to
    const outbound::TransmissionHeader& h = framed.value()[0].header;
    finvoice::InvoiceValidator validator(finvoice::ValidateOptions{});
    for (const finvoice::InvoiceReport& report : validator.ValidateBytes(m.raw, m.message_id)) {
      auto ack = TechnicalRejection(report);
      if (!ack) continue;
      ack->original = {h.routing, h.message_id, h.timestamp};
      ack->message_id = "ACK-" + exchange::Sha256Hex(h.message_id).substr(0, 40);
      ack->timestamp = NowWithOffset();
      auto file = outbound::BuildFramedFinvoiceAck(*ack);
      if (!file.ok()) return file.error();
      store::OutboxMessage out{ack->message_id, "finvoiceack", h.routing.sender.address, "",
                               "ack:" + h.message_id, file.value()};
      auto queued = store->QueueMessage(out, {"system:operator", "outbox.queue", ack->message_id,
                                              "technical rejection of " + h.message_id});
      if (!queued.ok()) return queued.error();
      break;  // one acknowledgement per message
    }
    return store::Done{};
  };
}

}  // namespace seteli::app
