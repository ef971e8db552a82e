#include "receiving/notice_delivery.h"

#include <optional>

#include "outbound/transmission_frame.h"

namespace seteli::receiving {
namespace {

// Who a notice goes to and from: from the organizer to the seller's
// e-invoice address in the provider registry, whatever address the frame
// came from (a stranger writing in a provider's name learns nothing; the
// provider learns that someone tried). Only a seller the registry does not
// know is answered back along the frame (to its From), and only with a
// Finvoiceack of technical faults (rejection_notice.h).
outbound::Routing ReplyRouting(const RejectionFacts& facts) {
  if (!facts.provider && facts.frame) return outbound::Reverse(facts.frame->routing);
  outbound::Routing r;
  r.sender = {facts.organizer->einvoice_address, facts.organizer->einvoice_operator};
  if (facts.provider) r.receiver = {facts.provider->einvoice_address, facts.provider->einvoice_operator};
  return r;
}

// What the outbox sends must carry its routing: a Finvoiceack comes framed
// (the same way back, rejection_notice.cc); an invoice response (UBL, no
// MessageTransmissionDetails) is framed here with the notice's ID as
// MessageId.
Result<std::string> Framed(const Notice& notice, const RejectionFacts& facts) {
  if (notice.kind == kNoticeFinvoiceAck) return notice.xml;
  outbound::TransmissionHeader h;
  h.routing = ReplyRouting(facts);
  h.message_id = facts.notice_id;
  h.timestamp = facts.timestamp;
  h.ref_to_message_id = facts.frame ? facts.frame->message_id : facts.received_message_id;
  return outbound::FrameMessage(h, notice.xml);
}

}  // namespace

Result<Delivered> NoticeDelivery::Deliver(const Notice& notice, const RejectionFacts& facts,
                                          const std::string& month) {
  bool ack = notice.kind == kNoticeFinvoiceAck;
  // A framed message can always be answered with a Finvoiceack, even from
  // a sender the registry does not know (it then names only the technical
  // faults of the bytes it sent); otherwise nobody is known to send it to.
  if (!facts.provider && !(ack && facts.frame)) return Delivered{"api", "no_route"};
  if (ack || facts.provider->receives_invoice_responses) return ToOperator(notice, facts, month);
  return ByEmail(notice, facts);
}

Delivered NoticeDelivery::ToOperator(const Notice& notice, const RejectionFacts& facts,
                                     const std::string& month) {
  if (!facts.organizer || ReplyRouting(facts).receiver.address.empty()) return {"api", "no_route"};
  store::OutboxMessage m;
  m.message_id = facts.notice_id;
  m.kind = notice.kind;
  m.provider = facts.provider ? facts.provider->business_id : "";
  m.month = month;
  m.subject = facts.invoice_number;
  auto framed = Framed(notice, facts);
  if (!framed.ok()) return {"operator", "invalid: " + framed.error().message};
  m.body = framed.value();
  auto queued = store_->QueueMessage(
      m, {"receiver", "outbox.queue", notice.kind + " " + facts.notice_id, facts.invoice_number});
  if (!queued.ok()) return {"operator", "failed: " + queued.error().message};
  return {"operator", "queued"};
}

Result<Delivered> NoticeDelivery::ByEmail(const Notice& notice, const RejectionFacts& facts) {
  if (facts.provider->email.empty()) return Delivered{"api", "no_email"};
  if (!mailer_) return Delivered{"api", "no_smtp"};
  MailNotice mail;
  mail.to = facts.provider->email;
  std::string number = facts.invoice_number.empty() ? "-" : facts.invoice_number;
  mail.subject = "Lasku " + number + " palautettu / Invoice " + number + " returned";
  mail.text = LetterText(facts);
  mail.attachment = notice.xml;
  mail.attachment_name = facts.notice_id + ".xml";
  mail.notice_id = facts.notice_id;
  // A daemon that stalled past its lease (while connecting, say, or in the
  // SMTP dialogue) and lost the message to another leaves the mail to it.
  std::optional<Error> fenced;
  BeforeCommit still_held;
  if (fence_) {
    still_held = [&]() -> Result<store::Done> {
      auto held = store_->CheckInboundClaim(*fence_);
      if (!held.ok()) fenced = held.error();
      return held;
    };
  }
  auto sent = mailer_->Send(mail, still_held);
  if (fenced) return *fenced;
  if (!sent.ok()) return Delivered{"email", "failed: " + sent.error().message};
  return Delivered{"email", "sent"};
}

}  // namespace seteli::receiving
