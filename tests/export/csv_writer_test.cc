// The CSV writer: RFC 4180 quoting, the Finnish dialect, and the digest,
// rows and totals it reports for the side files.
#include "export/csv_writer.h"

#include <gtest/gtest.h>

#include <sstream>

#include "formats/sha256.h"
#include "test_books.h"

namespace seteli::exports {
namespace {

using testing::M;
using testing::ReadCsv;

constexpr Column kColumns[] = {{"name", ColumnKind::kText},
                               {"amount", ColumnKind::kAmount},
                               {"qty", ColumnKind::kQuantity},
                               {"n", ColumnKind::kInteger},
                               {"date", ColumnKind::kDate},
                               {"month", ColumnKind::kMonth},
                               {"other", ColumnKind::kAmount}};

std::string Write(Dialect d, CsvSummary* summary = nullptr) {
  std::ostringstream out;
  CsvWriter w(out, d, kColumns);
  w.Text("Ateriakeittiö Puolukka Oy");
  w.Amount(M("1234.50"));
  w.QuantityCell(Quantity::FromMilli(3500));
  w.Integer(-7);
  w.DateCell(Date::FromYmd(2024, 5, 31));
  w.MonthCell(YearMonth(2024, 5));
  w.Amount(M("0.05"));
  w.EndRow();
  w.Text("say \"hi\", then; go\r\nnext");
  w.Amount(M("-3.10"));
  w.QuantityCell(Quantity::Units(31));
  w.Integer(0);
  w.DateCell(Date::FromYmd(2024, 1, 2));
  w.MonthCell(YearMonth(2024, 12));
  w.Amount(M("-0.05"));
  w.EndRow();
  CsvSummary s = w.Finish();
  if (summary) *summary = s;
  return out.str();
}

TEST(CsvWriter, Rfc4180QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(Write(Dialect::kRfc4180),
            "name,amount,qty,n,date,month,other\r\n"
            "Ateriakeittiö Puolukka Oy,1234.50,3.5,-7,2024-05-31,2024-05,0.05\r\n"
            "\"say \"\"hi\"\", then; go\r\nnext\",-3.10,31,0,2024-01-02,2024-12,-0.05\r\n");
}

TEST(CsvWriter, FinnishDialectHasBomSemicolonsAndDecimalComma) {
  EXPECT_EQ(Write(Dialect::kFinnish),
            "\xEF\xBB\xBFname;amount;qty;n;date;month;other\r\n"
            "Ateriakeittiö Puolukka Oy;1234,50;3,5;-7;2024-05-31;2024-05;0,05\r\n"
            "\"say \"\"hi\"\", then; go\r\nnext\";-3,10;31;0;2024-01-02;2024-12;-0,05\r\n");
}

TEST(CsvWriter, ReadsBackCellForCell) {
  for (Dialect d : {Dialect::kRfc4180, Dialect::kFinnish}) {
    auto rows = ReadCsv(Write(d), d == Dialect::kFinnish ? ';' : ',');
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0][0], "name");
    EXPECT_EQ(rows[2][0], "say \"hi\", then; go\r\nnext");
    EXPECT_EQ(rows[2][1], d == Dialect::kFinnish ? "-3,10" : "-3.10");
  }
}

TEST(CsvWriter, SummaryHashesTheExactBytesAndTotalsAmountColumns) {
  for (Dialect d : {Dialect::kRfc4180, Dialect::kFinnish}) {
    CsvSummary s;
    std::string text = Write(d, &s);
    EXPECT_EQ(s.sha256, formats::Sha256Hex(text));
    EXPECT_EQ(s.bytes, static_cast<int64_t>(text.size()));
    EXPECT_EQ(s.rows, 2);
    ASSERT_EQ(s.totals.size(), 2u);
    EXPECT_EQ(s.totals[0].column, "amount");
    EXPECT_EQ(s.totals[0].total, M("1231.40"));
    EXPECT_EQ(s.totals[1].column, "other");
    EXPECT_EQ(s.totals[1].total, M("0.00"));
  }
}

TEST(CsvWriter, LargeOutputIsHashedAcrossBlocks) {
  constexpr Column cols[] = {{"text", ColumnKind::kText}, {"amount", ColumnKind::kAmount}};
  std::ostringstream out;
  CsvWriter w(out, Dialect::kFinnish, cols);
  for (int i = 0; i < 200000; ++i) {
    w.Text("C-" + std::to_string(i));
    w.Amount(Money::FromCents(i));
    w.EndRow();
  }
  CsvSummary s = w.Finish();
  EXPECT_GT(out.str().size(), 2u << 20);
  EXPECT_EQ(s.sha256, formats::Sha256Hex(out.str()));
  EXPECT_EQ(s.rows, 200000);
  EXPECT_EQ(s.totals[0].total, Money::FromCents(int64_t{199999} * 200000 / 2));
}

TEST(CsvWriter, EmptyExportIsTheHeaderAlone) {
  std::ostringstream out;
  CsvWriter w(out, Dialect::kRfc4180, kColumns);
  CsvSummary s = w.Finish();
  EXPECT_EQ(out.str(), "name,amount,qty,n,date,month,other\r\n");
  EXPECT_EQ(s.rows, 0);
  EXPECT_EQ(s.sha256, formats::Sha256Hex(out.str()));
}

TEST(CsvWriter, WrongCellsAreProgrammingErrors) {
  std::ostringstream out;
  CsvWriter w(out, Dialect::kRfc4180, kColumns);
  EXPECT_THROW(w.Amount(M("1.00")), std::logic_error);  // column 0 is text
  w.Text("x");
  EXPECT_THROW(w.EndRow(), std::logic_error);  // too few cells
}

TEST(CsvWriter, Dialects) {
  EXPECT_EQ(ParseDialect("fi").value(), Dialect::kFinnish);
  EXPECT_EQ(ParseDialect("").value(), Dialect::kRfc4180);
  EXPECT_EQ(ParseDialect("rfc4180").value(), Dialect::kRfc4180);
  EXPECT_EQ(ParseDialect("excel").error().code, "usage");
}

}  // namespace
}  // namespace seteli::exports
