#include "finvoice/xml_reader.h"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include <string>

#include "test_support.h"

namespace seteli::finvoice {
namespace {

using testing::Contains;
using testing::OnlyReportCodes;
using testing::ValidInvoice;

TEST(XmlReader, ParsesAWellFormedDocument) {
  ParsedXml xml = ParseXml("<Finvoice Version=\"3.0\"><a>x</a></Finvoice>");
  ASSERT_FALSE(xml.error.has_value());
  ASSERT_TRUE(xml.doc);
  EXPECT_STREQ(reinterpret_cast<const char*>(xmlDocGetRootElement(xml.doc.get())->name), "Finvoice");
}

TEST(XmlReader, NotWellFormedGivesCodeAndFileLine) {
  ParsedXml xml = ParseXml("<Finvoice>\n<a>\n</b>\n</Finvoice>", 10);
  ASSERT_TRUE(xml.error.has_value());
  EXPECT_EQ(xml.error->code, "not_well_formed");
  EXPECT_EQ(xml.error->layer, Layer::kParse);
  EXPECT_EQ(xml.error->line, 12);
  EXPECT_NE(xml.error->message_en.find("not well formed"), std::string::npos);
  EXPECT_FALSE(xml.error->message_fi.empty());
}

TEST(XmlReader, TruncatedInvoiceIsNotWellFormed) {
  std::string s = ValidInvoice();
  EXPECT_EQ(OnlyReportCodes(s.substr(0, s.size() / 2)), std::vector<std::string>{"not_well_formed"});
}

TEST(XmlReader, DoctypeIsForbiddenEvenWithoutTheSplitter) {
  ParsedXml xml = ParseXml("<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x \"y\">]>\n<a>&x;</a>");
  ASSERT_TRUE(xml.error.has_value());
  EXPECT_EQ(xml.error->code, "forbidden_dtd");
  EXPECT_EQ(xml.error->line, 2);
  ParsedXml external = ParseXml("<!DOCTYPE a SYSTEM \"a.dtd\"><a/>");
  ASSERT_TRUE(external.error.has_value());
  EXPECT_EQ(external.error->code, "forbidden_dtd");
}

TEST(XmlReader, DoctypeInTheFileIsForbidden) {
  std::string s = testing::Replace(ValidInvoice(), "<Finvoice Version",
                                   "<!DOCTYPE Finvoice [<!ENTITY a \"b\">]>\n<Finvoice Version");
  EXPECT_EQ(OnlyReportCodes(s), std::vector<std::string>{"forbidden_dtd"});
}

TEST(XmlReader, ExternalDoctypeIsForbiddenButTheRestIsStillChecked) {
  std::string s = testing::Replace(ValidInvoice(), "<Finvoice Version",
                                   "<!DOCTYPE Finvoice SYSTEM \"Finvoice.dtd\">\n<Finvoice Version");
  s = testing::Replace(s, "<InvoiceNumber>2024-0501</InvoiceNumber>", "<InvoiceNumber></InvoiceNumber>");
  auto reports = testing::Validate(s);
  ASSERT_EQ(reports.size(), 1u);
  auto codes = testing::Codes(reports[0]);
  ASSERT_FALSE(codes.empty());
  EXPECT_EQ(codes[0], "forbidden_dtd");
  EXPECT_TRUE(Contains(codes, "missing_invoice_number"));
}

TEST(XmlReader, TooLargeInMemory) {
  ValidateOptions o;
  o.limits.max_bytes = 100;
  EXPECT_EQ(OnlyReportCodes(ValidInvoice(), o), std::vector<std::string>{"too_large"});
  o.limits.max_bytes = ValidInvoice().size();
  EXPECT_FALSE(Contains(OnlyReportCodes(ValidInvoice(), o), "too_large"));
}

TEST(XmlReader, ExternalEntityLoaderRefusesEverything) {
  InitXmlReader();
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  xmlParserInputPtr in = xmlLoadExternalEntity("file:///etc/passwd", nullptr, ctxt);
  EXPECT_EQ(in, nullptr);
  if (in) xmlFreeInputStream(in);
  xmlFreeParserCtxt(ctxt);
}

TEST(XmlReader, IsoLatin9AndUtf8ReadTheSame) {
  std::string utf8 = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>\xC3\xA4\xE2\x82\xAC</a>";
  std::string latin9 = "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><a>\xE4\xA4</a>";
  ParsedXml a = ParseXml(utf8);
  ParsedXml b = ParseXml(latin9);
  ASSERT_TRUE(a.doc && b.doc);
  xmlChar* ta = xmlNodeGetContent(xmlDocGetRootElement(a.doc.get()));
  xmlChar* tb = xmlNodeGetContent(xmlDocGetRootElement(b.doc.get()));
  EXPECT_STREQ(reinterpret_cast<char*>(ta), reinterpret_cast<char*>(tb));
  EXPECT_STREQ(reinterpret_cast<char*>(tb), "\xC3\xA4\xE2\x82\xAC");  // ä €
  xmlFree(ta);
  xmlFree(tb);
}

TEST(XmlReader, EmptyFileIsNotWellFormed) {
  EXPECT_EQ(OnlyReportCodes("  \n"), std::vector<std::string>{"not_well_formed"});
}

TEST(XmlReader, ReadInputFileMissingIsUnreadable) {
  ReadResult r = ReadInputFile("/nonexistent/dir/x.xml", ReaderLimits{});
  EXPECT_TRUE(r.unreadable);
  InvoiceValidator v(ValidateOptions{});
  auto reports = v.ValidateFile("/nonexistent/dir/x.xml", "x.xml");
  ASSERT_FALSE(reports.ok());
  EXPECT_EQ(reports.error().code, "unreadable");
}

TEST(XmlReader, ReadInputFileReadsTheFile) {
  ReadResult r = ReadInputFile(testing::DataPath("voucher_invoice_30.xml"), ReaderLimits{});
  EXPECT_FALSE(r.unreadable);
  EXPECT_FALSE(r.error.has_value());
  EXPECT_EQ(r.bytes, ValidInvoice());
}

}  // namespace
}  // namespace seteli::finvoice
