#include "outbound/finvoice_ack.h"

namespace seteli::outbound {
namespace {

// The namespace Finvoiceack.xsd declares (its guideline examples show
// www.finvoice.info; the schema, which receivers validate with, rules).
constexpr const char* kAckNs = "http://www.pankkiyhdistys.fi/verkkolasku/finvoice/finvoiceack.xsd";
constexpr const char* kEbNs = "http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd";
// MessageIdentifier and RefToMessageIdentifier take 6 to 98 characters.
constexpr size_t kMinTransmissionId = 6;

struct ReasonText {
  AckReason reason;
  int code;
  const char* fi;
  const char* en;
};

// Guideline 18.2 (texts in English there; the Finnish ones as Finnish
// operators word them).
constexpr ReasonText kReasons[] = {
    {AckReason::kUnknownReceiver, 2, "Vastaanottajaa ei löydy", "Receiver not found"},
    {AckReason::kNoServiceAgreement, 3, "Palvelusopimus puuttuu", "Service agreement missing"},
    {AckReason::kUnknownIntermediator, 4, "Välittäjää ei löydy", "Intermediator not found"},
    {AckReason::kDuplicateMessageId, 5, "Sanoman tunnus ja aikaleima on jo käytetty",
     "Message ID and timestamp already used"},
    {AckReason::kNotWellFormed, 6, "Muu virhe: sanoma ei ole hyvin muodostettua XML:ää",
     "Other error: the message is not well-formed XML"},
    {AckReason::kOther, 6, "Muu virhe", "Other error"},
    {AckReason::kSchemaInvalid, 7, "Skeemavalidointivirheitä", "Schema validation errors"},
};

const ReasonText& Find(AckReason r) {
  for (const ReasonText& t : kReasons) {
    if (t.reason == r) return t;
  }
  return kReasons[5];  // kOther
}

void Acknowledgement(internal::XmlWriter& w, const FinvoiceAck& ack) {
  const ReasonText& reason = Find(ack.reason);
  w.Start("Acknowledgement");
  internal::WriteRoutingParties(w, ack.original.routing);
  w.Start("MessageData");
  w.ElementNs("eb", "MessageId", ack.original.message_id);
  w.ElementNs("eb", "Timestamp", ack.original.timestamp);
  w.End();
  w.Start("Reason");
  w.Element("Code", std::to_string(reason.code));
  // Text occurs at most twice: the standard text, then its English.
  std::string fi = reason.fi;
  bool describe = ack.reason == AckReason::kOther || ack.reason == AckReason::kNotWellFormed;
  if (describe && !ack.details.empty() && !ack.details[0].text_fi.empty()) fi += ": " + ack.details[0].text_fi;
  w.Element("Text", fi);
  w.Element("Text", reason.en);
  w.End();
  w.End();
}

void TransmissionDetails(internal::XmlWriter& w, const FinvoiceAck& ack) {
  Routing back = Reverse(ack.original.routing);
  w.Start("MessageTransmissionDetails");
  w.Start("MessageSenderDetails");
  w.Element("FromIdentifier", back.sender.address);
  w.Element("FromIntermediator", back.sender.intermediator);
  w.End();
  w.Start("MessageReceiverDetails");
  w.Element("ToIdentifier", back.receiver.address);
  w.Element("ToIntermediator", back.receiver.intermediator);
  w.End();
  w.Start("MessageDetails");
  w.Element("MessageIdentifier", ack.message_id);
  w.Element("MessageTimeStamp", ack.timestamp);
  w.Element("RefToMessageIdentifier", ack.original.message_id);
  w.End();
  w.End();
}

void Errors(internal::XmlWriter& w, const FinvoiceAck& ack) {
  const ReasonText& reason = Find(ack.reason);
  for (const AckDetail& d : ack.details) {
    w.Start("Error");
    w.Element("Code", std::to_string(reason.code));
    w.Element("Text", d.text_fi.empty() ? reason.fi : d.text_fi);
    w.Element("Text", d.text_en.empty() ? reason.en : d.text_en);
    w.Element("Severity", "ERROR");
    if (!d.location.empty()) w.Element("Location", d.location);
    w.End();
  }
}

std::optional<Error> CheckAck(const FinvoiceAck& ack) {
  const Routing& r = ack.original.routing;
  for (const std::string* s : {&r.sender.address, &r.sender.intermediator, &r.receiver.address,
                               &r.receiver.intermediator, &ack.original.message_id, &ack.original.timestamp}) {
    if (s->empty()) return Error{"invalid_ack", "the original message's parties, id and timestamp are needed"};
  }
  return std::nullopt;
}

}  // namespace

int AckReasonCode(AckReason reason) { return Find(reason).code; }
std::string AckReasonTextFi(AckReason reason) { return Find(reason).fi; }
std::string AckReasonTextEn(AckReason reason) { return Find(reason).en; }

std::optional<AckReason> AckReasonForErrorCode(std::string_view code) {
  if (code == "schema_invalid") return AckReason::kSchemaInvalid;
  if (code == "not_well_formed") return AckReason::kNotWellFormed;
  if (code == "forbidden_dtd" || code == "too_large") return AckReason::kOther;
  return std::nullopt;
}

Result<std::string> BuildFinvoiceAck(const FinvoiceAck& ack, Encoding encoding) {
  if (auto bad = CheckAck(ack)) return *bad;
  internal::XmlWriter w(encoding, /*declaration=*/true);
  w.StartNs(nullptr, "Finvoiceack", kAckNs);
  w.AttributeNs("xmlns", "eb", kEbNs);
  w.Attribute("Version", "2.0");
  Acknowledgement(w, ack);
  if (ack.message_id.size() >= kMinTransmissionId && ack.original.message_id.size() >= kMinTransmissionId &&
      !ack.timestamp.empty()) {
    TransmissionDetails(w, ack);
  }
  Errors(w, ack);
  w.End();
  return w.Finish();
}

Result<std::string> BuildFramedFinvoiceAck(const FinvoiceAck& ack, Encoding encoding) {
  Result<std::string> body = BuildFinvoiceAck(ack, encoding);
  if (!body.ok()) return body.error();
  TransmissionHeader h;
  h.routing = Reverse(ack.original.routing);
  h.message_id = ack.message_id;
  h.timestamp = ack.timestamp;
  h.ref_to_message_id = ack.original.message_id;
  return FrameMessage(h, body.value());
}

}  // namespace seteli::outbound
