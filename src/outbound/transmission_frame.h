// The Finvoice transmission frame: the SOAP 1.1 envelope with an ebXML
// MessageHeader that precedes every Finvoice message (or Finvoiceack) in a
// file sent through an e-invoice operator (Finvoice implementation
// guidelines 3.0, section 17).
//
//   TransmissionHeader h;
//   h.routing = {{"003723456780", "BAWCFI22"}, {"003728161658", "BAWCFI22"}};
//   h.message_id = "seteli-2024-05-2345678-0-1";
//   h.timestamp = "2024-06-03T10:00:00+03:00";
//   Result<std::string> file = FrameMessage(h, finvoice_xml);
//
// The parties are written in the order the guideline fixes: sender, the
// sender's intermediator, receiver, the receiver's intermediator. CPAId is
// the constant "yoursandmycpa", Service "Routing". Pure functions; no clock,
// the caller gives the time and the unique message id.
#ifndef SETELI_OUTBOUND_TRANSMISSION_FRAME_H_
#define SETELI_OUTBOUND_TRANSMISSION_FRAME_H_

#include <string>
#include <string_view>

#include "seteli/status.h"

namespace seteli::outbound {

// One end of a transmission: an e-invoice address (OVT, IBAN or an agreed
// identifier) and the operator (intermediator) that serves it, e.g. BAWCFI22.
struct FrameParty {
  std::string address;
  std::string intermediator;
};

struct Routing {
  FrameParty sender;
  FrameParty receiver;
};

// The same routing seen from the other end (for an acknowledgement).
Routing Reverse(const Routing& r);

namespace internal {
class XmlWriter;
// The routing's four ebXML parties in the fixed order of guideline 17.3
// (eb:From sender and intermediator, eb:To receiver and intermediator): the
// frame's header and the Finvoiceack's Acknowledgement both carry them.
void WriteRoutingParties(XmlWriter& w, const Routing& r);
}  // namespace internal

// The actions this engine writes into eb:Action. The guideline's own
// acknowledgement examples (18.1.6) also carry "ProcessInvoice", so an
// acknowledgement frame uses it too; the RefToMessageId tells them apart.
inline constexpr const char* kActionProcessInvoice = "ProcessInvoice";

struct TransmissionHeader {
  Routing routing;
  // Unique per message, at most 48 characters (guideline 17.3.3); also the
  // Manifest reference's xlink:href.
  std::string message_id;
  // xs:dateTime with an offset, "2024-06-03T10:00:00+03:00".
  std::string timestamp;
  // For an acknowledgement: the message id it answers; empty otherwise.
  std::string ref_to_message_id;
  std::string action = kActionProcessInvoice;
  // eb:Reference/@eb:id of the Manifest: "Finvoice" also for Finvoiceack,
  // as in the guideline's examples.
  std::string manifest_id = "Finvoice";
};

inline constexpr size_t kMaxMessageIdLength = 48;

// The frame alone (no XML declaration, UTF-8; the message follows it in the
// same file with its own declaration). Code "invalid_frame" when a party
// address or intermediator is empty, the message id is empty or longer
// than 48 characters, or the timestamp is not an ISO 8601 time with offset.
Result<std::string> BuildTransmissionFrame(const TransmissionHeader& header);

// The frame followed by `message` (a complete XML document with its own
// declaration): what goes to the operator.
Result<std::string> FrameMessage(const TransmissionHeader& header, std::string_view message);

}  // namespace seteli::outbound

#endif  // SETELI_OUTBOUND_TRANSMISSION_FRAME_H_
