// How a file becomes reports: bare messages, frame + message, batches,
// wrappers, and files that hold no message.
#include "finvoice/invoice_validator.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace seteli::finvoice {
namespace {

using testing::Codes;
using testing::TestData;
using testing::Validate;
using testing::ValidInvoice;

// The 3.0 invoice without its XML declaration, to nest inside others.
std::string MessageBody() {
  std::string s = ValidInvoice();
  return s.substr(s.find("<Finvoice "));
}

TEST(InvoiceValidator, FrameAndMessageGiveOneReport) {
  auto reports = Validate(TestData("voucher_invoice_201_with_soap.xml"));
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports[0].valid()) << testing::Describe(reports[0]);
  EXPECT_EQ(reports[0].invoice_number, "M-2024-17");
  EXPECT_EQ(reports[0].seller, "3456780-6");
  EXPECT_EQ(reports[0].line, 38);
}

TEST(InvoiceValidator, BatchOfFramedMessagesKeepsFileLines) {
  std::string pair = TestData("voucher_invoice_201_with_soap.xml");
  std::string bad = testing::Replace(pair, ">M-2024-17<", "><");
  auto reports = Validate(pair + pair + bad);
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_TRUE(reports[0].valid());
  EXPECT_TRUE(reports[1].valid());
  const InvoiceError* e = testing::FindError(reports[2], "missing_invoice_number");
  ASSERT_NE(e, nullptr) << testing::Describe(reports[2]);
  int lines_per_pair = static_cast<int>(std::count(pair.begin(), pair.end(), '\n'));
  EXPECT_EQ(reports[2].line, 2 * lines_per_pair + 38);
  EXPECT_GT(e->line, reports[2].line);
}

// A file that starts as one bare message is read whole first; when it
// holds more, it is split and every document is reported.
TEST(InvoiceValidator, BareMessagesBackToBackAreEachReported) {
  std::string one = ValidInvoice();
  std::string broken = testing::Replace(one, ">2024-0501<", "><");
  auto reports = Validate(one + broken);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_TRUE(reports[0].valid()) << testing::Describe(reports[0]);
  EXPECT_TRUE(testing::HasCode(reports[1], "missing_invoice_number"))
      << testing::Describe(reports[1]);
  EXPECT_EQ(reports[1].line, static_cast<int>(std::count(one.begin(), one.end(), '\n')) + 1);
  // The second with its own declaration, and a trailing comment kept with the first.
  reports = Validate(one + "<!-- end -->\n" + broken);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_TRUE(reports[0].valid()) << testing::Describe(reports[0]);
  EXPECT_TRUE(testing::HasCode(reports[1], "missing_invoice_number"));
  // One message with a comment after it is one report.
  reports = Validate("\n\n" + one + "<!-- end -->\n");
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports[0].valid()) << testing::Describe(reports[0]);
  EXPECT_EQ(reports[0].line, 3);
  // A message followed by a frame without its message.
  std::string pair = TestData("voucher_invoice_201_with_soap.xml");
  std::string frame = pair.substr(0, pair.find("</SOAP-ENV:Envelope>") + 20) + "\n";
  reports = Validate(one + frame);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_TRUE(reports[0].valid());
  EXPECT_EQ(Codes(reports[1]), std::vector<std::string>{"schema_invalid"});
}

TEST(InvoiceValidator, FinvoicesWrapperHoldsSeveralMessages) {
  std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Finvoices>\n" + MessageBody() +
                  testing::Replace(MessageBody(), ">2024-0501<", "><") + "</Finvoices>\n";
  auto reports = Validate(s);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_TRUE(reports[0].valid()) << testing::Describe(reports[0]);
  EXPECT_TRUE(testing::HasCode(reports[1], "missing_invoice_number"));
  EXPECT_GT(testing::FindError(reports[1], "missing_invoice_number")->line, 80);
}

TEST(InvoiceValidator, MessageInsideTheSoapBody) {
  std::string s =
      "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">"
      "<SOAP-ENV:Header/><SOAP-ENV:Body>\n" +
      MessageBody() + "</SOAP-ENV:Body></SOAP-ENV:Envelope>\n";
  auto reports = Validate(s);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports[0].valid()) << testing::Describe(reports[0]);
}

TEST(InvoiceValidator, FrameWithoutMessage) {
  std::string pair = TestData("voucher_invoice_201_with_soap.xml");
  std::string frame = pair.substr(0, pair.find("</SOAP-ENV:Envelope>") + 20) + "\n";
  auto reports = Validate(frame);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(Codes(reports[0]), std::vector<std::string>{"schema_invalid"});
  EXPECT_EQ(reports[0].errors[0].path, "/Finvoice");
  // Two frames in a row: the first has no message.
  reports = Validate(frame + pair);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(Codes(reports[0]), std::vector<std::string>{"schema_invalid"});
  EXPECT_TRUE(reports[1].valid());
}

TEST(InvoiceValidator, BrokenMessageAfterAFrameIsOneReport) {
  std::string pair = TestData("voucher_invoice_201_with_soap.xml");
  auto reports = Validate(pair.substr(0, pair.size() - 40));
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(Codes(reports[0]), std::vector<std::string>{"not_well_formed"});
}

TEST(InvoiceValidator, OtherDocumentIsNoFinvoice) {
  auto reports = Validate("<?xml version=\"1.0\"?>\n<Invoice xmlns=\"urn:oasis:names:specification:ubl\"/>");
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].errors.at(0).path, "/Invoice");
  EXPECT_FALSE(reports[0].invoice_number.has_value());
}

TEST(InvoiceValidator, ValidateFileUsesTheDisplayName) {
  InvoiceValidator v(ValidateOptions{});
  auto r = v.ValidateFile(testing::DataPath("voucher_invoice_30.xml"), "given/name.xml");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value().size(), 1u);
  EXPECT_EQ(r.value()[0].file, "given/name.xml");
}

}  // namespace
}  // namespace seteli::finvoice
