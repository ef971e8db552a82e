// Reading transmissions as the operator carries them: the ebXML header of a
// SOAP frame, a file cut into its framed messages, and a stored outbox body
// made ready to send (framed from its own MessageTransmissionDetails when
// it was queued bare, so frame and invoice always agree).
//
//   Result<std::vector<FramedMessage>> parts = SplitFramedMessages(file_bytes);
//   for (const FramedMessage& m : parts.value()) store(m.header.message_id, m.raw);
//
// Parsing goes through the hardened reader of src/finvoice (no DTDs, no
// network, size caps). Pure functions; thread-safe.
#ifndef SETELI_OPERATOR_FRAME_READER_H_
#define SETELI_OPERATOR_FRAME_READER_H_

#include <string>
#include <string_view>
#include <vector>

#include "outbound/transmission_frame.h"
#include "seteli/status.h"

namespace seteli::exchange {

// The header of one SOAP frame (a complete Envelope document). Code
// "invalid_frame" when it is not an Envelope with a MessageHeader, a
// MessageId of 1 to 48 characters and both parties.
Result<outbound::TransmissionHeader> ReadFrameHeader(std::string_view envelope);

// One message of a file: its frame's header and the bytes of the frame and
// the message that follows it, as received.
struct FramedMessage {
  outbound::TransmissionHeader header;
  std::string raw;
};

// The framed messages of a file in order: each Envelope with the document
// after it (the Finvoice or Finvoiceack; none when the message sits in the
// SOAP Body). "invalid_frame" when the file has no frame, a document
// precedes the first frame, or any frame is unreadable: the operator gets
// an error for the whole file and nothing is stored.
Result<std::vector<FramedMessage>> SplitFramedMessages(std::string_view file);

// The bytes to post for an outbox body: as it is when it starts with a
// frame; otherwise the frame is built from the message's own
// MessageTransmissionDetails (From/To, MessageIdentifier, MessageTimeStamp).
// Code "invalid_frame" when neither is there.
Result<std::string> FrameForSending(const std::string& body);

}  // namespace seteli::exchange

#endif  // SETELI_OPERATOR_FRAME_READER_H_
