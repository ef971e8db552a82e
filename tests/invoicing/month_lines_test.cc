// MonthLines: the groups' shares of a provider add up to its month: the
// totals, the lines in their files (this month's, then the corrections by
// month), the first reason to hold, and the lowest decision below zero.
#include "invoicing/month_lines.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace seteli::invoicing {
namespace {

constexpr char kKuusi[] = "2345678-0";

SettlementLine Line(const std::string& event_id, int64_t voucher_cents) {
  SettlementLine l;
  l.event_id = event_id;
  l.decision_id = "D-1";
  l.provider = kKuusi;
  l.service = "kotihoito";
  l.unit = Unit::kVisit;
  l.date = Date::FromYmd(2024, 5, 2);
  l.quantity = Quantity::Units(1);
  l.unit_price = Money::FromCents(4000);
  l.price = l.unit_price;
  l.voucher = Money::FromCents(voucher_cents);
  l.copay = l.price - l.voucher;
  return l;
}

BalanceStatement Below(const std::string& decision_id) {
  BalanceStatement b;
  b.decision_id = decision_id;
  b.closing = Money::FromCents(-100);
  return b;
}

TEST(MonthLines, AProvidersSharesAddUpToItsMonth) {
  MonthLines lines;
  ProviderShare first;
  first.month.lines = {Line("E-1", 3000), Line("E-2", 3000)};
  first.corrections[YearMonth(2024, 3)].lines = {Line("E-0", 1000)};
  first.below_zero = Below("D-9");
  ProviderShare second;
  second.month.lines = {Line("E-3", 2500)};
  second.month.hold_reason = "the second group's reason";
  second.below_zero = Below("D-2");
  lines.Add({{kKuusi, first}});
  lines.Add({{kKuusi, second}});
  ASSERT_FALSE(lines.Finish());

  ProviderLines* p = lines.Find(kKuusi);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(lines.Find("3456780-6"), nullptr);
  EXPECT_EQ(p->count(), 4);
  EXPECT_EQ(p->adjustment_lines, 1);
  EXPECT_EQ(p->price.cents(), 16000);
  EXPECT_EQ(p->voucher.cents(), 9500);
  EXPECT_EQ(p->copay.cents(), 6500);
  ASSERT_TRUE(p->below_zero);
  EXPECT_EQ(p->below_zero->decision_id, "D-2");
  std::vector<std::string> order;
  p->Rewind();
  while (auto e = p->Next()) order.push_back(e->line.event_id);
  EXPECT_EQ(order, (std::vector<std::string>{"E-1", "E-2", "E-3", "E-0"}));
  EXPECT_EQ(p->HoldReason(Rulebook{}), "the second group's reason");
}

TEST(MonthLines, TheFirstReasonToHoldIsKept) {
  MonthLines lines;
  ProviderShare a, b;
  a.month = {{Line("E-1", 3000)}, "first"};
  a.corrections[YearMonth(2024, 4)] = {{Line("E-0", 3000)}, "first correction"};
  b.month = {{Line("E-2", 3000)}, "second"};
  b.corrections[YearMonth(2024, 4)] = {{Line("E-5", 3000)}, "second correction"};
  lines.Add({{kKuusi, a}});
  lines.Add({{kKuusi, b}});
  ASSERT_FALSE(lines.Finish());
  ProviderLines* p = lines.Find(kKuusi);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->current_reason, "first");
  EXPECT_EQ(p->adjustment_reasons.at(YearMonth(2024, 4)), "first correction");
}

}  // namespace
}  // namespace seteli::invoicing
