// One test per rule of docs/rules.md (and ../shared/spec/domain.md), named
// after the rule. Figures are the domain's worked examples where it has them.
#include <gtest/gtest.h>

#include "test_world.h"

namespace seteli::testing {
namespace {

class SettleRules : public ::testing::Test {
 protected:
  // Family-carer relief valued per resident (105.00 for the first,
  // `each_further` for each further), priced 250.00 a day, and decision D1
  // of three residents.
  void FamilyCarerReliefOfThree(const char* each_further) {
    Service& s = w.AddService("perhehoitajan-vapaa", Unit::kDay, "0.00");
    s.value.kind = ValueRule::Kind::kPerResident;
    s.value.first_resident = M("105.00");
    s.value.each_further = M(each_further);
    w.Approve(kProviderA, "perhehoitajan-vapaa", "250.00");
    w.AddDecision("D1", "C1", "perhehoitajan-vapaa").residents = 3;
  }

  TestWorld w;
};

TEST_F(SettleRules, HourlyAmountIsValueTimesMinutesOverSixtyRoundedOnce) {
  w.AddService("kotihoito", Unit::kHour, "25.00");
  w.Approve(kProviderA, "kotihoito", "25.00");
  w.AddDecision("D1", "C1", "kotihoito");
  auto m = w.Settle({w.Hourly("E1", "D1", "kotihoito", "2024-05-06T09:00:00+03:00",
                              "2024-05-06T09:07:00+03:00")},
                    "2024-05");
  EventTotals t = TotalsOf(m, "E1");
  EXPECT_EQ(t.price, M("2.92"));  // 25 x 7 / 60 = 2.9166..
  EXPECT_EQ(t.voucher, M("2.92"));
  EXPECT_EQ(t.copay, M("0.00"));
}

TEST_F(SettleRules, SecondsAreTakenDownToTheMinute) {
  w.AddService("kotihoito", Unit::kHour, "60.00");
  w.Approve(kProviderA, "kotihoito", "60.00");
  w.AddDecision("D1", "C1", "kotihoito");
  auto m = w.Settle({w.Hourly("E1", "D1", "kotihoito", "2024-05-06T09:00:59+03:00",
                              "2024-05-06T09:10:01+03:00")},
                    "2024-05");
  EXPECT_EQ(m.settlements[0].lines[0].minutes, 10);
  EXPECT_EQ(TotalsOf(m, "E1").price, M("10.00"));
}

TEST_F(SettleRules, CopayIsPriceMinusVoucher_FamilyHomeCare) {
  Service& s = w.AddService("lapsiperheiden-kotipalvelu", Unit::kHour, "25.00");
  s.price_cap = M("32.00");
  w.Approve(kProviderA, "lapsiperheiden-kotipalvelu", "30.00");
  w.AddDecision("D1", "C1", "lapsiperheiden-kotipalvelu");
  auto m = w.Settle({w.Hourly("E1", "D1", "lapsiperheiden-kotipalvelu",
                              "2024-05-08T10:00:00+03:00", "2024-05-08T12:15:00+03:00")},
                    "2024-05");
  EventTotals t = TotalsOf(m, "E1");
  EXPECT_EQ(t.price, M("67.50"));
  EXPECT_EQ(t.voucher, M("56.25"));
  EXPECT_EQ(t.copay, M("11.25"));
}

TEST_F(SettleRules, PriceOverCapIsRejected) {
  Service& s = w.AddService("lk", Unit::kHour, "25.00");
  s.price_cap = M("32.00");
  w.Approve(kProviderA, "lk", "33.00");
  w.AddDecision("D1", "C1", "lk");
  auto m = w.Settle({w.Hourly("E1", "D1", "lk", "2024-05-09T10:00:00+03:00",
                              "2024-05-09T11:00:00+03:00")},
                    "2024-05");
  EXPECT_EQ(RejectionOf(m, "E1"), "price_over_cap");
  EXPECT_TRUE(m.settlements.empty());
}

// Every line stays within a billion euros, so no product or sum of a
// month's lines leaves 64 bits of cents.
TEST_F(SettleRules, ALinePricedOverTheMostALineMayComeToIsRejected) {
  w.AddService("ateria", Unit::kMeal, "3.00");
  w.Approve(kProviderA, "ateria", "999999999999.99");
  w.AddDecision("D1", "C1", "ateria");
  auto m = w.Settle({w.Counted("E1", "D1", "ateria", "2024-05-06", "1000000"),
                     w.Counted("E2", "D1", "ateria", "2024-05-07", "0.001")},
                    "2024-05");
  EXPECT_EQ(RejectionOf(m, "E1"), "price_over_cap");
  EXPECT_EQ(TotalsOf(m, "E2").price, M("1000000000.00"));
  EXPECT_EQ(TotalsOf(m, "E2").voucher, M("0.00"));
}

TEST_F(SettleRules, AValueBeyondWhatALineHoldsPaysThePrice) {
  w.AddService("ateria", Unit::kMeal, "999999999999.99");
  w.Approve(kProviderA, "ateria", "8.50");
  w.AddDecision("D1", "C1", "ateria");
  auto m = w.Settle({w.Counted("E1", "D1", "ateria", "2024-05-06", "1000000")}, "2024-05");
  EXPECT_EQ(TotalsOf(m, "E1").price, M("8500000.00"));
  EXPECT_EQ(TotalsOf(m, "E1").voucher, M("8500000.00"));
  EXPECT_EQ(TotalsOf(m, "E1").copay, M("0.00"));
}

TEST_F(SettleRules, ClientFreeServiceCoversWholePrice) {
  Service& s = w.AddService("henkilokohtainen-apu", Unit::kHour, "25.00");
  s.client_free = true;
  w.Approve(kProviderA, "henkilokohtainen-apu", "25.00");
  w.Approve(kProviderB, "henkilokohtainen-apu", "27.00");
  w.AddDecision("D1", "C1", "henkilokohtainen-apu");
  auto m = w.Settle(
      {w.Hourly("E1", "D1", "henkilokohtainen-apu", "2024-05-06T09:00:00+03:00",
                "2024-05-06T12:30:00+03:00"),
       w.Hourly("E2", "D1", "henkilokohtainen-apu", "2024-05-07T09:00:00+03:00",
                "2024-05-07T12:30:00+03:00", kProviderB)},
      "2024-05");
  EXPECT_EQ(TotalsOf(m, "E1").voucher, M("87.50"));
  EXPECT_EQ(TotalsOf(m, "E1").copay, M("0.00"));
  EXPECT_EQ(RejectionOf(m, "E2"), "price_exceeds_free_voucher");
}

TEST_F(SettleRules, ClientFreeWithACapThatWouldLeaveCopayIsRejected) {
  Service& s = w.AddService("apu", Unit::kHour, "25.00");
  s.client_free = true;
  s.monthly_voucher_cap = M("50.00");
  w.Approve(kProviderA, "apu", "25.00");
  w.AddDecision("D1", "C1", "apu");
  auto m = w.Settle({w.Hourly("E1", "D1", "apu", "2024-05-06T09:00:00+03:00",
                              "2024-05-06T11:00:00+03:00"),
                     w.Hourly("E2", "D1", "apu", "2024-05-07T09:00:00+03:00",
                              "2024-05-07T10:00:00+03:00")},
                    "2024-05");
  EXPECT_EQ(TotalsOf(m, "E1").voucher, M("50.00"));
  EXPECT_EQ(RejectionOf(m, "E2"), "price_exceeds_free_voucher");
}

TEST_F(SettleRules, MonthlyVoucherCap_Meals) {
  Service& s = w.AddService("ateriapalvelu", Unit::kMeal, "3.00");
  s.monthly_voucher_cap = M("60.00");
  w.Approve(kProviderA, "ateriapalvelu", "8.50");
  w.AddDecision("D1", "C1", "ateriapalvelu");
  std::vector<Event> events;
  for (int day = 1; day <= 22; ++day) {
    std::string date = "2024-05-" + std::string(day < 10 ? "0" : "") + std::to_string(day);
    events.push_back(w.Counted("E" + std::to_string(day), "D1", "ateriapalvelu", date.c_str(), "1"));
  }
  auto m = w.Settle(events, "2024-05");
  ASSERT_EQ(m.settlements.size(), 1u);
  EXPECT_EQ(m.settlements[0].price_total, M("187.00"));
  EXPECT_EQ(m.settlements[0].voucher_total, M("60.00"));
  EXPECT_EQ(m.settlements[0].copay_total, M("127.00"));
  EXPECT_TRUE(TotalsOf(m, "E21").flags & kMonthlyCap);
  EXPECT_TRUE(TotalsOf(m, "E22").flags & kMonthlyCap);
  EXPECT_FALSE(TotalsOf(m, "E20").flags & kMonthlyCap);
}

TEST_F(SettleRules, MonthlyVoucherCap_HousingWholeMonth) {
  Service& s = w.AddService("palveluasuminen", Unit::kDay, "75.00");
  s.monthly_voucher_cap = M("2280.00");
  w.Approve(kProviderA, "palveluasuminen", "95.00");
  w.AddDecision("D1", "C1", "palveluasuminen");
  w.AddDecision("D2", "C2", "palveluasuminen").validity.from = D("2024-05-20");
  auto m = w.Settle({w.Counted("E1", "D1", "palveluasuminen", "2024-05-01", "31"),
                     w.Counted("E2", "D2", "palveluasuminen", "2024-05-20", "12")},
                    "2024-05");
  EventTotals t = TotalsOf(m, "E1");
  EXPECT_EQ(t.price, M("2945.00"));
  EXPECT_EQ(t.voucher, M("2280.00"));
  EXPECT_EQ(t.copay, M("665.00"));
  EXPECT_TRUE(t.flags & kMonthlyCap);
  EXPECT_EQ(TotalsOf(m, "E2").voucher, M("900.00"));
  EXPECT_EQ(TotalsOf(m, "E2").copay, M("240.00"));
}

TEST_F(SettleRules, MonthlyQuantityCap_InformalCarerRelief) {
  Service& s = w.AddService("omaishoidon-vapaa", Unit::kDay, "105.00");
  s.price_cap = M("116.40");
  s.monthly_quantity_cap = Quantity::Units(3);
  w.Approve(kProviderA, "omaishoidon-vapaa", "116.40");
  w.Approve(kProviderB, "omaishoidon-vapaa", "116.40");
  w.AddDecision("D1", "C1", "omaishoidon-vapaa");
  // Across providers: the fourth day is not covered, whoever provides it.
  auto m = w.Settle({w.Counted("E1", "D1", "omaishoidon-vapaa", "2024-05-03", "1"),
                     w.Counted("E2", "D1", "omaishoidon-vapaa", "2024-05-10", "1", kProviderB),
                     w.Counted("E3", "D1", "omaishoidon-vapaa", "2024-05-17", "1"),
                     w.Counted("E4", "D1", "omaishoidon-vapaa", "2024-05-24", "1", kProviderB)},
                    "2024-05");
  EXPECT_EQ(TotalsOf(m, "E3").voucher, M("105.00"));
  EXPECT_EQ(TotalsOf(m, "E4").voucher, M("0.00"));
  EXPECT_EQ(TotalsOf(m, "E4").copay, M("116.40"));
  EXPECT_TRUE(TotalsOf(m, "E4").flags & kQuantityCap);
}

TEST_F(SettleRules, PerResidentValue_FamilyCarerRelief) {
  FamilyCarerReliefOfThree("70.00");
  auto m = w.Settle({w.Counted("E1", "D1", "perhehoitajan-vapaa", "2024-05-14", "1")}, "2024-05");
  EXPECT_EQ(TotalsOf(m, "E1").voucher, M("245.00"));
  EXPECT_EQ(TotalsOf(m, "E1").copay, M("5.00"));
}

TEST_F(SettleRules, PerResidentValueBeyondWhatALineHoldsIsNotValid) {
  FamilyCarerReliefOfThree("999999999999.99");
  auto m = w.Settle({w.Counted("E1", "D1", "perhehoitajan-vapaa", "2024-05-14", "1")}, "2024-05");
  EXPECT_EQ(RejectionOf(m, "E1"), "decision_not_valid");
}

TEST_F(SettleRules, IncomeRelatedValueComesFromTheDecision) {
  Service& s = w.AddService("kotihoito", Unit::kHour, "0.00");
  s.value.kind = ValueRule::Kind::kRange;
  s.value.min = M("7.00");
  s.value.max = M("27.00");
  w.Approve(kProviderA, "kotihoito", "35.00");
  w.AddDecision("D1", "C1", "kotihoito").voucher_value = M("18.40");
  auto m = w.Settle({w.Hourly("E1", "D1", "kotihoito", "2024-05-13T08:00:00+03:00",
                              "2024-05-13T09:30:00+03:00")},
                    "2024-05");
  EXPECT_EQ(TotalsOf(m, "E1").price, M("52.50"));
  EXPECT_EQ(TotalsOf(m, "E1").voucher, M("27.60"));
  EXPECT_EQ(TotalsOf(m, "E1").copay, M("24.90"));
}

TEST_F(SettleRules, GrantExcessIsNotCovered_OverGrant) {
  w.AddService("kotihoito", Unit::kHour, "20.00");
  w.Approve(kProviderA, "kotihoito", "30.00");
  w.AddDecision("D1", "C1", "kotihoito").granted_per_month = Quantity::Units(3);
  auto m = w.Settle({w.Hourly("E1", "D1", "kotihoito", "2024-05-06T09:00:00+03:00",
                              "2024-05-06T11:00:00+03:00"),
                     w.Hourly("E2", "D1", "kotihoito", "2024-05-07T09:00:00+03:00",
                              "2024-05-07T11:00:00+03:00")},
                    "2024-05");
  EXPECT_EQ(TotalsOf(m, "E1").voucher, M("40.00"));
  EXPECT_EQ(TotalsOf(m, "E2").price, M("60.00"));
  EXPECT_EQ(TotalsOf(m, "E2").voucher, M("20.00"));  // one of the two hours granted
  EXPECT_TRUE(TotalsOf(m, "E2").flags & kOverGrant);
}

TEST_F(SettleRules, CapsAreUsedInOrderOfStartTimeThenEventId) {
  Service& s = w.AddService("ateria", Unit::kMeal, "3.00");
  s.monthly_voucher_cap = M("6.00");
  w.Approve(kProviderA, "ateria", "5.00");
  w.AddDecision("D1", "C1", "ateria");
  // Given late-first in the input; the earlier date and then the smaller ID win.
  std::vector<Event> events = {w.Counted("E9", "D1", "ateria", "2024-05-20", "1"),
                               w.Counted("E3", "D1", "ateria", "2024-05-10", "1"),
                               w.Counted("E2", "D1", "ateria", "2024-05-10", "1")};
  auto m = w.Settle(events, "2024-05");
  EXPECT_EQ(TotalsOf(m, "E2").voucher, M("3.00"));
  EXPECT_EQ(TotalsOf(m, "E3").voucher, M("3.00"));
  EXPECT_EQ(TotalsOf(m, "E9").voucher, M("0.00"));
}

class BalanceRules : public SettleRules {
 protected:
  void SetUp() override {
    Service& s = w.AddService("hb-kotihoito", Unit::kHour, "0.00");
    s.value.kind = ValueRule::Kind::kBalance;
    w.Approve(kProviderA, "hb-kotihoito", "40.00");
    Decision& d = w.AddDecision("HB1", "C1", "hb-kotihoito");
    d.validity.from = D("2024-05-01");
    d.balance = BalancePlan{M("0.00"), M("400.00")};
  }
};

TEST_F(BalanceRules, AccrualIsProRataForASuspension) {
  w.pending_decisions[0].suspensions.push_back({D("2024-05-10"), D("2024-05-19")});
  auto m = w.Settle({}, "2024-05");
  ASSERT_EQ(m.balances.size(), 1u);
  EXPECT_EQ(m.balances[0].accrual, M("270.97"));
  EXPECT_EQ(m.balances[0].suspension_days, 10);
}

TEST_F(BalanceRules, AccrualIsProRataForAMidMonthStart) {
  w.pending_decisions[0].validity.from = D("2024-05-10");
  auto m = w.Settle({}, "2024-05");
  EXPECT_EQ(m.balances[0].accrual, M("283.87"));
  EXPECT_EQ(m.balances[0].opening, M("0.00"));
}

TEST_F(BalanceRules, UnusedBalanceCarriesOverAndEventsConsumeIt) {
  w.pending_decisions[0].validity.from = D("2024-04-01");
  auto m = w.Settle({w.Hourly("E1", "HB1", "hb-kotihoito", "2024-04-10T09:00:00+03:00",
                              "2024-04-10T14:00:00+03:00"),  // 200.00 in April
                     w.Hourly("E2", "HB1", "hb-kotihoito", "2024-05-10T09:00:00+03:00",
                              "2024-05-10T11:00:00+03:00")},  // 80.00 in May
                    "2024-05");
  ASSERT_EQ(m.balances.size(), 1u);
  EXPECT_EQ(m.balances[0].opening, M("200.00"));
  EXPECT_EQ(m.balances[0].accrual, M("400.00"));
  EXPECT_EQ(m.balances[0].used, M("80.00"));
  EXPECT_EQ(m.balances[0].closing, M("520.00"));
  EXPECT_EQ(TotalsOf(m, "E1").lines, 0);  // April's lines are not May's
  EXPECT_EQ(TotalsOf(m, "E2").voucher, M("80.00"));
}

TEST_F(BalanceRules, BeyondTheBalanceIsOverBalance) {
  auto m = w.Settle({w.Hourly("E1", "HB1", "hb-kotihoito", "2024-05-06T08:00:00+03:00",
                              "2024-05-06T19:00:00+03:00")},  // 440.00
                    "2024-05");
  EventTotals t = TotalsOf(m, "E1");
  EXPECT_EQ(t.voucher, M("400.00"));
  EXPECT_EQ(t.copay, M("40.00"));
  EXPECT_TRUE(t.flags & kOverBalance);
}

TEST_F(BalanceRules, ClientFreeBalanceExhaustedIsRejected) {
  w.rulebook.services[0].client_free = true;
  auto m = w.Settle({w.Hourly("E1", "HB1", "hb-kotihoito", "2024-05-06T08:00:00+03:00",
                              "2024-05-06T17:00:00+03:00"),  // 360.00
                     w.Hourly("E2", "HB1", "hb-kotihoito", "2024-05-07T08:00:00+03:00",
                              "2024-05-07T10:00:00+03:00")},  // 80.00 > 40.00 left
                    "2024-05");
  EXPECT_EQ(TotalsOf(m, "E1").voucher, M("360.00"));
  EXPECT_EQ(RejectionOf(m, "E2"), "balance_exhausted");
  EXPECT_EQ(m.balances[0].used, M("360.00"));  // the rejected event used nothing
}

class BandRules : public SettleRules {
 protected:
  void SetUp() override {
    Service& s = w.AddService("kotihoito", Unit::kHour, "25.00");
    s.bands = {{"kotihoito-viikonloppu", Band::Days::kWeekend, std::nullopt, std::nullopt},
               {"kotihoito-ilta", Band::Days::kWeekdays, 18 * 60, 22 * 60},
               {"kotihoito-yo", Band::Days::kAll, 22 * 60, 7 * 60}};
    w.AddService("kotihoito-viikonloppu", Unit::kHour, "35.00");
    w.AddService("kotihoito-ilta", Unit::kHour, "30.00");
    w.AddService("kotihoito-yo", Unit::kHour, "40.00");
    w.Approve(kProviderA, "kotihoito", "30.00");
    w.Approve(kProviderA, "kotihoito-viikonloppu", "40.00");
    w.Approve(kProviderA, "kotihoito-ilta", "36.00");
    w.Approve(kProviderA, "kotihoito-yo", "48.00");
    w.AddDecision("D1", "C1", "kotihoito");
  }
  std::vector<SettlementLine> Lines(const MonthSettlement& m) {
    return m.settlements.empty() ? std::vector<SettlementLine>{} : m.settlements[0].lines;
  }
};

TEST_F(BandRules, EveningAndNightBandsSplitAWeekdayEvent) {
  // Monday 6 May 2024, 16:00-23:30: 2 h day, 4 h evening, 1.5 h night.
  auto m = w.Settle({w.Hourly("E1", "D1", "kotihoito", "2024-05-06T16:00:00+03:00",
                              "2024-05-06T23:30:00+03:00")},
                    "2024-05");
  auto lines = Lines(m);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].service, "kotihoito");
  EXPECT_EQ(lines[0].minutes, 120);
  EXPECT_EQ(lines[1].service, "kotihoito-ilta");
  EXPECT_EQ(lines[1].minutes, 240);
  EXPECT_EQ(lines[2].service, "kotihoito-yo");
  EXPECT_EQ(lines[2].minutes, 90);
  EXPECT_EQ(lines[1].price, M("144.00"));
  EXPECT_EQ(lines[1].voucher, M("120.00"));
  EXPECT_EQ(lines[2].voucher, M("60.00"));
}

TEST_F(BandRules, WeekendBandIsTriedFirstAndCoversHolidays) {
  // Ascension Day, Thursday 9 May 2024: the whole evening is weekend.
  auto m = w.Settle({w.Hourly("E1", "D1", "kotihoito", "2024-05-09T17:00:00+03:00",
                              "2024-05-09T20:00:00+03:00")},
                    "2024-05");
  auto lines = Lines(m);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].service, "kotihoito-viikonloppu");
  EXPECT_EQ(lines[0].price, M("120.00"));
}

TEST_F(BandRules, EventCrossingMidnightIsSplitByDay) {
  // Friday 22:00 to Saturday 02:00: Friday's night band, then Saturday's weekend.
  auto m = w.Settle({w.Hourly("E1", "D1", "kotihoito", "2024-05-10T22:00:00+03:00",
                              "2024-05-11T02:00:00+03:00")},
                    "2024-05");
  auto lines = Lines(m);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].date.ToString(), "2024-05-10");
  EXPECT_EQ(lines[0].service, "kotihoito-yo");
  EXPECT_EQ(lines[1].date.ToString(), "2024-05-11");
  EXPECT_EQ(lines[1].service, "kotihoito-viikonloppu");
  EXPECT_EQ(*lines[0].minutes + *lines[1].minutes, 240);
}

TEST_F(BandRules, EventCrossingTheMonthEndCountsOnlyTheAskedMonth) {
  // Friday 31 May 2024 21:00 to Saturday 1 June 01:00.
  Event e = w.Hourly("E1", "D1", "kotihoito", "2024-05-31T21:00:00+03:00",
                     "2024-06-01T01:00:00+03:00");
  auto may = w.Settle({e}, "2024-05");
  auto june = w.Settle({e}, "2024-06");
  int may_minutes = 0, june_minutes = 0;
  for (const auto& l : Lines(may)) may_minutes += *l.minutes;
  for (const auto& l : Lines(june)) june_minutes += *l.minutes;
  EXPECT_EQ(may_minutes, 180);
  EXPECT_EQ(june_minutes, 60);
}

TEST_F(BandRules, RealElapsedMinutesCountAcrossDaylightSavingChange) {
  // 27 Oct 2024 (Sunday): 02:00+03:00 to 05:00+02:00 is four real hours.
  auto m = w.Settle({w.Hourly("E1", "D1", "kotihoito", "2024-10-27T02:00:00+03:00",
                              "2024-10-27T05:00:00+02:00")},
                    "2024-10");
  int minutes = 0;
  for (const auto& l : Lines(m)) minutes += *l.minutes;
  EXPECT_EQ(minutes, 240);
  // Spring forward, 31 Mar 2024: 02:00+02:00 to 05:00+03:00 is two real hours.
  auto spring = w.Settle({w.Hourly("E2", "D1", "kotihoito", "2024-03-31T02:00:00+02:00",
                                   "2024-03-31T05:00:00+03:00")},
                         "2024-03");
  minutes = 0;
  for (const auto& l : Lines(spring)) minutes += *l.minutes;
  EXPECT_EQ(minutes, 120);
}

TEST_F(BandRules, BandServiceWithoutApprovalIsNotApproved) {
  w.provider_list[0].approvals.pop_back();  // no night price
  auto m = w.Settle({w.Hourly("E1", "D1", "kotihoito", "2024-05-06T21:00:00+03:00",
                              "2024-05-06T23:00:00+03:00")},
                    "2024-05");
  EXPECT_EQ(RejectionOf(m, "E1"), "provider_not_approved");
}

TEST_F(SettleRules, WeekdaysOnly_NotAWeekday) {
  Service& s = w.AddService("paivatoiminta", Unit::kDay, "35.00");
  s.weekdays_only = true;
  w.Approve(kProviderA, "paivatoiminta", "40.00");
  w.AddDecision("D1", "C1", "paivatoiminta");
  auto m = w.Settle({w.Counted("E1", "D1", "paivatoiminta", "2024-05-06", "5"),   // Mon-Fri
                     w.Counted("E2", "D1", "paivatoiminta", "2024-05-11", "1"),   // Saturday
                     w.Counted("E3", "D1", "paivatoiminta", "2024-05-09", "1")},  // Ascension
                    "2024-05");
  EXPECT_EQ(RejectionOf(m, "E1"), "not_a_weekday");  // covers Ascension Day
  EXPECT_EQ(RejectionOf(m, "E2"), "not_a_weekday");
  EXPECT_EQ(RejectionOf(m, "E3"), "not_a_weekday");
  auto ok = w.Settle({w.Counted("E4", "D1", "paivatoiminta", "2024-05-13", "5")}, "2024-05");
  EXPECT_EQ(TotalsOf(ok, "E4").voucher, M("175.00"));
}

TEST_F(SettleRules, LateRecordingIsFlaggedNotRejected) {
  w.AddService("kotihoito", Unit::kHour, "25.00");
  w.Approve(kProviderA, "kotihoito", "25.00");
  w.AddDecision("D1", "C1", "kotihoito");
  Event late = w.Hourly("E1", "D1", "kotihoito", "2024-05-06T09:00:00+03:00",
                        "2024-05-06T10:00:00+03:00");
  late.recorded_at = T("2024-05-11T10:01:00+03:00");
  Event in_time = w.Hourly("E2", "D1", "kotihoito", "2024-05-07T09:00:00+03:00",
                           "2024-05-07T10:00:00+03:00");
  in_time.recorded_at = T("2024-05-12T10:00:00+03:00");
  auto m = w.Settle({late, in_time}, "2024-05");
  EXPECT_TRUE(TotalsOf(m, "E1").flags & kLateRecording);
  EXPECT_FALSE(TotalsOf(m, "E2").flags & kLateRecording);
  EXPECT_EQ(TotalsOf(m, "E1").voucher, M("25.00"));
}

TEST_F(SettleRules, RejectionCodesForUnknownsAndChoices) {
  w.AddService("kotihoito", Unit::kHour, "25.00");
  w.AddService("ateria", Unit::kMeal, "3.00");
  w.Approve(kProviderA, "kotihoito", "25.00");
  w.Approve(kProviderB, "kotihoito", "25.00", "Savonlinna");
  w.AddDecision("D1", "C1", "kotihoito").providers = {kProviderA};
  Decision& d2 = w.AddDecision("D2", "C2", "kotihoito");
  d2.validity.to = D("2024-05-15");
  const char* s = "2024-05-06T09:00:00+03:00";
  const char* e = "2024-05-06T10:00:00+03:00";
  auto m = w.Settle(
      {w.Hourly("U1", "D1", "kotihoito", s, e, "1234567-1"),
       w.Hourly("U2", "D9", "kotihoito", s, e), w.Hourly("U3", "D1", "siivous", s, e),
       w.Hourly("U4", "D1", "ateria", s, e), w.Hourly("U5", "D1", "kotihoito", s, e, kProviderB),
       w.Hourly("U6", "D1", "kotihoito", e, s),
       w.Hourly("U7", "D2", "kotihoito", "2024-05-16T09:00:00+03:00", "2024-05-16T10:00:00+03:00"),
       w.Hourly("U8", "D2", "kotihoito", s, e, kProviderB)},
      "2024-05");
  EXPECT_EQ(RejectionOf(m, "U1"), "unknown_provider");
  EXPECT_EQ(RejectionOf(m, "U2"), "unknown_decision");
  EXPECT_EQ(RejectionOf(m, "U3"), "unknown_service");
  EXPECT_EQ(RejectionOf(m, "U4"), "service_mismatch");
  EXPECT_EQ(RejectionOf(m, "U5"), "provider_not_chosen");
  EXPECT_EQ(RejectionOf(m, "U6"), "invalid_time_range");
  EXPECT_EQ(RejectionOf(m, "U7"), "decision_not_valid");
  EXPECT_EQ(RejectionOf(m, "U8"), "provider_not_approved");  // approved only in Savonlinna
  EXPECT_TRUE(m.settlements.empty());
}

TEST_F(SettleRules, PriceListByDateAndMunicipality) {
  w.AddService("kotihoito", Unit::kHour, "20.00");
  w.Approve(kProviderA, "kotihoito", "30.00");
  w.Approve(kProviderA, "kotihoito", "26.00", "Savonlinna");
  w.provider_list[0].approvals[0].prices.push_back({D("2024-05-15"), M("28.00")});
  w.AddDecision("D1", "C1", "kotihoito");
  w.AddDecision("D2", "C2", "kotihoito").municipality = "Savonlinna";
  auto m = w.Settle({w.Hourly("E1", "D1", "kotihoito", "2024-05-14T09:00:00+03:00",
                              "2024-05-14T10:00:00+03:00"),
                     w.Hourly("E2", "D1", "kotihoito", "2024-05-15T09:00:00+03:00",
                              "2024-05-15T10:00:00+03:00"),
                     w.Hourly("E3", "D2", "kotihoito", "2024-05-15T09:00:00+03:00",
                              "2024-05-15T10:00:00+03:00")},
                    "2024-05");
  EXPECT_EQ(TotalsOf(m, "E1").price, M("30.00"));
  EXPECT_EQ(TotalsOf(m, "E2").price, M("28.00"));
  EXPECT_EQ(TotalsOf(m, "E3").price, M("26.00"));
}

TEST_F(SettleRules, DuplicateWithSameContentIsANoOpAndOtherContentConflicts) {
  w.AddService("kotihoito", Unit::kHour, "25.00");
  w.Approve(kProviderA, "kotihoito", "25.00");
  w.AddDecision("D1", "C1", "kotihoito");
  Event e = w.Hourly("E1", "D1", "kotihoito", "2024-05-06T09:00:00+03:00",
                     "2024-05-06T10:00:00+03:00");
  Event resend = e;
  resend.line = 2;
  Event other = w.Hourly("E1", "D1", "kotihoito", "2024-05-06T09:00:00+03:00",
                         "2024-05-06T11:00:00+03:00");
  auto m = w.Settle({e, resend, other}, "2024-05");
  EXPECT_EQ(TotalsOf(m, "E1").lines, 1);
  EXPECT_EQ(TotalsOf(m, "E1").price, M("25.00"));
  ASSERT_EQ(m.rejected.size(), 1u);
  EXPECT_EQ(m.rejected[0].code, "duplicate_conflict");
  EXPECT_EQ(m.rejected[0].line, other.line);
}

TEST_F(SettleRules, ReplacesAndVoidsLeaveNoTrace) {
  w.AddService("kotihoito", Unit::kHour, "25.00");
  w.Approve(kProviderA, "kotihoito", "25.00");
  w.AddDecision("D1", "C1", "kotihoito");
  Event a = w.Hourly("A", "D1", "kotihoito", "2024-05-06T09:00:00+03:00", "2024-05-06T10:00:00+03:00");
  Event a2 = w.Hourly("A2", "D1", "kotihoito", "2024-05-06T09:00:00+03:00", "2024-05-06T12:00:00+03:00");
  a2.replaces = "A";
  Event b = w.Hourly("B", "D1", "kotihoito", "2024-05-07T09:00:00+03:00", "2024-05-07T10:00:00+03:00");
  Event bv;
  bv.id = "BV";
  bv.provider = kProviderA;
  bv.voids = "B";
  bv.line = 99;
  auto m = w.Settle({a, a2, b, bv}, "2024-05");
  EXPECT_EQ(TotalsOf(m, "A").lines, 0);
  EXPECT_EQ(TotalsOf(m, "A2").price, M("75.00"));
  EXPECT_EQ(TotalsOf(m, "B").lines, 0);
  EXPECT_EQ(TotalsOf(m, "BV").lines, 0);
  EXPECT_TRUE(m.rejected.empty());
}

TEST_F(SettleRules, ARejectedReplacementChangesNothing) {
  Service& s = w.AddService("lk", Unit::kHour, "25.00");
  s.price_cap = M("32.00");
  w.Approve(kProviderA, "lk", "30.00");
  w.AddDecision("D1", "C1", "lk");
  Event a = w.Hourly("A", "D1", "lk", "2024-05-06T09:00:00+03:00", "2024-05-06T10:00:00+03:00");
  Event bad = w.Hourly("A2", "D9", "lk", "2024-05-06T09:00:00+03:00", "2024-05-06T12:00:00+03:00");
  bad.replaces = "A";
  auto m = w.Settle({a, bad}, "2024-05");
  EXPECT_EQ(TotalsOf(m, "A").price, M("30.00"));
  EXPECT_EQ(RejectionOf(m, "A2"), "unknown_decision");
}

TEST_F(SettleRules, HousingAbsenceDaysAreNotBilledBeyondThePaidDays) {
  Service& s = w.AddService("palveluasuminen", Unit::kDay, "75.00");
  s.paid_absence_days = 3;
  w.Approve(kProviderA, "palveluasuminen", "95.00");
  w.AddDecision("D1", "C1", "palveluasuminen");
  // Away 10-19 May (10 days): the first 3 still paid, 7 not billed.
  w.absences.push_back({"AB1", "D1", {D("2024-05-10"), D("2024-05-19")}});
  auto m = w.Settle({w.Counted("E1", "D1", "palveluasuminen", "2024-05-01", "31")}, "2024-05");
  EXPECT_EQ(m.settlements[0].lines[0].quantity.ToString(), "24");
  EXPECT_EQ(TotalsOf(m, "E1").price, M("2280.00"));
  EXPECT_EQ(TotalsOf(m, "E1").voucher, M("1800.00"));
}

TEST_F(SettleRules, OpenEndedAbsenceRunsIntoTheNextMonth) {
  w.AddService("palveluasuminen", Unit::kDay, "75.00");
  w.Approve(kProviderA, "palveluasuminen", "95.00");
  w.AddDecision("D1", "C1", "palveluasuminen");
  w.absences.push_back({"AB1", "D1", {D("2024-05-29"), std::nullopt}});
  auto m = w.Settle({w.Counted("E1", "D1", "palveluasuminen", "2024-06-01", "30")}, "2024-06");
  EXPECT_TRUE(m.settlements.empty());
  EXPECT_TRUE(m.rejected.empty());
}

TEST_F(SettleRules, DayEventCrossingTheMonthIsSplitByMonth) {
  w.AddService("palveluasuminen", Unit::kDay, "75.00");
  w.Approve(kProviderA, "palveluasuminen", "95.00");
  w.AddDecision("D1", "C1", "palveluasuminen");
  Event e = w.Counted("E1", "D1", "palveluasuminen", "2024-05-25", "10");
  EXPECT_EQ(TotalsOf(w.Settle({e}, "2024-05"), "E1").price, M("665.00"));  // 7 days
  EXPECT_EQ(TotalsOf(w.Settle({e}, "2024-06"), "E1").price, M("285.00"));  // 3 days
}

TEST_F(SettleRules, SettlementReferenceIsStableAndChecks) {
  std::string r = SettlementReference(kProviderA, YearMonth(2024, 5), ReferenceKind::kFinnish);
  EXPECT_EQ(r, SettlementReference(kProviderA, YearMonth(2024, 5), ReferenceKind::kFinnish));
  EXPECT_NE(r, SettlementReference(kProviderA, YearMonth(2024, 6), ReferenceKind::kFinnish));
  EXPECT_NE(r, SettlementReference(kProviderB, YearMonth(2024, 5), ReferenceKind::kFinnish));
  EXPECT_TRUE(IsValidFinnishReference(r));
  EXPECT_TRUE(IsValidRfReference(SettlementReference(kProviderA, YearMonth(2024, 5), ReferenceKind::kRf)));
}

TEST_F(SettleRules, CheckEventAgreesWithSettlement) {
  Service& s = w.AddService("lk", Unit::kHour, "25.00");
  s.price_cap = M("32.00");
  w.Approve(kProviderA, "lk", "33.00");
  w.AddDecision("D1", "C1", "lk");
  auto r = w.Check(w.Hourly("E1", "D1", "lk", "2024-05-06T09:00:00+03:00", "2024-05-06T10:00:00+03:00"));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->code, "price_over_cap");
}

}  // namespace
}  // namespace seteli::testing
