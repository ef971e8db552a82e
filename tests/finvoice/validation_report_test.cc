#include "finvoice/validation_report.h"

#include <gtest/gtest.h>

namespace seteli::finvoice {
namespace {

TEST(ValidationReport, ContractShape) {
  InvoiceReport r;
  r.file = "in/a.xml";
  r.invoice_number = "2024-1";
  r.seller = "2345678-0";
  InvoiceError e;
  e.code = "missing_invoice_date";
  e.layer = Layer::kVat;
  e.path = "/Finvoice/InvoiceDetails/InvoiceDate";
  e.message_fi = "Päiväys puuttuu.";
  e.message_en = "Date \"missing\".";
  e.line = 7;
  r.errors.push_back(e);
  EXPECT_EQ(ToJsonLine(r),
            "{\"file\":\"in/a.xml\",\"valid\":false,\"invoice_number\":\"2024-1\","
            "\"seller\":\"2345678-0\",\"errors\":[{\"code\":\"missing_invoice_date\","
            "\"layer\":\"vat\",\"path\":\"/Finvoice/InvoiceDetails/InvoiceDate\","
            "\"message_fi\":\"Päiväys puuttuu.\",\"message_en\":\"Date \\\"missing\\\".\","
            "\"line\":7}]}");
  EXPECT_EQ(ToStderrLine("in/a.xml", e), "in/a.xml:7: missing_invoice_date: Date \"missing\".");
}

TEST(ValidationReport, UnknownFieldsAreNullAndValidWithoutErrors) {
  InvoiceReport r;
  r.file = "x.xml";
  EXPECT_TRUE(r.valid());
  EXPECT_EQ(ToJsonLine(r),
            "{\"file\":\"x.xml\",\"valid\":true,\"invoice_number\":null,\"seller\":null,"
            "\"errors\":[]}");
}

TEST(ValidationReport, WarningsOnlyWhenThere) {
  InvoiceReport r;
  r.file = "x.xml";
  InvoiceError w;
  w.code = "exemption_basis_refund_section";
  w.layer = Layer::kVat;
  r.warnings.push_back(w);
  EXPECT_TRUE(r.valid());
  EXPECT_NE(ToJsonLine(r).find("\"warnings\":[{\"code\":\"exemption_basis_refund_section\""),
            std::string::npos);
}

TEST(ValidationReport, EscapesControlAndBadUtf8) {
  EXPECT_EQ(JsonString("a\tb\n\x01"), "\"a\\tb\\n\\u0001\"");
  EXPECT_EQ(JsonString("\xE4x"), "\"\xEF\xBF\xBDx\"");          // Latin-1 byte
  EXPECT_EQ(JsonString("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // surrogate
  EXPECT_EQ(JsonString("\xC3\xA4 \xC2\xA7"), "\"\xC3\xA4 \xC2\xA7\"");
}

TEST(ValidationReport, LayerNames) {
  EXPECT_STREQ(LayerName(Layer::kParse), "parse");
  EXPECT_STREQ(LayerName(Layer::kSchema), "schema");
  EXPECT_STREQ(LayerName(Layer::kVat), "vat");
  EXPECT_STREQ(LayerName(Layer::kOrganizer), "organizer");
}

}  // namespace
}  // namespace seteli::finvoice
