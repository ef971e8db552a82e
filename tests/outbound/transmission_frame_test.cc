// The SOAP/ebXML transmission frame: valid SOAP 1.1, the guideline's party
// order and constants, and ebXML 2.0 apart from the one deviation the
// Finvoice guideline makes on purpose.
#include "outbound/transmission_frame.h"

#include <gtest/gtest.h>
#include <libxml/tree.h>

#include "schema_set.h"

namespace seteli::outbound {
namespace {

TransmissionHeader Header() {
  TransmissionHeader h;
  h.routing = {{"003723456780", "BAWCFI22"}, {"003728161658", "NDEAFIHH"}};
  h.message_id = "seteli-2024-05-2345678-0-1";
  h.timestamp = "2024-06-03T10:00:00+03:00";
  return h;
}

std::string Frame(const TransmissionHeader& h) {
  Result<std::string> f = BuildTransmissionFrame(h);
  EXPECT_TRUE(f.ok()) << (f.ok() ? "" : ToLine(f.error()));
  return f.ok() ? f.value() : "";
}

TEST(TransmissionFrame, IsAValidSoap11Envelope) {
  testing::SchemaSet soap = testing::SchemaSet::Load(testing::EnvelopeXsd());
  ASSERT_TRUE(soap.loaded());
  std::vector<std::string> errors = soap.Validate(Frame(Header()));
  EXPECT_TRUE(errors.empty()) << errors[0];
}

TEST(TransmissionFrame, PartiesInTheGuidelinesOrderAndTheFixedValues) {
  testing::DocPtr doc = testing::Parse(Frame(Header()));
  ASSERT_TRUE(doc);
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//eb:MessageHeader/*[self::eb:From or self::eb:To]/eb:PartyId"),
            (std::vector<std::string>{"003723456780", "BAWCFI22", "003728161658", "NDEAFIHH"}));
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//eb:MessageHeader/*[self::eb:From or self::eb:To]/eb:Role"),
            (std::vector<std::string>{"Sender", "Intermediator", "Receiver", "Intermediator"}));
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//eb:CPAId")[0], "yoursandmycpa");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//eb:Service")[0], "Routing");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//eb:Action")[0], "ProcessInvoice");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//eb:MessageId")[0], "seteli-2024-05-2345678-0-1");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//eb:Manifest/eb:Reference/@xlink:href")[0], "seteli-2024-05-2345678-0-1");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//eb:Manifest/eb:Reference/@eb:id")[0], "Finvoice");
  EXPECT_TRUE(testing::XPathTexts(doc.get(), "//eb:RefToMessageId").empty());
}

// ebXML 2.0 has one From and one To; Finvoice repeats both for the
// intermediators (guideline 17). With the intermediators taken out the
// header is valid ebXML, and with them the only complaint is about them.
TEST(TransmissionFrame, ConformsToEbxml20ApartFromTheFinvoiceFromToPairs) {
  testing::SchemaSet eb = testing::SchemaSet::LoadEbHeader();
  ASSERT_TRUE(eb.loaded());
  std::string frame = Frame(Header());
  for (const std::string& e : eb.Validate(frame)) {
    EXPECT_TRUE(e.find("From") != std::string::npos || e.find("To") != std::string::npos) << e;
  }
  testing::DocPtr doc = testing::Parse(frame);
  xmlNode* header = xmlDocGetRootElement(doc.get())->children;
  while (header && header->type != XML_ELEMENT_NODE) header = header->next;
  xmlNode* mh = header->children;
  while (mh && mh->type != XML_ELEMENT_NODE) mh = mh->next;
  std::vector<xmlNode*> intermediators;
  for (xmlNode* n = mh->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    for (xmlNode* c = n->children; c; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "Role")) {
        xmlChar* role = xmlNodeGetContent(c);
        if (xmlStrEqual(role, BAD_CAST "Intermediator")) intermediators.push_back(n);
        xmlFree(role);
      }
    }
  }
  ASSERT_EQ(intermediators.size(), 2u);
  for (xmlNode* n : intermediators) {
    xmlUnlinkNode(n);
    xmlFreeNode(n);
  }
  std::vector<std::string> errors = eb.ValidateDoc(doc.get());
  EXPECT_TRUE(errors.empty()) << errors[0];
}

TEST(TransmissionFrame, AcknowledgementFrameRefersToTheOriginal) {
  TransmissionHeader h = Header();
  h.ref_to_message_id = "PROVIDER-MSG-77";
  testing::DocPtr doc = testing::Parse(Frame(h));
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//eb:MessageData/eb:RefToMessageId")[0], "PROVIDER-MSG-77");
}

TEST(TransmissionFrame, FramedMessageKeepsTheMessageWhole) {
  std::string message = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Finvoice Version=\"3.0\"/>\n";
  Result<std::string> file = FrameMessage(Header(), message);
  ASSERT_TRUE(file.ok());
  auto [frame, body] = testing::SplitFramed(file.value());
  EXPECT_TRUE(testing::Parse(frame));
  EXPECT_EQ(body, message);
}

TEST(TransmissionFrame, RefusesWhatTheGuidelineForbids) {
  TransmissionHeader h = Header();
  h.message_id = std::string(49, 'x');
  EXPECT_EQ(BuildTransmissionFrame(h).error().code, "invalid_frame");
  h.message_id = std::string(48, 'x');
  EXPECT_TRUE(BuildTransmissionFrame(h).ok());
  h.routing.receiver.intermediator.clear();
  EXPECT_EQ(BuildTransmissionFrame(h).error().code, "invalid_frame");
  h = Header();
  h.timestamp = "2024-06-03 10:00";
  EXPECT_EQ(BuildTransmissionFrame(h).error().code, "invalid_frame");
}

TEST(TransmissionFrame, ReverseSwapsTheEnds) {
  Routing r = Reverse(Header().routing);
  EXPECT_EQ(r.sender.address, "003728161658");
  EXPECT_EQ(r.receiver.intermediator, "BAWCFI22");
}

}  // namespace
}  // namespace seteli::outbound
