// The rules added to docs/rules.md in the month-cycle round, one test each,
// named after the rule: covered units only, each day at its own price,
// client-free remainders, cancelled visits, a decision's own cap and grant
// by month, relief days from the arrival, an absence sent again, and a
// correction of an unknown event.
#include <gtest/gtest.h>

#include "test_world.h"

namespace seteli::testing {
namespace {

class NewRules : public ::testing::Test {
 protected:
  Approval& ApprovalOf(const std::string& provider, const std::string& service) {
    for (Provider& p : w.provider_list) {
      for (Approval& a : p.approvals) {
        if (p.business_id == provider && a.service == service) return a;
      }
    }
    throw std::logic_error("no approval");
  }

  // Personal assistance, free to the client, 25.00 an hour at 25.00.
  void PersonalAssistance() {
    Service& s = w.AddService("henkilokohtainen-apu", Unit::kHour, "25.00");
    s.client_free = true;
    w.Approve(kProviderA, "henkilokohtainen-apu", "25.00");
  }

  const UnpaidRemainder* UnpaidOf(const MonthSettlement& m, const std::string& event_id) {
    for (const UnpaidRemainder& u : m.unpaid) {
      if (u.event_id == event_id) return &u;
    }
    return nullptr;
  }

  TestWorld w;
};

TEST_F(NewRules, VoucherPaysOnlyCoveredUnits_QuantityCapBelowTheValue) {
  // domain.md: 4 days at 120.00, value 175.00, 3 covered: 360.00.
  Service& s = w.AddService("omaishoidon-vapaa", Unit::kDay, "175.00");
  s.monthly_quantity_cap = Quantity::Units(3);
  w.Approve(kProviderA, "omaishoidon-vapaa", "120.00");
  w.AddDecision("D1", "C1", "omaishoidon-vapaa");
  auto m = w.Settle({w.Counted("E1", "D1", "omaishoidon-vapaa", "2024-12-02", "4")}, "2024-12");
  EXPECT_EQ(TotalsOf(m, "E1").price, M("480.00"));
  EXPECT_EQ(TotalsOf(m, "E1").voucher, M("360.00"));
  EXPECT_EQ(TotalsOf(m, "E1").copay, M("120.00"));
  EXPECT_TRUE(TotalsOf(m, "E1").flags & kQuantityCap);
}

TEST_F(NewRules, VoucherPaysOnlyCoveredUnits_GrantOfHours) {
  // new-rules N-KS-2: 3 of 5 hours granted at 24.50, value 26.00: 73.50.
  w.AddService("kotihoito", Unit::kHour, "26.00");
  w.Approve(kProviderA, "kotihoito", "24.50");
  w.AddDecision("D1", "C1", "kotihoito").granted_per_month = Quantity::Units(8);
  auto m = w.Settle(
      {w.Hourly("E1", "D1", "kotihoito", "2024-12-03T08:00:00+02:00", "2024-12-03T13:00:00+02:00"),
       w.Hourly("E2", "D1", "kotihoito", "2024-12-04T08:00:00+02:00", "2024-12-04T13:00:00+02:00")},
      "2024-12");
  EXPECT_EQ(TotalsOf(m, "E1").voucher, M("122.50"));
  EXPECT_EQ(TotalsOf(m, "E2").voucher, M("73.50"));
  EXPECT_EQ(TotalsOf(m, "E2").copay, M("49.00"));
}

TEST_F(NewRules, EachDayOfAStayIsPricedAtThatDaysPrice) {
  w.AddService("palveluasuminen", Unit::kDay, "75.00");
  w.Approve(kProviderA, "palveluasuminen", "96.00");
  ApprovalOf(kProviderA, "palveluasuminen").prices.push_back({D("2024-12-16"), M("90.00")});
  w.AddDecision("D1", "C1", "palveluasuminen");
  auto m = w.Settle({w.Counted("E1", "D1", "palveluasuminen", "2024-12-09", "12")}, "2024-12");
  EXPECT_EQ(TotalsOf(m, "E1").price, M("1122.00"));  // 7 x 96.00 + 5 x 90.00
  EXPECT_EQ(TotalsOf(m, "E1").voucher, M("900.00"));
  EXPECT_EQ(TotalsOf(m, "E1").lines, 2);
  EXPECT_EQ(m.settlements[0].lines[1].date, D("2024-12-16"));
  EXPECT_EQ(m.settlements[0].lines[1].unit_price, M("90.00"));
}

TEST_F(NewRules, ACapCoversTheEarliestDaysOfAStayWithTwoPrices) {
  Service& s = w.AddService("omaishoidon-vapaa", Unit::kDay, "105.00");
  s.monthly_quantity_cap = Quantity::Units(3);
  w.Approve(kProviderA, "omaishoidon-vapaa", "116.00");
  ApprovalOf(kProviderA, "omaishoidon-vapaa").prices.push_back({D("2024-12-04"), M("100.00")});
  w.AddDecision("D1", "C1", "omaishoidon-vapaa");
  auto m = w.Settle({w.Counted("E1", "D1", "omaishoidon-vapaa", "2024-12-02", "4")}, "2024-12");
  // 2-3 Dec at 116.00 (value 105.00 each), 4 Dec at 100.00 covered; 5 Dec not.
  EXPECT_EQ(TotalsOf(m, "E1").price, M("432.00"));
  EXPECT_EQ(TotalsOf(m, "E1").voucher, M("310.00"));
}

TEST_F(NewRules, ClientFreeRemainderBeyondTheGrantIsUnpaidNotALine) {
  PersonalAssistance();
  w.AddDecision("D1", "C1", "henkilokohtainen-apu").granted_per_month = Quantity::Units(10);
  auto m = w.Settle({w.Hourly("E1", "D1", "henkilokohtainen-apu", "2024-12-03T09:00:00+02:00",
                              "2024-12-03T15:00:00+02:00"),
                     w.Hourly("E2", "D1", "henkilokohtainen-apu", "2024-12-05T09:00:00+02:00",
                              "2024-12-05T15:00:00+02:00")},
                    "2024-12");
  EXPECT_TRUE(m.rejected.empty());
  EXPECT_EQ(TotalsOf(m, "E2").price, M("100.00"));
  EXPECT_EQ(TotalsOf(m, "E2").voucher, M("100.00"));
  EXPECT_EQ(TotalsOf(m, "E2").copay, M("0.00"));
  EXPECT_TRUE(TotalsOf(m, "E2").flags & kOverGrant);
  const SettlementLine& line = m.settlements[0].lines[1];
  EXPECT_EQ(line.minutes, 240);
  EXPECT_EQ(*line.to, T("2024-12-05T13:00:00+02:00"));
  const UnpaidRemainder* u = UnpaidOf(m, "E2");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->quantity.ToString(), "2");
  EXPECT_EQ(u->price, M("50.00"));
  EXPECT_EQ(u->code, "over_grant");
  EXPECT_EQ(m.settlements[0].price_total, M("250.00"));  // the remainder is in no total
}

TEST_F(NewRules, ClientFreeRemainderBeyondTheQuantityCapIsUnpaid) {
  PersonalAssistance();
  w.rulebook.services[0].monthly_quantity_cap = Quantity::Units(4);
  w.AddDecision("D1", "C1", "henkilokohtainen-apu");
  auto m = w.Settle({w.Hourly("E1", "D1", "henkilokohtainen-apu", "2024-12-12T10:00:00+02:00",
                              "2024-12-12T16:00:00+02:00")},
                    "2024-12");
  EXPECT_EQ(TotalsOf(m, "E1").voucher, M("100.00"));
  ASSERT_NE(UnpaidOf(m, "E1"), nullptr);
  EXPECT_EQ(UnpaidOf(m, "E1")->price, M("50.00"));
  EXPECT_EQ(UnpaidOf(m, "E1")->code, "quantity_cap");
}

TEST_F(NewRules, ClientFreeEventWhollyBeyondTheGrantGivesNoLine) {
  PersonalAssistance();
  w.AddDecision("D1", "C1", "henkilokohtainen-apu").granted_per_month = Quantity::Units(2);
  auto m = w.Settle({w.Hourly("E1", "D1", "henkilokohtainen-apu", "2024-12-03T09:00:00+02:00",
                              "2024-12-03T11:00:00+02:00"),
                     w.Hourly("E2", "D1", "henkilokohtainen-apu", "2024-12-04T09:00:00+02:00",
                              "2024-12-04T10:30:00+02:00")},
                    "2024-12");
  EXPECT_EQ(TotalsOf(m, "E2").lines, 0);
  ASSERT_NE(UnpaidOf(m, "E2"), nullptr);
  EXPECT_EQ(UnpaidOf(m, "E2")->quantity.ToString(), "1.5");
  EXPECT_EQ(UnpaidOf(m, "E2")->price, M("37.50"));
}

TEST_F(NewRules, CancelledVisitIsPricedAtTheFeeAndNeverPaidByTheVoucher) {
  w.AddService("kotihoito", Unit::kHour, "20.00").price_cap = M("25.00");
  w.Approve(kProviderA, "kotihoito", "30.00");  // over the cap: not checked for a cancellation
  ApprovalOf(kProviderA, "kotihoito").cancellation_fee = M("20.00");
  w.AddDecision("D1", "C1", "kotihoito").granted_per_month = Quantity::Units(1);
  Event cancelled =
      w.Hourly("E1", "D1", "kotihoito", "2024-12-11T10:00:00+02:00", "2024-12-11T13:00:00+02:00");
  cancelled.cancelled = true;
  auto m = w.Settle({cancelled}, "2024-12");
  EXPECT_EQ(TotalsOf(m, "E1").lines, 1);
  EXPECT_EQ(TotalsOf(m, "E1").price, M("20.00"));  // once, not per hour
  EXPECT_EQ(TotalsOf(m, "E1").voucher, M("0.00"));
  EXPECT_EQ(TotalsOf(m, "E1").copay, M("20.00"));
  EXPECT_TRUE(TotalsOf(m, "E1").flags & kCancelled);
}

TEST_F(NewRules, CancelledVisitUsesNoGrant) {
  w.AddService("kotihoito", Unit::kHour, "20.00");
  w.Approve(kProviderA, "kotihoito", "30.00");
  w.AddDecision("D1", "C1", "kotihoito").granted_per_month = Quantity::Units(1);
  Event cancelled =
      w.Hourly("E1", "D1", "kotihoito", "2024-12-02T10:00:00+02:00", "2024-12-02T11:00:00+02:00");
  cancelled.cancelled = true;
  auto m = w.Settle({cancelled, w.Hourly("E2", "D1", "kotihoito", "2024-12-03T10:00:00+02:00",
                                         "2024-12-03T11:00:00+02:00")},
                    "2024-12");
  EXPECT_EQ(TotalsOf(m, "E1").price, M("0.00"));  // no fee in the approval
  EXPECT_EQ(TotalsOf(m, "E2").voucher, M("20.00"));
  EXPECT_FALSE(TotalsOf(m, "E2").flags & kOverGrant);
}

TEST_F(NewRules, CancelledVisitOfAClientFreeServiceCostsNothing) {
  PersonalAssistance();
  ApprovalOf(kProviderA, "henkilokohtainen-apu").cancellation_fee = M("15.00");
  w.AddDecision("D1", "C1", "henkilokohtainen-apu");
  Event cancelled = w.Hourly("E1", "D1", "henkilokohtainen-apu", "2024-12-13T09:00:00+02:00",
                             "2024-12-13T12:00:00+02:00");
  cancelled.cancelled = true;
  auto m = w.Settle({cancelled}, "2024-12");
  EXPECT_EQ(TotalsOf(m, "E1").lines, 1);
  EXPECT_EQ(TotalsOf(m, "E1").price, M("0.00"));
  EXPECT_EQ(TotalsOf(m, "E1").copay, M("0.00"));
}

TEST_F(NewRules, CancelledVisitIsCheckedLikeAnyOther) {
  w.AddService("kotihoito", Unit::kHour, "20.00");
  w.Approve(kProviderA, "kotihoito", "30.00");
  w.AddDecision("D1", "C1", "kotihoito").validity.to = D("2024-11-30");
  Event cancelled =
      w.Hourly("E1", "D1", "kotihoito", "2024-12-02T10:00:00+02:00", "2024-12-02T11:00:00+02:00");
  cancelled.cancelled = true;
  auto m = w.Settle({cancelled}, "2024-12");
  EXPECT_EQ(RejectionOf(m, "E1"), "decision_not_valid");
}

TEST_F(NewRules, ADecisionsOwnMonthlyCapReplacesTheRulebooks) {
  w.AddService("palveluasuminen", Unit::kDay, "0.00").monthly_voucher_cap = M("2280.00");
  w.rulebook.services[0].value.kind = ValueRule::Kind::kRange;
  w.rulebook.services[0].value.min = M("30.00");
  w.rulebook.services[0].value.max = M("75.00");
  w.Approve(kProviderA, "palveluasuminen", "92.00");
  Decision& lower = w.AddDecision("D1", "C1", "palveluasuminen");
  lower.voucher_value = M("60.00");
  lower.monthly_voucher_cap = M("1824.00");
  Decision& higher = w.AddDecision("D2", "C2", "palveluasuminen");
  higher.voucher_value = M("75.00");
  higher.monthly_voucher_cap = M("2300.00");
  auto m = w.Settle({w.Counted("E1", "D1", "palveluasuminen", "2024-12-01", "31"),
                     w.Counted("E2", "D2", "palveluasuminen", "2024-12-01", "31")},
                    "2024-12");
  EXPECT_EQ(TotalsOf(m, "E1").voucher, M("1824.00"));
  EXPECT_EQ(TotalsOf(m, "E2").voucher, M("2300.00"));
  EXPECT_TRUE(TotalsOf(m, "E2").flags & kMonthlyCap);
}

TEST_F(NewRules, AGrantMayDifferByMonth) {
  w.AddService("kotihoito", Unit::kHour, "20.00");
  w.Approve(kProviderA, "kotihoito", "30.00");
  Decision& d = w.AddDecision("D1", "C1", "kotihoito");
  d.granted_per_month = Quantity::Units(10);
  d.granted_months[YearMonth(2024, 12)] = Quantity::Units(6);
  std::vector<Event> events = {
      w.Hourly("E1", "D1", "kotihoito", "2024-11-11T08:00:00+02:00", "2024-11-11T16:00:00+02:00"),
      w.Hourly("E2", "D1", "kotihoito", "2024-12-09T08:00:00+02:00", "2024-12-09T16:00:00+02:00")};
  EXPECT_EQ(TotalsOf(w.Settle(events, "2024-11"), "E1").voucher, M("160.00"));
  EXPECT_EQ(TotalsOf(w.Settle(events, "2024-12"), "E2").voucher, M("120.00"));
}

class ReliefFromArrival : public NewRules {
 protected:
  void SetUp() override {
    Service& s = w.AddService("perhehoitajan-vapaa", Unit::kDay, "0.00");
    s.value.kind = ValueRule::Kind::kPerResident;
    s.value.first_resident = M("105.00");
    s.value.each_further = M("70.00");
    s.days_from_arrival = true;
    w.Approve(kProviderA, "perhehoitajan-vapaa", "180.00");
    w.AddDecision("D1", "C1", "perhehoitajan-vapaa").residents = 2;
  }

  EventTotals Stay(const char* start, const char* end, const char* month) {
    return TotalsOf(w.Settle({w.Hourly("E1", "D1", "perhehoitajan-vapaa", start, end)}, month),
                    "E1");
  }
};

TEST_F(ReliefFromArrival, DaysAreStartedTwentyFourHourPeriods) {
  EXPECT_EQ(Stay("2024-12-13T16:00:00+02:00", "2024-12-15T16:00:00+02:00", "2024-12").price,
            M("360.00"));
  EXPECT_EQ(Stay("2024-12-13T16:00:00+02:00", "2024-12-15T16:01:00+02:00", "2024-12").voucher,
            M("525.00"));
  EXPECT_EQ(Stay("2024-12-07T18:00:00+02:00", "2024-12-08T12:00:00+02:00", "2024-12").price,
            M("180.00"));
}

TEST_F(ReliefFromArrival, APeriodBelongsToTheMonthItStartsIn) {
  // 30 Nov 20:00 to 2 Dec 10:00: periods from 30 Nov 20:00 and 1 Dec 20:00.
  EXPECT_EQ(Stay("2024-11-30T20:00:00+02:00", "2024-12-02T10:00:00+02:00", "2024-11").price,
            M("180.00"));
  EXPECT_EQ(Stay("2024-11-30T20:00:00+02:00", "2024-12-02T10:00:00+02:00", "2024-12").price,
            M("180.00"));
}

TEST_F(ReliefFromArrival, AStayWithoutStartAndEndIsMalformed) {
  auto m = w.Settle({w.Counted("E1", "D1", "perhehoitajan-vapaa", "2024-12-02", "2")}, "2024-12");
  EXPECT_EQ(RejectionOf(m, "E1"), "malformed_event");
}

TEST_F(NewRules, AnAbsenceSentAgainReplacesTheEarlierRecord) {
  w.AddService("palveluasuminen", Unit::kDay, "75.00");
  w.Approve(kProviderA, "palveluasuminen", "92.00");
  w.AddDecision("D1", "C1", "palveluasuminen");
  w.absences.push_back({"A1", "D1", {D("2024-12-11"), std::nullopt}});
  w.absences.push_back({"A1", "D1", {D("2024-12-11"), D("2024-12-17")}});
  auto m = w.Settle({w.Counted("E1", "D1", "palveluasuminen", "2024-12-01", "31")}, "2024-12");
  EXPECT_EQ(TotalsOf(m, "E1").price, M("2208.00"));  // 24 days
}

TEST_F(NewRules, ACorrectionOfAnUnknownEventChangesNothingAndSaysSo) {
  w.AddService("kotihoito", Unit::kHour, "20.00");
  w.Approve(kProviderA, "kotihoito", "30.00");
  w.AddDecision("D1", "C1", "kotihoito");
  Event visit =
      w.Hourly("E1", "D1", "kotihoito", "2024-12-02T10:00:00+02:00", "2024-12-02T11:00:00+02:00");
  Event stray = visit;
  stray.id = "V1";
  stray.voids = "NOPE";
  Event replacement = visit;
  replacement.id = "R1";
  replacement.replaces = "NEVER";
  auto m = w.Settle({visit, stray, replacement}, "2024-12");
  EXPECT_EQ(TotalsOf(m, "E1").price, M("30.00"));
  EXPECT_EQ(TotalsOf(m, "R1").lines, 0);
  EXPECT_EQ(RejectionOf(m, "V1"), "unknown_correction_target");
  EXPECT_EQ(RejectionOf(m, "R1"), "unknown_correction_target");
}

}  // namespace
}  // namespace seteli::testing
