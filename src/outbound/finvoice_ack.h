// The Finvoice acknowledgement (Finvoiceack 2.0) for a provider invoice the
// organizer cannot take in at the transport level: not well formed, schema
// invalid, a message id already used, a receiver or intermediator unknown
// (Finvoice implementation guidelines 3.0, section 18). Business rejections
// go back as a Peppol invoice response instead (invoice_response.h); Finnish
// operator rules carry only technical rejections for Finvoice.
//
//   FinvoiceAck ack;
//   ack.original = {routing_of_the_received_frame, "MSG-77", "2024-06-03T09:00:00+03:00"};
//   ack.reason = AckReason::kSchemaInvalid;
//   ack.details = {{"Finvoice/InvoiceDetails/InvoiceDate puuttuu", "InvoiceDate is missing",
//                   "/Finvoice/InvoiceDetails"}};
//   ack.message_id = "ACK-2024-06-03-0001";
//   ack.timestamp = "2024-06-03T09:05:00+03:00";
//   Result<std::string> file = BuildFramedFinvoiceAck(ack);  // frame + Finvoiceack
#ifndef SETELI_OUTBOUND_FINVOICE_ACK_H_
#define SETELI_OUTBOUND_FINVOICE_ACK_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "outbound/transmission_frame.h"
#include "outbound/xml_writer.h"
#include "seteli/status.h"

namespace seteli::outbound {

// The transport-level reasons, each with the guideline's reason code (18.2).
enum class AckReason {
  kUnknownReceiver,       // 2  Receiver not found
  kNoServiceAgreement,    // 3  Service agreement missing
  kUnknownIntermediator,  // 4  Intermediator not found
  kDuplicateMessageId,    // 5  Message ID and timestamp already used
  kNotWellFormed,         // 6  Other error: the description says what
  kOther,                 // 6  Other error
  kSchemaInvalid,         // 7  Schema validation errors
};

// The guideline's number for `reason`.
int AckReasonCode(AckReason reason);
// The guideline's standard text for the code, in Finnish and in English.
std::string AckReasonTextFi(AckReason reason);
std::string AckReasonTextEn(AckReason reason);

// The reason for one of the engine's invoice error codes of layers parse and
// schema (contract.md): not_well_formed, forbidden_dtd and too_large are
// "other error" (6) with the description, schema_invalid is 7. Nothing for
// codes that are business rejections (layers vat and organizer).
std::optional<AckReason> AckReasonForErrorCode(std::string_view code);

// What the received message's frame said (its From/To, id and time). When
// the frame itself was unreadable the caller fills in what the operator
// connection tells it.
struct OriginalMessage {
  Routing routing;
  std::string message_id;
  std::string timestamp;
};

// One finding, written as a Finvoiceack Error element (Code, Text fi, Text
// en, Severity ERROR, Location).
struct AckDetail {
  std::string text_fi;
  std::string text_en;
  std::string location;  // e.g. the element path; may be empty
};

struct FinvoiceAck {
  OriginalMessage original;
  AckReason reason = AckReason::kOther;
  // For kNotWellFormed and kOther the guideline wants the description in
  // the reason text; the first detail's Finnish text is used for it.
  std::vector<AckDetail> details;
  // The acknowledgement's own message id (unique, 6 to 48 characters) and
  // creation time (ISO 8601 with offset).
  std::string message_id;
  std::string timestamp;
};

// The Finvoiceack document (Version 2.0, namespace of Finvoiceack.xsd), in
// `encoding`. Its Acknowledgement names the original sender as From and
// the original receiver as To (guideline 18.1.2). MessageTransmissionDetails
// is written when both message ids have the 6 characters its schema wants.
// Code "invalid_ack" when the original message id or a party is missing.
Result<std::string> BuildFinvoiceAck(const FinvoiceAck& ack, Encoding encoding = Encoding::kIso8859_15);

// The frame (from the organizer back to the original sender, RefToMessageId
// = the original id) followed by the Finvoiceack: what goes to the operator.
Result<std::string> BuildFramedFinvoiceAck(const FinvoiceAck& ack, Encoding encoding = Encoding::kIso8859_15);

}  // namespace seteli::outbound

#endif  // SETELI_OUTBOUND_FINVOICE_ACK_H_
