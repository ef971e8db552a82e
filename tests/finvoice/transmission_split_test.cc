#include "finvoice/transmission_split.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace seteli::finvoice {
namespace {

const char kFrame[] =
    "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">\n"
    "  <SOAP-ENV:Body><eb:Manifest xmlns:eb=\"urn:x\" eb:id=\"a>b\"/></SOAP-ENV:Body>\n"
    "</SOAP-ENV:Envelope>\n";
const char kMessage[] =
    "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n"
    "<?xml-stylesheet href=\"Finvoice.xsl\" type=\"text/xsl\"?>\n"
    "<Finvoice Version=\"3.0\"><InvoiceRow/><!-- </Finvoice> --><![CDATA[</Finvoice>]]></Finvoice>\n";

std::string PartText(const std::string& all, const DocumentPart& p) {
  return all.substr(p.offset, p.size);
}

TEST(TransmissionSplit, BareMessageIsOnePart) {
  std::string s = kMessage;
  auto parts = SplitDocuments(s);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].root_name, "Finvoice");
  EXPECT_EQ(parts[0].first_line, 1);
  EXPECT_FALSE(parts[0].has_dtd);
}

TEST(TransmissionSplit, LeadingDocumentIsTheFirstPartRunToTheEnd) {
  for (const std::string& s :
       {std::string(kMessage), "\n\n  " + std::string(kMessage),
        "\xEF\xBB\xBF" + std::string(kMessage),
        std::string("<!-- before -->\n") + kFrame + kMessage, std::string(kMessage) + kMessage}) {
    std::optional<DocumentPart> lead = LeadingDocument(s);
    ASSERT_TRUE(lead.has_value()) << s;
    DocumentPart first = SplitDocuments(s).at(0);
    EXPECT_EQ(lead->offset, first.offset);
    EXPECT_EQ(lead->first_line, first.first_line);
    EXPECT_EQ(lead->root_name, first.root_name);
    EXPECT_EQ(lead->offset + lead->size, s.size());
  }
}

TEST(TransmissionSplit, NoLeadingDocumentWithoutARootOrWithADtd) {
  for (const std::string& s :
       {std::string(""), std::string(" \n"), std::string("text <Finvoice/>"),
        std::string("<?xml version=\"1.0\"?>"),
        std::string("<!DOCTYPE Finvoice SYSTEM \"Finvoice.dtd\">\n<Finvoice/>"),
        std::string("<!DOCTYPE x [<!ENTITY e \"y\">]><Finvoice/>"),
        std::string("\xFF\xFE<\0F\0")}) {
    EXPECT_FALSE(LeadingDocument(s).has_value()) << s;
  }
}

TEST(TransmissionSplit, FrameThenMessage) {
  std::string s = std::string("<?xml version=\"1.0\"?>\n") + kFrame + kMessage;
  auto parts = SplitDocuments(s);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].root_name, "SOAP-ENV:Envelope");
  EXPECT_EQ(LocalName(parts[0].root_name), "Envelope");
  EXPECT_EQ(parts[1].root_name, "Finvoice");
  EXPECT_EQ(parts[1].first_line, 5);
  EXPECT_EQ(PartText(s, parts[1]).rfind("<?xml version", 0), 0u);
  EXPECT_NE(PartText(s, parts[1]).find("]]></Finvoice>"), std::string::npos);
}

TEST(TransmissionSplit, BatchOfPairs) {
  std::string s;
  for (int i = 0; i < 3; ++i) s += std::string(kFrame) + kMessage;
  auto parts = SplitDocuments(s);
  ASSERT_EQ(parts.size(), 6u);
  for (size_t i = 0; i < parts.size(); ++i) {
    EXPECT_EQ(LocalName(parts[i].root_name), i % 2 ? "Finvoice" : "Envelope") << i;
  }
  EXPECT_EQ(parts[2].first_line, 7);
}

TEST(TransmissionSplit, MessagesBackToBackOnOneLine) {
  std::string s = "<Finvoice Version=\"3.0\"/><Finvoice Version=\"3.0\"></Finvoice>";
  auto parts = SplitDocuments(s);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(PartText(s, parts[0]), "<Finvoice Version=\"3.0\"/>");
  EXPECT_EQ(parts[1].first_line, 1);
}

TEST(TransmissionSplit, TrailingCommentStaysWithItsDocument) {
  std::string s = std::string(kFrame) + "<!-- end of frame -->\n" + kMessage;
  auto parts = SplitDocuments(s);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_NE(PartText(s, parts[0]).find("end of frame"), std::string::npos);
  EXPECT_EQ(PartText(s, parts[1]).rfind("<?xml ", 0), 0u);
}

TEST(TransmissionSplit, UnterminatedDocumentRunsToTheEnd) {
  std::string s = "<Finvoice><InvoiceRow>";
  auto parts = SplitDocuments(s);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].size, s.size());
}

TEST(TransmissionSplit, InternalSubsetIsRefusedWhole) {
  std::string s = "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x \"y\">]>\n<a>&x;</a>\n<b/>";
  auto parts = SplitDocuments(s);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_TRUE(parts[0].has_dtd);
  EXPECT_EQ(parts[0].dtd_size, 0u);
  EXPECT_EQ(parts[0].dtd_line, 2);
  EXPECT_EQ(parts[0].offset + parts[0].size, s.size());
}

TEST(TransmissionSplit, ExternalDoctypeIsMarkedAndCuttable) {
  std::string s = "<?xml version=\"1.0\"?>\n<!DOCTYPE Finvoice SYSTEM \"Finvoice.dtd\">\n<Finvoice/>";
  auto parts = SplitDocuments(s);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_TRUE(parts[0].has_dtd);
  EXPECT_EQ(s.substr(parts[0].dtd_offset, parts[0].dtd_size),
            "<!DOCTYPE Finvoice SYSTEM \"Finvoice.dtd\">");
  EXPECT_EQ(parts[0].root_name, "Finvoice");
}

TEST(TransmissionSplit, EntityDeclarationOutsideDoctypeIsRefused) {
  auto parts = SplitDocuments("<!ENTITY x \"y\"><a/>");
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_TRUE(parts[0].has_dtd);
  EXPECT_EQ(parts[0].dtd_size, 0u);
}

TEST(TransmissionSplit, EmptyAndWhitespaceGiveNoParts) {
  EXPECT_TRUE(SplitDocuments("").empty());
  EXPECT_TRUE(SplitDocuments(" \n\t ").empty());
}

TEST(TransmissionSplit, Utf16IsOnePart) {
  std::string s("\xFF\xFE<\0a\0/\0>\0", 10);
  auto parts = SplitDocuments(s);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].size, s.size());
}

TEST(TransmissionSplit, DeepNestingIsLinear) {
  std::string s;
  for (int i = 0; i < 200000; ++i) s += "<a>";
  for (int i = 0; i < 200000; ++i) s += "</a>";
  auto parts = SplitDocuments(s);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].size, s.size());
}

}  // namespace
}  // namespace seteli::finvoice
