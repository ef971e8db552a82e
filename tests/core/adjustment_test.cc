// Closed months stay closed: corrections become prior_period lines.
#include "seteli/adjustment.h"

#include <gtest/gtest.h>

#include "test_world.h"

namespace seteli::testing {
namespace {

SettlementLine Line(const char* event, const char* price, const char* voucher) {
  SettlementLine l;
  l.event_id = event;
  l.service = "kotihoito";
  l.date = D("2024-05-06");
  l.quantity = Quantity::Units(1);
  l.unit_price = M(price);
  l.price = M(price);
  l.voucher = M(voucher);
  l.copay = M(price) - M(voucher);
  return l;
}

Money VoucherSum(const std::vector<SettlementLine>& lines) {
  Money s;
  for (const auto& l : lines) s += l.voucher;
  return s;
}

TEST(PriorPeriod, AnUnchangedMonthGivesNoAdjustment) {
  std::vector<SettlementLine> lines = {Line("E1", "30.00", "25.00"), Line("E2", "30.00", "25.00")};
  EXPECT_TRUE(PriorPeriodAdjustments(lines, lines, YearMonth(2024, 5)).empty());
}

TEST(PriorPeriod, ACorrectionIsACreditOfTheOldLineAndTheNewLine) {
  std::vector<SettlementLine> last = {Line("E1", "30.00", "25.00"), Line("E2", "30.00", "25.00")};
  std::vector<SettlementLine> now = {Line("E1", "60.00", "50.00"), Line("E2", "30.00", "25.00")};
  auto adj = PriorPeriodAdjustments(last, now, YearMonth(2024, 5));
  ASSERT_EQ(adj.size(), 2u);
  EXPECT_EQ(adj[0].voucher, M("-25.00"));
  EXPECT_EQ(adj[0].quantity.milli(), -1000);
  EXPECT_EQ(adj[1].voucher, M("50.00"));
  for (const auto& l : adj) {
    EXPECT_TRUE(l.flags & kPriorPeriod);
    EXPECT_EQ(l.original_month, YearMonth(2024, 5));
    EXPECT_EQ(l.price, l.voucher + l.copay);
  }
  EXPECT_EQ(VoucherSum(last) + VoucherSum(adj), VoucherSum(now));
}

TEST(PriorPeriod, LateEventsAndVoidsAreAdjustedToo) {
  std::vector<SettlementLine> last = {Line("E1", "30.00", "25.00")};
  std::vector<SettlementLine> now = {Line("E2", "40.00", "25.00")};  // E1 voided, E2 late
  auto adj = PriorPeriodAdjustments(last, now, YearMonth(2024, 5));
  ASSERT_EQ(adj.size(), 2u);
  EXPECT_EQ(VoucherSum(adj), M("0.00"));
  EXPECT_EQ(adj[0].event_id, "E1");
  EXPECT_EQ(adj[0].price, M("-30.00"));
  EXPECT_EQ(adj[1].event_id, "E2");
}

TEST(HeldSettlement, ConsistentSettlementIsNotHeld) {
  Rulebook rb;
  Service kotihoito;
  kotihoito.code = "kotihoito";
  rb.services.push_back(kotihoito);
  Settlement s;
  s.lines = {Line("E1", "30.00", "25.00")};
  s.price_total = M("30.00");
  s.voucher_total = M("25.00");
  s.copay_total = M("5.00");
  EXPECT_FALSE(HoldReason(s, rb, {}).has_value());

  Settlement broken = s;
  broken.lines[0].copay = M("4.00");
  EXPECT_NE(HoldReason(broken, rb, {})->find("!= price"), std::string::npos);
  Settlement totals = s;
  totals.voucher_total = M("26.00");
  EXPECT_TRUE(HoldReason(totals, rb, {}).has_value());
  Settlement unknown = s;
  unknown.lines[0].service = "siivous";
  EXPECT_NE(HoldReason(unknown, rb, {})->find("not in the rulebook"), std::string::npos);
  BalanceStatement b;
  b.decision_id = "HB1";
  b.closing = M("-0.01");
  EXPECT_NE(HoldReason(s, rb, {b})->find("below zero"), std::string::npos);
}

}  // namespace
}  // namespace seteli::testing
