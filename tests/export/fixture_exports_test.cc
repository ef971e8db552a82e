// The exports of the fixture month (May 2024), compared field by field with
// the expected files in expected/, whose figures were checked by hand
// against `seteli demo` and fixtures/README.md (docs/exports.md says how).
// With SETELI_WRITE_EXPECTED=1 the tests rewrite expected/ instead: review
// the diff by hand before committing it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "export/export_month.h"
#include "test_books.h"

namespace seteli::exports {
namespace {

using testing::FinnishAmount;
using testing::FixtureBooks;
using testing::M;
using testing::ReadCsv;
using testing::Table;

std::string ExpectedPath(ExportKind kind) {
  return testing::SourcePath(std::string("tests/export/expected/") + ExportKindName(kind) +
                             "-2024-05.csv");
}

std::string Export(ExportKind kind, Dialect d) {
  std::ostringstream out;
  Result<CsvSummary> r = ExportMonth(kind, FixtureBooks(), d, out);
  if (!r.ok()) ADD_FAILURE() << ToLine(r.error());
  return out.str();
}

// Field by field, naming the row and column of every difference.
void ExpectSameTable(const Table& expected, const Table& actual, const std::string& what) {
  ASSERT_FALSE(expected.empty()) << what;
  ASSERT_EQ(actual.size(), expected.size()) << what << ": row count";
  const std::vector<std::string>& header = expected[0];
  for (size_t r = 0; r < expected.size(); ++r) {
    ASSERT_EQ(actual[r].size(), header.size()) << what << " row " << r << ": cell count";
    for (size_t c = 0; c < header.size(); ++c) {
      EXPECT_EQ(actual[r][c], expected[r][c])
          << what << " row " << r << " column " << header[c];
    }
  }
}

class FixtureExport : public ::testing::TestWithParam<ExportKind> {};

TEST_P(FixtureExport, MatchesTheExpectedFileFieldByField) {
  std::string text = Export(GetParam(), Dialect::kRfc4180);
  if (std::getenv("SETELI_WRITE_EXPECTED")) {
    std::ofstream(ExpectedPath(GetParam()), std::ios::binary) << text;
    GTEST_SKIP() << "rewrote " << ExpectedPath(GetParam());
  }
  Table expected = ReadCsv(testing::ReadFile(ExpectedPath(GetParam())), ',');
  ExpectSameTable(expected, ReadCsv(text, ','), ExportKindName(GetParam()));
}

// The fi dialect read back as Finnish Excel reads it holds the same values.
TEST_P(FixtureExport, FinnishDialectReadsBackAsExcelWould) {
  std::string fi = Export(GetParam(), Dialect::kFinnish);
  ASSERT_EQ(fi.substr(0, 3), "\xEF\xBB\xBF");
  ASSERT_NE(fi.find("\r\n"), std::string::npos);
  Table rfc = ReadCsv(Export(GetParam(), Dialect::kRfc4180), ',');
  Table excel = ReadCsv(fi, ';');
  ASSERT_EQ(excel.size(), rfc.size());
  EXPECT_EQ(excel[0], rfc[0]);  // the header, without the BOM
  for (size_t r = 1; r < rfc.size(); ++r) {
    ASSERT_EQ(excel[r].size(), rfc[r].size()) << "row " << r;
    for (size_t c = 0; c < rfc[r].size(); ++c) {
      const std::string& name = rfc[0][c];
      const std::string& dotted = rfc[r][c];
      size_t dot = dotted.find('.');
      bool decimal = dot != std::string::npos &&
                     dotted.find_first_not_of("-0123456789.") == std::string::npos;
      if (decimal) {
        std::string comma = dotted;
        comma[dot] = ',';
        EXPECT_EQ(excel[r][c], comma) << "row " << r << " " << name;
        if (dotted.size() - dot == 3) {  // an amount: Excel's number is the same cents
          EXPECT_EQ(FinnishAmount(excel[r][c]), M(dotted.c_str())) << "row " << r << " " << name;
        }
      } else {
        EXPECT_EQ(excel[r][c], rfc[r][c]) << "row " << r << " " << name;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Kinds, FixtureExport,
                         ::testing::Values(ExportKind::kReconciliation, ExportKind::kJournal,
                                           ExportKind::kCopayments, ExportKind::kBalances),
                         [](const auto& info) { return std::string(ExportKindName(info.param)); });

// Column totals of a table, by name.
std::map<std::string, Money> Totals(const Table& t, std::initializer_list<const char*> columns) {
  std::map<std::string, Money> out;
  for (const char* name : columns) {
    size_t c = 0;
    while (c < t[0].size() && t[0][c] != name) ++c;
    EXPECT_LT(c, t[0].size()) << name;
    for (size_t r = 1; r < t.size() && c < t[0].size(); ++r) out[name] += M(t[r][c].c_str());
  }
  return out;
}

// `seteli demo` prints: price 55116.92, voucher 40065.53, copay 15051.39.
TEST(FixtureFigures, TotalsEqualTheSettlementTotalsOfTheDemo) {
  Table rec = ReadCsv(testing::ReadFile(ExpectedPath(ExportKind::kReconciliation)), ',');
  auto t = Totals(rec, {"price_total", "voucher_total", "copay_total", "invoiced_total",
                        "difference"});
  EXPECT_EQ(t["price_total"], M("55116.92"));
  EXPECT_EQ(t["voucher_total"], M("40065.53"));
  EXPECT_EQ(t["copay_total"], M("15051.39"));
  // Open: Kallio 865.00 (missing) + Puolukka 684.00 (rejected).
  EXPECT_EQ(t["difference"], M("1549.00"));
  EXPECT_EQ(t["invoiced_total"], M("38516.53"));

  Table journal = ReadCsv(testing::ReadFile(ExpectedPath(ExportKind::kJournal)), ',');
  auto j = Totals(journal, {"debit", "credit"});
  EXPECT_EQ(j["debit"], M("40065.53"));
  EXPECT_EQ(j["credit"], M("40065.53"));

  Table co = ReadCsv(testing::ReadFile(ExpectedPath(ExportKind::kCopayments)), ',');
  auto c = Totals(co, {"price_total", "voucher_total", "copay_total"});
  EXPECT_EQ(c["price_total"], M("55116.92"));
  EXPECT_EQ(c["voucher_total"], M("40065.53"));
  EXPECT_EQ(c["copay_total"], M("15051.39"));
}

// Rows checked by hand against the demo summary and fixtures/README.md.
TEST(FixtureFigures, HandCheckedRows) {
  Table rec = ReadCsv(testing::ReadFile(ExpectedPath(ExportKind::kReconciliation)), ',');
  ASSERT_EQ(rec.size(), 8u);
  // Kuusi: 118 lines, 6280.22 / 4315.69 / 1964.53; 5117 rejected, 5121 accepted.
  EXPECT_EQ(rec[2], (std::vector<std::string>{
                        "2024-05", "2345678-0", "Hoivapalvelu Kuusi Oy", "2345 67820 24058",
                        "invoiced", "118", "6280.22", "4315.69", "1964.53", "5117 5121",
                        "2024-06-02 2024-06-05", "4315.69", "accepted", "0.00",
                        "missing_exemption_basis total_mismatch", ""}));
  // Kallio: nothing received.
  EXPECT_EQ(rec[4][12], "missing");
  EXPECT_EQ(rec[4][13], "865.00");
  // Saimaan Hoiva: held, whatever its invoice.
  EXPECT_EQ(rec[6][12], "held");
  EXPECT_EQ(rec[6][7], "9891.00");
  EXPECT_EQ(rec[6][15], "absences of D-0023 under review");

  Table bal = ReadCsv(testing::ReadFile(ExpectedPath(ExportKind::kBalances)), ',');
  ASSERT_EQ(bal.size(), 4u);
  EXPECT_EQ(bal[1], (std::vector<std::string>{"2024-05", "D-0042", "C-0042", "392.00", "0.00",
                                              "0", "314.00", "78.00"}));
  EXPECT_EQ(bal[2], (std::vector<std::string>{"2024-05", "D-0043", "C-0043", "125.00", "84.68",
                                              "10", "195.00", "14.68"}));
  EXPECT_EQ(bal[3], (std::vector<std::string>{"2024-05", "D-0044", "C-0044", "104.00", "0.00",
                                              "0", "85.00", "19.00"}));

  // D-0022 housing all May at 98.00: 3038.00, voucher 2280.00 (monthly cap).
  Table co = ReadCsv(testing::ReadFile(ExpectedPath(ExportKind::kCopayments)), ',');
  bool found = false;
  for (const auto& row : co) {
    if (row[1] == "C-0022") {
      found = true;
      EXPECT_EQ(row[3], "palveluasuminen");
      EXPECT_EQ(row[7], "31");
      EXPECT_EQ(row[9], "3038.00");
      EXPECT_EQ(row[10], "2280.00");
      EXPECT_EQ(row[11], "758.00");
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace seteli::exports
