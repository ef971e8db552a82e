// Hostile inputs: each must give its code quickly, read nothing it should
// not, and keep memory small.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "finvoice/xml_reader.h"
#include "test_support.h"

namespace seteli::finvoice {
namespace {

using testing::Codes;
using testing::Contains;

long PeakRssKb() {
  struct rusage u {};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

// Runs `f`, then checks it took under `seconds` and grew the peak resident
// memory by under `mb` MiB.
template <class F>
void Bounded(F f, double seconds = 2.0, long mb = 64) {
  long before = PeakRssKb();
  auto t0 = std::chrono::steady_clock::now();
  f();
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(took, seconds);
  EXPECT_LT(PeakRssKb() - before, mb * 1024);
}

std::string WriteTemp(const std::string& name, const std::string& content) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

const char kSecret[] = "TOP-SECRET-4f1c9a";

TEST(HostileInput, XxeToALocalFileIsNotRead) {
  std::string secret = WriteTemp("secret.txt", kSecret);
  std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE Finvoice [\n<!ENTITY s SYSTEM \"file://" +
                    secret + "\">\n]>\n<Finvoice Version=\"3.0\"><a>&s;</a></Finvoice>\n";
  Bounded([&] {
    auto reports = testing::Validate(doc);
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_EQ(Codes(reports[0]), std::vector<std::string>{"forbidden_dtd"});
    EXPECT_EQ(ToJsonLine(reports[0]).find(kSecret), std::string::npos);
    // The reader refuses it on its own too.
    ParsedXml xml = ParseXml(doc);
    ASSERT_TRUE(xml.error.has_value());
    EXPECT_EQ(xml.error->code, "forbidden_dtd");
  });
}

TEST(HostileInput, XxeThroughAnExternalDtdIsNotRead) {
  std::string secret = WriteTemp("secret2.txt", kSecret);
  std::string dtd = WriteTemp("evil.dtd", "<!ENTITY s SYSTEM \"file://" + secret + "\">");
  std::string doc = "<!DOCTYPE Finvoice SYSTEM \"file://" + dtd +
                    "\">\n<Finvoice Version=\"3.0\"><a>&s;</a></Finvoice>\n";
  auto reports = testing::Validate(doc);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(Codes(reports[0])[0], "forbidden_dtd");
  EXPECT_EQ(ToJsonLine(reports[0]).find(kSecret), std::string::npos);
}

TEST(HostileInput, BillionLaughs) {
  std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    doc += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) doc += i == 1 ? "&lol;" : "&lol" + std::to_string(i - 1) + ";";
    doc += "\">\n";
  }
  doc += "]>\n<Finvoice Version=\"3.0\">&lol9;</Finvoice>\n";
  Bounded([&] {
    EXPECT_EQ(testing::OnlyReportCodes(doc), std::vector<std::string>{"forbidden_dtd"});
    ParsedXml xml = ParseXml(doc);
    ASSERT_TRUE(xml.error.has_value());
    EXPECT_EQ(xml.error->code, "forbidden_dtd");
  });
}

TEST(HostileInput, QuadraticBlowUp) {
  std::string big(50000, 'a');
  std::string refs;
  for (int i = 0; i < 50000; ++i) refs += "&a;";
  std::string doc = "<!DOCTYPE Finvoice [<!ENTITY a \"" + big + "\">]>\n<Finvoice Version=\"3.0\">" +
                    refs + "</Finvoice>";
  Bounded([&] {
    EXPECT_EQ(testing::OnlyReportCodes(doc), std::vector<std::string>{"forbidden_dtd"});
    ParsedXml xml = ParseXml(doc);
    ASSERT_TRUE(xml.error.has_value());
    EXPECT_EQ(xml.error->code, "forbidden_dtd");
  });
}

TEST(HostileInput, HundredMegabyteFileIsTooLargeWithoutReadingIt) {
  std::string path = ::testing::TempDir() + "/huge.xml";
  int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, 100L * 1024 * 1024), 0);
  ::close(fd);
  Bounded(
      [&] {
        InvoiceValidator v(ValidateOptions{});
        auto reports = v.ValidateFile(path, "huge.xml");
        ASSERT_TRUE(reports.ok());
        ASSERT_EQ(reports.value().size(), 1u);
        EXPECT_EQ(Codes(reports.value()[0]), std::vector<std::string>{"too_large"});
      },
      0.5, 8);
  std::remove(path.c_str());
}

TEST(HostileInput, EndlessStreamStopsAtTheCap) {
  if (::access("/dev/zero", R_OK) != 0) GTEST_SKIP() << "no /dev/zero";
  Bounded([&] {
    ReadResult r = ReadInputFile("/dev/zero", ReaderLimits{1024 * 1024});
    ASSERT_TRUE(r.error.has_value());
    EXPECT_EQ(r.error->code, "too_large");
    EXPECT_TRUE(r.bytes.empty());
  });
}

TEST(HostileInput, HundredThousandDeepNesting) {
  std::string doc = "<Finvoice Version=\"3.0\">";
  for (int i = 0; i < 100000; ++i) doc += "<a>";
  for (int i = 0; i < 100000; ++i) doc += "</a>";
  doc += "</Finvoice>";
  Bounded([&] {
    EXPECT_EQ(testing::OnlyReportCodes(doc), std::vector<std::string>{"not_well_formed"});
  });
}

TEST(HostileInput, InvalidUtf8) {
  std::string doc = testing::Replace(testing::ValidInvoice(), "Hoivapalvelu Kuusi Oy</SellerOrganisationName>",
                                     "Hoivapalvelu \xFF\xFE Oy</SellerOrganisationName>");
  Bounded([&] { EXPECT_EQ(testing::OnlyReportCodes(doc), std::vector<std::string>{"not_well_formed"}); });
}

TEST(HostileInput, Latin9DeclaredAsUtf8GivesACleanError) {
  std::string doc = testing::TestData("voucher_invoice_201_with_soap.xml");
  size_t at;
  while ((at = doc.find("encoding=\"ISO-8859-15\"")) != std::string::npos) {
    doc.replace(at, 22, "encoding=\"UTF-8\"");
  }
  Bounded([&] {
    auto reports = testing::Validate(doc);
    ASSERT_EQ(reports.size(), 1u);  // the frame is fine; the message is not
    ASSERT_EQ(Codes(reports[0]), std::vector<std::string>{"not_well_formed"});
    EXPECT_NE(reports[0].errors[0].message_en.find("UTF-8"), std::string::npos);
    EXPECT_GT(reports[0].errors[0].line, 36);
  });
}

TEST(HostileInput, HugeTextNodeStaysBounded) {
  std::string doc = "<Finvoice Version=\"3.0\"><a>" + std::string(12 * 1024 * 1024, 'x') + "</a></Finvoice>";
  Bounded(
      [&] {
        auto reports = testing::Validate(doc);
        ASSERT_EQ(reports.size(), 1u);
        EXPECT_FALSE(reports[0].valid());
      },
      5.0, 160);
}

TEST(HostileInput, NulBytesAndGarbage) {
  std::string doc("<Finvoice\0 Version=\"3.0\">", 26);
  EXPECT_EQ(testing::OnlyReportCodes(doc), std::vector<std::string>{"not_well_formed"});
  EXPECT_EQ(testing::OnlyReportCodes("\x01\x02\x03 garbage"), std::vector<std::string>{"not_well_formed"});
}

TEST(HostileInput, XIncludeIsNotProcessed) {
  std::string secret = WriteTemp("secret3.txt", kSecret);
  std::string doc = "<Finvoice Version=\"3.0\" xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
                    "<xi:include href=\"file://" + secret + "\" parse=\"text\"/></Finvoice>";
  auto reports = testing::Validate(doc);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(Contains(Codes(reports[0]), "schema_invalid"));
  EXPECT_EQ(ToJsonLine(reports[0]).find(kSecret), std::string::npos);
}

}  // namespace
}  // namespace seteli::finvoice
