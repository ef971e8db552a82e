#include "finvoice/schema_check.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace seteli::finvoice {
namespace {

using testing::FindError;
using testing::Replace;
using testing::Validate;
using testing::ValidInvoice;

TEST(SchemaCheck, ValidVoucherInvoicePasses) {
  auto reports = Validate(ValidInvoice());
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports[0].valid()) << testing::Describe(reports[0]);
}

TEST(SchemaCheck, UnexpectedElementIsNamed) {
  std::string s = Replace(ValidInvoice(), "<SellerTownName>Mikkeli</SellerTownName>",
                          "<SellerTownName>Mikkeli</SellerTownName><Bogus>x</Bogus>");
  auto reports = Validate(s);
  ASSERT_EQ(reports.size(), 1u);
  const InvoiceError* e = FindError(reports[0], "schema_invalid");
  ASSERT_NE(e, nullptr) << testing::Describe(reports[0]);
  EXPECT_EQ(e->layer, Layer::kSchema);
  EXPECT_EQ(e->path, "/Finvoice/SellerPartyDetails/SellerPostalAddressDetails/Bogus");
  EXPECT_EQ(e->line, 9);
  EXPECT_NE(e->message_en.find("Bogus"), std::string::npos);
  EXPECT_NE(e->message_fi.find("Bogus"), std::string::npos);
}

TEST(SchemaCheck, ElementsOutOfOrderNameTheElement) {
  // SellerTownName before SellerStreetName, as in the niq1982 samples.
  std::string s = Replace(ValidInvoice(), "<SellerStreetName>Kauppakatu 1</SellerStreetName>\n", "");
  auto reports = Validate(s);
  const InvoiceError* e = FindError(reports.at(0), "schema_invalid");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->path, "/Finvoice/SellerPartyDetails/SellerPostalAddressDetails/SellerTownName");
}

TEST(SchemaCheck, WrongVersionNamesTheAttribute) {
  std::string s = Replace(ValidInvoice(), "Version=\"3.0\"", "Version=\"1.2\"");
  auto reports = Validate(s);
  const InvoiceError* e = FindError(reports.at(0), "schema_invalid");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->path, "/Finvoice/@Version");
}

TEST(SchemaCheck, OlderVersionsAreCheckedAgainstThe30Schema) {
  for (const char* v : {"1.3", "2.0", "2.01"}) {
    std::string s = Replace(ValidInvoice(), "Version=\"3.0\"", std::string("Version=\"") + v + "\"");
    auto reports = Validate(s);
    EXPECT_EQ(FindError(reports.at(0), "schema_invalid"), nullptr) << v;
  }
}

TEST(SchemaCheck, SchemaLocationIsIgnored) {
  std::string s = Replace(ValidInvoice(), "<Finvoice Version=\"3.0\">",
                          "<Finvoice Version=\"3.0\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                          "xsi:noNamespaceSchemaLocation=\"http://127.0.0.1:9/evil.xsd\">");
  auto reports = Validate(s);
  EXPECT_TRUE(reports.at(0).valid()) << testing::Describe(reports[0]);
}

TEST(SchemaCheck, OtherRootIsNotAFinvoice) {
  auto reports = Validate("<Invoice/>");
  ASSERT_EQ(reports.size(), 1u);
  const InvoiceError* e = FindError(reports[0], "schema_invalid");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->path, "/Invoice");
}

TEST(SchemaCheck, ErrorsAreCapped) {
  std::string rows;
  for (int i = 0; i < 50; ++i) rows += "<Bogus/>";
  std::string s = Replace(ValidInvoice(), "</Finvoice>", rows + "</Finvoice>");
  auto reports = Validate(s);
  size_t n = 0;
  for (const auto& e : reports.at(0).errors) n += e.code == "schema_invalid";
  EXPECT_GE(n, 1u);
  EXPECT_LE(n, kMaxSchemaErrors);
}

TEST(SchemaCheck, ElementPath) {
  ParsedXml xml = ParseXml("<a><b><c/></b></a>");
  ASSERT_TRUE(xml.doc);
  const xmlNode* c = xmlDocGetRootElement(xml.doc.get())->children->children;
  EXPECT_EQ(ElementPath(c), "/a/b/c");
}

}  // namespace
}  // namespace seteli::finvoice
