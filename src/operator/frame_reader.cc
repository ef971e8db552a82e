#include "operator/frame_reader.h"

#include <libxml/tree.h>

#include "finvoice/transmission_split.h"
#include "finvoice/xml_reader.h"

namespace seteli::exchange {
namespace {

using outbound::TransmissionHeader;

Error Invalid(std::string message) { return Error{"invalid_frame", std::move(message)}; }

bool Named(const xmlNode* n, const char* local) {
  return n && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST local);
}

const xmlNode* Child(const xmlNode* parent, const char* local) {
  for (const xmlNode* c = parent ? parent->children : nullptr; c; c = c->next) {
    if (Named(c, local)) return c;
  }
  return nullptr;
}

std::string Text(const xmlNode* n) {
  if (!n) return "";
  xmlChar* t = xmlNodeGetContent(n);
  std::string s = t ? reinterpret_cast<const char*>(t) : "";
  xmlFree(t);
  size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// The eb:From (or eb:To) elements of a header: the first PartyId is the
// address, the second the intermediator, in the fixed order of guideline
// 17.3 (each usually in an element of its own).
outbound::FrameParty Party(const xmlNode* header, const char* side) {
  outbound::FrameParty p;
  int n = 0;
  for (const xmlNode* e = header->children; e; e = e->next) {
    if (!Named(e, side)) continue;
    for (const xmlNode* c = e->children; c; c = c->next) {
      if (Named(c, "PartyId")) (n++ == 0 ? p.address : p.intermediator) = Text(c);
    }
  }
  return p;
}

Result<TransmissionHeader> HeaderOf(const xmlNode* envelope) {
  const xmlNode* header = Child(Child(envelope, "Header"), "MessageHeader");
  if (!header) return Invalid("the frame has no eb:MessageHeader");
  TransmissionHeader h;
  h.routing.sender = Party(header, "From");
  h.routing.receiver = Party(header, "To");
  const xmlNode* data = Child(header, "MessageData");
  h.message_id = Text(Child(data, "MessageId"));
  h.timestamp = Text(Child(data, "Timestamp"));
  h.ref_to_message_id = Text(Child(data, "RefToMessageId"));
  h.action = Text(Child(header, "Action"));
  if (h.message_id.empty() || h.message_id.size() > outbound::kMaxMessageIdLength) {
    return Invalid("the frame's MessageId must have 1 to 48 characters");
  }
  if (h.routing.sender.address.empty() || h.routing.receiver.address.empty()) {
    return Invalid("the frame names no sender or no receiver");
  }
  return h;
}

}  // namespace

Result<TransmissionHeader> ReadFrameHeader(std::string_view envelope) {
  finvoice::ParsedXml xml = finvoice::ParseXml(envelope);
  if (xml.error) return Invalid("the frame is not readable XML: " + xml.error->message_en);
  const xmlNode* root = xmlDocGetRootElement(xml.doc.get());
  if (!Named(root, "Envelope")) return Invalid("the document is not a SOAP Envelope");
  return HeaderOf(root);
}

Result<std::vector<FramedMessage>> SplitFramedMessages(std::string_view file) {
  std::vector<finvoice::DocumentPart> parts = finvoice::SplitDocuments(file);
  std::vector<FramedMessage> out;
  for (size_t i = 0; i < parts.size(); ++i) {
    const finvoice::DocumentPart& p = parts[i];
    if (finvoice::LocalName(p.root_name) != "Envelope") {
      return Invalid("document at line " + std::to_string(p.first_line) + " has no frame before it");
    }
    auto header = ReadFrameHeader(file.substr(p.offset, p.size));
    if (!header.ok()) return header.error();
    // The message is the next document unless that is the next frame.
    size_t end = p.offset + p.size;
    if (i + 1 < parts.size() && finvoice::LocalName(parts[i + 1].root_name) != "Envelope") {
      ++i;
      end = parts[i].offset + parts[i].size;
    }
    out.push_back({header.value(), std::string(file.substr(p.offset, end - p.offset))});
  }
  if (out.empty()) return Invalid("the file holds no framed message");
  return out;
}

Result<std::string> FrameForSending(const std::string& body) {
  std::vector<finvoice::DocumentPart> parts = finvoice::SplitDocuments(body);
  if (parts.empty()) return Invalid("the message is empty");
  if (finvoice::LocalName(parts[0].root_name) == "Envelope") return body;
  finvoice::ParsedXml xml = finvoice::ParseXml(std::string_view(body).substr(parts[0].offset, parts[0].size));
  if (xml.error) return Invalid("the message is not readable XML: " + xml.error->message_en);
  const xmlNode* details = Child(xmlDocGetRootElement(xml.doc.get()), "MessageTransmissionDetails");
  if (!details) return Invalid("the message has no frame and no MessageTransmissionDetails");
  TransmissionHeader h;
  const xmlNode* from = Child(details, "MessageSenderDetails");
  const xmlNode* to = Child(details, "MessageReceiverDetails");
  const xmlNode* data = Child(details, "MessageDetails");
  h.routing.sender = {Text(Child(from, "FromIdentifier")), Text(Child(from, "FromIntermediator"))};
  h.routing.receiver = {Text(Child(to, "ToIdentifier")), Text(Child(to, "ToIntermediator"))};
  h.message_id = Text(Child(data, "MessageIdentifier"));
  h.timestamp = Text(Child(data, "MessageTimeStamp"));
  return outbound::FrameMessage(h, body);
}

}  // namespace seteli::exchange
