#include "seteli/money.h"

#include <gtest/gtest.h>

namespace seteli {
namespace {

TEST(Money, ParsesAndPrintsTwoDecimals) {
  EXPECT_EQ(Money::Parse("25.00").value().cents(), 2500);
  EXPECT_EQ(Money::Parse("25.5").value().cents(), 2550);
  EXPECT_EQ(Money::Parse("7").value().cents(), 700);
  EXPECT_EQ(Money::Parse("-3.10").value().cents(), -310);
  EXPECT_EQ(Money::FromCents(8750).ToString(), "87.50");
  EXPECT_EQ(Money::FromCents(-500).ToString(), "-5.00");
  EXPECT_EQ(Money::FromCents(5).ToString(), "0.05");
}

TEST(Money, RefusesMoreThanTwoDecimalsAndJunk) {
  for (const char* bad : {"", "1.234", "1,00", "abc", ".5", "5.", "+5", "1e3", "--1", "1 000"}) {
    EXPECT_FALSE(Money::Parse(bad).ok()) << bad;
    EXPECT_EQ(Money::Parse(bad).error().code, "invalid_amount");
  }
}

TEST(Money, RoundingIsHalfUpOncePerLine) {
  // 25.00/h for 7 minutes = 2.91666.. -> 2.92
  EXPECT_EQ(Money::MulDiv(Money::FromCents(2500), 7, 60).cents(), 292);
  // 18.40/h for 90 minutes = 27.60 exactly.
  EXPECT_EQ(Money::MulDiv(Money::FromCents(1840), 90, 60).cents(), 2760);
  // Exactly half a cent rounds up: 0.01 x 1/2 = 0.005 -> 0.01
  EXPECT_EQ(Money::MulDiv(Money::FromCents(1), 1, 2).cents(), 1);
  // 400.00 x 21/31 = 270.967.. -> 270.97 (the domain's accrual example)
  EXPECT_EQ(Money::MulDiv(Money::FromCents(40000), 21, 31).cents(), 27097);
  // Negative amounts round half away from zero, so a credit mirrors its line.
  EXPECT_EQ(Money::MulDiv(Money::FromCents(-1), 1, 2).cents(), -1);
}

TEST(Quantity, ParsesThousandthsAndPrintsShortest) {
  EXPECT_EQ(Quantity::Parse("3.5").value().milli(), 3500);
  EXPECT_EQ(Quantity::Parse("31").value().ToString(), "31");
  EXPECT_EQ(Quantity::Parse("0.125").value().ToString(), "0.125");
  EXPECT_FALSE(Quantity::Parse("1.2345").ok());
  EXPECT_FALSE(Quantity::Parse("-1").ok());
  EXPECT_TRUE(Quantity::Parse("2").value().whole());
  EXPECT_FALSE(Quantity::Parse("2.5").value().whole());
}

// Found by fuzz_decisions_jsonl: a granted quantity of 18 digits overflowed
// when scaled to thousandths. At most 12 whole digits: every parsed value,
// and what the rules multiply it by, fits in 64 bits.
TEST(Quantity, RefusesValuesThatDoNotFitInThousandths) {
  EXPECT_FALSE(Quantity::Parse("888888888888888812").ok());
  EXPECT_EQ(Quantity::Parse("888888888888888812").error().code, "invalid_quantity");
  EXPECT_FALSE(Quantity::Parse("1000000000000").ok());  // 13 whole digits
  EXPECT_EQ(Quantity::Parse("999999999999.999").value().milli(), 999999999999999);
  EXPECT_FALSE(Money::Parse("99999999999999999").ok());
  EXPECT_FALSE(Money::Parse("-1000000000000").ok());
  EXPECT_EQ(Money::Parse("-999999999999.99").value().cents(), -99999999999999);
}

}  // namespace
}  // namespace seteli
