#include "outbound/transmission_frame.h"

#include <optional>

#include "outbound/xml_writer.h"
#include "seteli/time.h"

namespace seteli::outbound {
namespace {

constexpr const char* kSoapNs = "http://schemas.xmlsoap.org/soap/envelope/";
constexpr const char* kEbNs = "http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd";
constexpr const char* kXlinkNs = "http://www.w3.org/1999/xlink";
// What the Manifest says the referenced message is; the value the
// guideline's examples and the operators' frames carry.
constexpr const char* kFinvoiceSchemaLocation =
    "http://www.pankkiyhdistys.fi/verkkolasku/finvoice/finvoice.xsd";

Error Invalid(std::string message) { return Error{"invalid_frame", std::move(message)}; }

std::optional<Error> CheckHeader(const TransmissionHeader& h) {
  const FrameParty* parties[] = {&h.routing.sender, &h.routing.receiver};
  for (const FrameParty* p : parties) {
    if (p->address.empty() || p->intermediator.empty()) {
      return Invalid("every party needs an e-invoice address and an intermediator");
    }
  }
  if (h.message_id.empty() || h.message_id.size() > kMaxMessageIdLength) {
    return Invalid("the message id must have 1 to 48 characters: '" + h.message_id + "'");
  }
  if (!Instant::Parse(h.timestamp).ok()) {
    return Invalid("the timestamp is not an ISO 8601 time with offset: '" + h.timestamp + "'");
  }
  if (h.action.empty()) return Invalid("the action is empty");
  return std::nullopt;
}

void WriteHeader(internal::XmlWriter& w, const TransmissionHeader& h) {
  w.StartNs("SOAP-ENV", "Header");
  w.StartNs("eb", "MessageHeader");
  w.AttributeNs("SOAP-ENV", "mustUnderstand", "1");
  w.AttributeNs("eb", "version", "2.0");
  // The fixed order of guideline 17.3: Finvoice repeats From and To where
  // ebXML 2.0 has one of each (the guideline says so; docs/outbound.md).
  internal::WriteRoutingParties(w, h.routing);
  w.ElementNs("eb", "CPAId", "yoursandmycpa");
  // ebXML requires a non-empty ConversationId; Finvoice does not use it, so
  // it repeats the message id rather than staying empty (which ebXML rejects).
  w.ElementNs("eb", "ConversationId", h.message_id);
  w.ElementNs("eb", "Service", "Routing");
  w.ElementNs("eb", "Action", h.action);
  w.StartNs("eb", "MessageData");
  w.ElementNs("eb", "MessageId", h.message_id);
  w.ElementNs("eb", "Timestamp", h.timestamp);
  if (!h.ref_to_message_id.empty()) w.ElementNs("eb", "RefToMessageId", h.ref_to_message_id);
  w.End();  // MessageData
  w.End();  // MessageHeader
  w.End();  // Header
}

void WriteBody(internal::XmlWriter& w, const TransmissionHeader& h) {
  w.StartNs("SOAP-ENV", "Body");
  w.StartNs("eb", "Manifest");
  w.AttributeNs("eb", "id", "Manifest");
  w.AttributeNs("eb", "version", "2.0");
  w.StartNs("eb", "Reference");
  w.AttributeNs("eb", "id", h.manifest_id);
  w.AttributeNs("xlink", "href", h.message_id);
  w.StartNs("eb", "Schema");
  w.AttributeNs("eb", "location", kFinvoiceSchemaLocation);
  w.AttributeNs("eb", "version", "2.0");
  w.End();  // Schema
  w.End();  // Reference
  w.End();  // Manifest
  w.End();  // Body
}

void WriteParty(internal::XmlWriter& w, const char* direction, const std::string& id,
                const char* role) {
  w.StartNs("eb", direction);
  w.ElementNs("eb", "PartyId", id);
  w.ElementNs("eb", "Role", role);
  w.End();
}

}  // namespace

namespace internal {

void WriteRoutingParties(XmlWriter& w, const Routing& r) {
  WriteParty(w, "From", r.sender.address, "Sender");
  WriteParty(w, "From", r.sender.intermediator, "Intermediator");
  WriteParty(w, "To", r.receiver.address, "Receiver");
  WriteParty(w, "To", r.receiver.intermediator, "Intermediator");
}

}  // namespace internal

Routing Reverse(const Routing& r) { return Routing{r.receiver, r.sender}; }

Result<std::string> BuildTransmissionFrame(const TransmissionHeader& header) {
  if (auto bad = CheckHeader(header)) return *bad;
  internal::XmlWriter w(Encoding::kUtf8, /*declaration=*/false);
  w.StartNs("SOAP-ENV", "Envelope", kSoapNs);
  // Declared once on the envelope so every eb: and xlink: element below
  // shares them, as in the guideline's example.
  w.AttributeNs("xmlns", "eb", kEbNs);
  w.AttributeNs("xmlns", "xlink", kXlinkNs);
  WriteHeader(w, header);
  WriteBody(w, header);
  w.End();  // Envelope
  return w.Finish();
}

Result<std::string> FrameMessage(const TransmissionHeader& header, std::string_view message) {
  Result<std::string> frame = BuildTransmissionFrame(header);
  if (!frame.ok()) return frame.error();
  std::string out = std::move(frame).value();
  if (!out.empty() && out.back() != '\n') out += '\n';
  out.append(message);
  return out;
}

}  // namespace seteli::outbound
