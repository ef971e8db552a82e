#include "receiving/notice_delivery.h"

#include "outbound/transmission_frame.h"

namespace seteli::receiving {
namespace {

// What the outbox sends must carry its routing: a Finvoiceack comes framed;
// an invoice response (UBL, no MessageTransmissionDetails) is framed here,
// from the organizer to the provider, with the notice's ID as MessageId.
Result<std::string> Framed(const Notice& notice, const RejectionFacts& facts) {
  if (notice.kind == kNoticeFinvoiceAck || !facts.organizer) return notice.xml;
  outbound::TransmissionHeader h;
  h.routing.sender = {facts.organizer->einvoice_address, facts.organizer->einvoice_operator};
  h.routing.receiver = {facts.provider->einvoice_address, facts.provider->einvoice_operator};
  h.message_id = facts.notice_id;
  h.timestamp = facts.timestamp;
  h.ref_to_message_id = facts.received_message_id;
  return outbound::FrameMessage(h, notice.xml);
}

}  // namespace

Delivered NoticeDelivery::Deliver(const Notice& notice, const RejectionFacts& facts,
                                  const std::string& month) {
  if (!facts.provider) return {"api", "no_route"};  // nobody known to send it to
  if (notice.kind == kNoticeFinvoiceAck || facts.provider->receives_invoice_responses) {
    return ToOperator(notice, facts, month);
  }
  return ByEmail(notice, facts);
}

Delivered NoticeDelivery::ToOperator(const Notice& notice, const RejectionFacts& facts,
                                     const std::string& month) {
  if (facts.provider->einvoice_address.empty()) return {"api", "no_route"};
  store::OutboxMessage m;
  m.message_id = facts.notice_id;
  m.kind = notice.kind;
  m.provider = facts.provider->business_id;
  m.month = month;
  m.subject = facts.invoice_number;
  auto framed = Framed(notice, facts);
  if (!framed.ok()) return {"operator", "failed: " + framed.error().message};
  m.body = framed.value();
  auto queued = store_->QueueMessage(
      m, {"receiver", "outbox.queue", notice.kind + " " + facts.notice_id, facts.invoice_number});
  if (!queued.ok()) return {"operator", "failed: " + queued.error().message};
  return {"operator", "queued"};
}

Delivered NoticeDelivery::ByEmail(const Notice& notice, const RejectionFacts& facts) {
  if (facts.provider->email.empty()) return {"api", "no_email"};
  if (!mailer_) return {"api", "no_smtp"};
  MailNotice mail;
  mail.to = facts.provider->email;
  std::string number = facts.invoice_number.empty() ? "-" : facts.invoice_number;
  mail.subject = "Lasku " + number + " palautettu / Invoice " + number + " returned";
  mail.text = LetterText(facts);
  mail.attachment = notice.xml;
  mail.attachment_name = facts.notice_id + ".xml";
  auto sent = mailer_->Send(mail);
  if (!sent.ok()) return {"email", "failed: " + sent.error().message};
  return {"email", "sent"};
}

}  // namespace seteli::receiving
