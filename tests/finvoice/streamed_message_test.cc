// StreamFinvoice against the whole tree it replaces: for every sample,
// fixture and broken variant, the same schema findings (code, path, line,
// message, order) as CheckSchema on ParseXml's tree, and the same rows as
// ExtractInvoiceFields; the tree it keeps has no InvoiceRow left.
#include "finvoice/streamed_message.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "finvoice/schema_check.h"
#include "finvoice/transmission_split.h"
#include "test_support.h"

namespace seteli::finvoice {
namespace {

using testing::Replace;
using testing::ValidInvoice;

std::string Describe(const std::vector<InvoiceError>& errors) {
  std::string s;
  for (const InvoiceError& e : errors)
    s += std::to_string(e.line) + " " + e.path + " " + e.message_en + "\n";
  return s;
}

// Every Finvoice document of `bytes`, streamed and read whole, compared;
// how many findings (parse or schema) they had.
size_t ExpectSameAsTree(const std::string& bytes, const std::string& what) {
  SCOPED_TRACE(what);
  size_t findings = 0;
  for (const DocumentPart& part : SplitDocuments(bytes)) {
    if (LocalName(part.root_name) != "Finvoice" || part.has_dtd) continue;
    std::string_view doc = std::string_view(bytes).substr(part.offset, part.size);
    ParsedXml whole = ParseXml(doc, part.first_line);
    StreamedMessage streamed = StreamFinvoice(doc, part.first_line);
    EXPECT_EQ(whole.error.has_value(), streamed.parse_error.has_value());
    if (whole.error.has_value() != streamed.parse_error.has_value()) return findings + 1;
    if (whole.error) {
      ++findings;
      EXPECT_EQ(whole.error->code, streamed.parse_error->code);
      EXPECT_EQ(whole.error->line, streamed.parse_error->line);
      continue;
    }
    std::vector<InvoiceError> expected = CheckSchema(whole.doc.get(), part.first_line);
    findings += expected.size();
    EXPECT_EQ(Describe(expected), Describe(streamed.schema_errors));
    if (expected.size() != streamed.schema_errors.size()) return findings;
    for (size_t i = 0; i < expected.size(); ++i)
      EXPECT_EQ(expected[i].message_fi, streamed.schema_errors[i].message_fi);

    InvoiceFields fields =
        ExtractInvoiceFields(xmlDocGetRootElement(whole.doc.get()), part.first_line);
    EXPECT_EQ(fields.rows.size(), streamed.rows.size());
    if (fields.rows.size() != streamed.rows.size()) return findings;
    for (size_t i = 0; i < fields.rows.size(); ++i) {
      const InvoiceRowFields &a = fields.rows[i], &b = streamed.rows[i];
      EXPECT_EQ(a.path, b.path);
      EXPECT_EQ(a.line, b.line);
      EXPECT_EQ(a.amount.value, b.amount.value);
      EXPECT_EQ(a.amount.path(), b.amount.path());
      EXPECT_EQ(a.vat_code.value, b.vat_code.value);
      EXPECT_EQ(a.free_texts.size(), b.free_texts.size());
      EXPECT_EQ(a.references_original, b.references_original);
    }
    InvoiceFields kept =
        ExtractInvoiceFields(xmlDocGetRootElement(streamed.doc.get()), part.first_line);
    EXPECT_TRUE(kept.rows.empty());
    EXPECT_EQ(kept.invoice_number.value, fields.invoice_number.value);
    EXPECT_EQ(kept.remittance_info.line, fields.remittance_info.line);
  }
  return findings;
}

std::vector<std::string> FilesUnder(const std::string& dir) {
  std::vector<std::string> out;
  if (dir.empty() || !std::filesystem::exists(dir)) return out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.path().extension() == ".xml") out.push_back(e.path().string());
  }
  return out;
}

TEST(StreamedMessage, SameAsTheTreeForEveryFixtureAndSample) {
  std::vector<std::string> files = FilesUnder(SETELI_FIXTURE_INVOICES);
  for (const std::string& f : FilesUnder(SETELI_FINVOICE_TEST_DATA)) files.push_back(f);
  for (const std::string& f : FilesUnder(testing::SamplesDir())) files.push_back(f);
  ASSERT_GT(files.size(), 20u);
  for (const std::string& f : files) ExpectSameAsTree(testing::ReadFileText(f), f);
}

TEST(StreamedMessage, SameAsTheTreeForBrokenVariants) {
  const std::string v = ValidInvoice();
  EXPECT_GT(ExpectSameAsTree(Replace(v, "<SellerTownName>Mikkeli</SellerTownName>",
                                     "<SellerTownName>Mikkeli</SellerTownName><Bogus>x</Bogus>"),
                             "unexpected element"),
            0u);
  EXPECT_GT(
      ExpectSameAsTree(Replace(v, "Version=\"3.0\"", "Version=\"1.2\""), "bad version attribute"),
      0u);
  EXPECT_GT(ExpectSameAsTree(testing::DropLine(v, "<InvoiceNumber>"), "missing child"), 0u);
  EXPECT_GT(ExpectSameAsTree(Replace(v, "<RowVatRatePercent>0</RowVatRatePercent>",
                                     "<RowVatRatePercent>nolla</RowVatRatePercent>"),
                             "bad value in every row"),
            0u);
  EXPECT_GT(ExpectSameAsTree(
                Replace(v, "</InvoiceRow>", "</InvoiceRow><InvoiceRow><Bogus/></InvoiceRow>"),
                "broken rows between good ones"),
            0u);
  EXPECT_GT(
      ExpectSameAsTree(
          Replace(v, "<InvoiceRow>", "<InvoiceRow><ArticleName>a</ArticleName><Nope/>"), "rows"),
      0u);
  // Text where only elements belong is noticed as the next element
  // starts, but the finding is about the element that holds it.
  EXPECT_GT(ExpectSameAsTree(Replace(v, "<RowVatCode>", "stray text <RowVatCode>"),
                             "text in a row among its elements"),
            0u);
  EXPECT_GT(ExpectSameAsTree(Replace(v, "<InvoiceNumber>", "x<InvoiceNumber>"),
                             "text in the details among their elements"),
            0u);
  EXPECT_GT(ExpectSameAsTree(Replace(v, "</Finvoice>", "<Trailing/></Finvoice>"),
                             "element after everything"),
            0u);
  EXPECT_GT(
      ExpectSameAsTree(Replace(v, "</InvoiceDetails>", "</InvoiceDetalis>"), "not well formed"),
      0u);
}

TEST(StreamedMessage, RowsAreFreedAsTheyClose) {
  std::string v = ValidInvoice();
  size_t from = v.find("<InvoiceRow>"), to = v.find("</InvoiceRow>") + 13;
  std::string row = v.substr(from, to - from);
  std::string many;
  for (int i = 0; i < 500; ++i) many += row + "\n";
  v.insert(from, many);
  StreamedMessage m = StreamFinvoice(v, 1);
  ASSERT_FALSE(m.parse_error);
  EXPECT_GE(m.rows.size(), 501u);
  EXPECT_EQ(m.rows[499].path, "/Finvoice/InvoiceRow[500]");
  int elements = 0;
  for (const xmlNode* c = xmlDocGetRootElement(m.doc.get())->children; c; c = c->next) {
    EXPECT_FALSE(xmlStrEqual(c->name, BAD_CAST "InvoiceRow"));
    elements += c->type == XML_ELEMENT_NODE;
  }
  EXPECT_LT(elements, 20);
  ExpectSameAsTree(v, "many rows");
}

}  // namespace
}  // namespace seteli::finvoice
