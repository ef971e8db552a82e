#include "seteli/money.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>

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

// Sums and products that would wrap around 64 bits of cents throw instead
// of giving a wrong amount; MulDiv rounds through 128 bits.
TEST(Money, ArithmeticBeyond64BitsThrows) {
  const Money max = Money::FromCents(INT64_MAX), min = Money::FromCents(INT64_MIN);
  EXPECT_THROW(max + Money::FromCents(1), std::overflow_error);
  EXPECT_THROW(min - Money::FromCents(1), std::overflow_error);
  EXPECT_THROW(-min, std::overflow_error);
  Money sum = max;
  EXPECT_THROW(sum += Money::FromCents(1), std::overflow_error);
  EXPECT_EQ(sum, max);
  EXPECT_THROW(Money::MulDiv(max, 2, 1), std::overflow_error);
  EXPECT_THROW(Money::MulDiv(min, INT64_MIN, 1), std::overflow_error);
  EXPECT_EQ(Money::MulDiv(max, INT64_MAX, INT64_MAX), max);
  EXPECT_EQ(Money::MulDiv(min, INT64_MAX, INT64_MAX), min);
  EXPECT_EQ((max + min).cents(), -1);
}

TEST(Money, ALineFitsUpToABillionEuros) {
  EXPECT_TRUE(Money::LineFits(Money::FromCents(kMaxLineCents), 1, 1));
  EXPECT_FALSE(Money::LineFits(Money::FromCents(kMaxLineCents + 1), 1, 1));
  EXPECT_TRUE(Money::LineFits(Money::FromCents(-kMaxLineCents), 1, 1));
  // The largest unit price for the most units an event may have.
  EXPECT_FALSE(Money::LineFits(Money::Parse("999999999999.99").value(), 1000000000, 1000));
  EXPECT_TRUE(Money::LineFits(Money::Parse("1000.00").value(), 1000000000, 1000));
  EXPECT_FALSE(Money::LineFits(Money::FromCents(INT64_MAX), INT64_MAX, 1));
}

}  // namespace
}  // namespace seteli
