// The Finvoiceack: valid against Finvoiceack.xsd for every reason, with the
// guideline's codes and the parties the right way round.
#include "outbound/finvoice_ack.h"

#include <gtest/gtest.h>

#include "schema_set.h"

namespace seteli::outbound {
namespace {

FinvoiceAck Ack(AckReason reason) {
  FinvoiceAck a;
  a.original.routing = {{"003723456780", "BAWCFI22"}, {"003728161658", "NDEAFIHH"}};
  a.original.message_id = "PROVIDER-MSG-77";
  a.original.timestamp = "2024-06-03T09:00:00+03:00";
  a.reason = reason;
  a.details = {{"Elementti InvoiceDate puuttuu <InvoiceDetails>", "Element InvoiceDate is missing & required",
                "/Finvoice/InvoiceDetails"}};
  a.message_id = "ACK-2024-06-03-0001";
  a.timestamp = "2024-06-03T09:05:00+03:00";
  return a;
}

const testing::SchemaSet& AckSchema() {
  static const testing::SchemaSet s = testing::SchemaSet::Load(testing::AckXsd());
  return s;
}

TEST(FinvoiceAck, EveryReasonIsSchemaValidWithTheGuidelinesCode) {
  ASSERT_TRUE(AckSchema().loaded());
  struct Case {
    AckReason reason;
    int code;
  };
  for (Case c : {Case{AckReason::kUnknownReceiver, 2}, Case{AckReason::kNoServiceAgreement, 3},
                 Case{AckReason::kUnknownIntermediator, 4}, Case{AckReason::kDuplicateMessageId, 5},
                 Case{AckReason::kNotWellFormed, 6}, Case{AckReason::kOther, 6},
                 Case{AckReason::kSchemaInvalid, 7}}) {
    for (Encoding e : {Encoding::kIso8859_15, Encoding::kUtf8}) {
      Result<std::string> xml = BuildFinvoiceAck(Ack(c.reason), e);
      ASSERT_TRUE(xml.ok());
      std::vector<std::string> errors = AckSchema().Validate(xml.value());
      EXPECT_TRUE(errors.empty()) << c.code << ": " << errors[0];
      testing::DocPtr doc = testing::Parse(xml.value());
      EXPECT_EQ(testing::XPathTexts(doc.get(), "/ack:Finvoiceack/ack:Acknowledgement/ack:Reason/ack:Code")[0],
                std::to_string(c.code));
      EXPECT_EQ(AckReasonCode(c.reason), c.code);
    }
  }
}

TEST(FinvoiceAck, AcknowledgementNamesTheOriginalSenderAsFrom) {
  testing::DocPtr doc = testing::Parse(BuildFinvoiceAck(Ack(AckReason::kSchemaInvalid)).value());
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//ack:Acknowledgement/eb:From/eb:PartyId"),
            (std::vector<std::string>{"003723456780", "BAWCFI22"}));
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//ack:Acknowledgement/eb:To/eb:PartyId"),
            (std::vector<std::string>{"003728161658", "NDEAFIHH"}));
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//ack:MessageData/eb:MessageId")[0], "PROVIDER-MSG-77");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//ack:MessageTransmissionDetails//ack:FromIdentifier")[0],
            "003728161658");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//ack:RefToMessageIdentifier")[0], "PROVIDER-MSG-77");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//ack:Error/ack:Text")[1], "Element InvoiceDate is missing & required");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//ack:Error/ack:Location")[0], "/Finvoice/InvoiceDetails");
}

TEST(FinvoiceAck, OtherErrorCarriesItsDescription) {
  testing::DocPtr doc = testing::Parse(BuildFinvoiceAck(Ack(AckReason::kNotWellFormed)).value());
  std::string text = testing::XPathTexts(doc.get(), "//ack:Reason/ack:Text")[0];
  EXPECT_NE(text.find("Elementti InvoiceDate puuttuu"), std::string::npos) << text;
}

TEST(FinvoiceAck, ShortOriginalIdLeavesOutTheTransmissionDetailsAndStaysValid) {
  FinvoiceAck a = Ack(AckReason::kDuplicateMessageId);
  a.original.message_id = "5017";  // the guideline's own example id
  Result<std::string> xml = BuildFinvoiceAck(a);
  ASSERT_TRUE(xml.ok());
  EXPECT_TRUE(AckSchema().Validate(xml.value()).empty());
  testing::DocPtr doc = testing::Parse(xml.value());
  EXPECT_TRUE(testing::XPathTexts(doc.get(), "//ack:MessageTransmissionDetails").empty());
}

TEST(FinvoiceAck, FramedAckGoesBackToTheSenderAndRefersToTheOriginal) {
  Result<std::string> file = BuildFramedFinvoiceAck(Ack(AckReason::kSchemaInvalid));
  ASSERT_TRUE(file.ok());
  auto [frame, body] = testing::SplitFramed(file.value());
  testing::SchemaSet soap = testing::SchemaSet::Load(testing::EnvelopeXsd());
  EXPECT_TRUE(soap.Validate(frame).empty());
  EXPECT_TRUE(AckSchema().Validate(body).empty());
  testing::DocPtr doc = testing::Parse(frame);
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//eb:From/eb:PartyId")[0], "003728161658");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//eb:To/eb:PartyId")[0], "003723456780");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//eb:RefToMessageId")[0], "PROVIDER-MSG-77");
}

TEST(FinvoiceAck, MapsTheTransportLevelErrorCodes) {
  EXPECT_EQ(AckReasonForErrorCode("schema_invalid"), AckReason::kSchemaInvalid);
  EXPECT_EQ(AckReasonForErrorCode("not_well_formed"), AckReason::kNotWellFormed);
  EXPECT_EQ(AckReasonForErrorCode("forbidden_dtd"), AckReason::kOther);
  EXPECT_EQ(AckReasonForErrorCode("too_large"), AckReason::kOther);
  EXPECT_FALSE(AckReasonForErrorCode("total_mismatch"));
}

TEST(FinvoiceAck, RefusesAnAckWithoutTheOriginal) {
  FinvoiceAck a = Ack(AckReason::kOther);
  a.original.message_id.clear();
  EXPECT_EQ(BuildFinvoiceAck(a).error().code, "invalid_ack");
}

}  // namespace
}  // namespace seteli::outbound
