// Property tests: random months of events over a world with every kind of
// service, checking the invariants that must hold for any input.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "random_month.h"
#include "test_world.h"

namespace seteli::testing {
namespace {

// Everything a settlement says, in a canonical order, for comparing runs.
std::vector<std::string> Canonical(const MonthSettlement& m) {
  std::vector<std::string> out;
  for (const Settlement& s : m.settlements) {
    out.push_back(s.provider + " " + s.price_total.ToString() + " " + s.voucher_total.ToString());
    for (const SettlementLine& l : s.lines) {
      out.push_back(l.event_id + " " + l.service + " " + l.date.ToString() + " " +
                    l.price.ToString() + " " + l.voucher.ToString() + " " + std::to_string(l.flags));
    }
  }
  for (const Rejection& r : m.rejected) out.push_back("rejected " + r.event_id + " " + r.code);
  for (const BalanceStatement& b : m.balances) out.push_back(b.decision_id + " " + b.closing.ToString());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(SettleProperties, EveryLineSplitsItsPriceExactlyAndCapsHold) {
  for (uint32_t seed = 1; seed <= 40; ++seed) {
    RandomMonth r(seed);
    MonthSettlement m = r.w.Settle(r.Events(120), "2024-05");
    std::map<std::string, Money> voucher_by_client_service;
    std::map<std::string, int64_t> ov_days;
    for (const Settlement& s : m.settlements) {
      Money price, voucher, copay;
      for (const SettlementLine& l : s.lines) {
        ASSERT_EQ(l.price, l.voucher + l.copay) << "seed " << seed << " " << l.event_id;
        ASSERT_LE(l.voucher, l.price);
        ASSERT_GE(l.voucher, Money());
        ASSERT_GE(l.copay, Money());
        if (l.service == "apu") {
          ASSERT_EQ(l.copay, Money()) << "client free, seed " << seed;
        }
        voucher_by_client_service[l.client + "/" + l.service] += l.voucher;
        // The price (110.00) is above the value (105.00): the voucher pays
        // exactly value x covered days.
        if (l.service == "ov") ov_days[l.client] += l.voucher.cents() / 10500;
        price += l.price;
        voucher += l.voucher;
        copay += l.copay;
      }
      ASSERT_EQ(s.price_total, price);
      ASSERT_EQ(s.voucher_total, voucher);
      ASSERT_EQ(s.copay_total, copay);
    }
    for (const auto& [key, v] : voucher_by_client_service) {
      Money cap = key.ends_with("/ateria") ? M("60.00")
                  : key.ends_with("/asu")  ? M("2280.00")
                  : key.ends_with("/ov")   ? M("315.00")
                                           : v;
      ASSERT_LE(v, cap) << key;
    }
    for (const auto& [client, days] : ov_days) ASSERT_LE(days, 3) << client;
    for (const BalanceStatement& b : m.balances) {
      ASSERT_GE(b.closing, Money()) << b.decision_id;
      ASSERT_EQ(b.closing, b.opening + b.accrual - b.used);
    }
  }
}

TEST(SettleProperties, InputOrderDoesNotChangeTheResult) {
  for (uint32_t seed = 100; seed < 120; ++seed) {
    RandomMonth r(seed);
    std::vector<Event> events = r.Events(150);
    auto expected = Canonical(r.w.Settle(events, "2024-05"));
    std::mt19937 shuffle_rng(seed);
    for (int round = 0; round < 3; ++round) {
      std::shuffle(events.begin(), events.end(), shuffle_rng);
      ASSERT_EQ(Canonical(r.w.Settle(events, "2024-05")), expected) << "seed " << seed;
    }
  }
}

// Everything a month's settlement says, in its own order (rejections too).
std::vector<std::string> Exact(const MonthSettlement& m) {
  std::vector<std::string> out{m.month.ToString() + " " + m.rulebook_version};
  for (const Settlement& s : m.settlements) {
    out.push_back(s.provider + " " + s.reference + " " + s.price_total.ToString() + " " +
                  s.voucher_total.ToString() + " " + s.copay_total.ToString());
    for (const SettlementLine& l : s.lines) {
      out.push_back(l.event_id + " " + l.decision_id + " " + l.service + " " + l.date.ToString() + " " +
                    l.quantity.ToString() + " " + l.price.ToString() + " " + l.voucher.ToString() + " " +
                    l.copay.ToString() + " " + std::to_string(l.flags));
    }
  }
  for (const Rejection& r : m.rejected) out.push_back("rejected " + r.event_id + " " + r.code + " " + r.message);
  for (const BalanceStatement& b : m.balances) {
    out.push_back(b.decision_id + " " + b.month.ToString() + " " + b.opening.ToString() + " " +
                  b.accrual.ToString() + " " + b.used.ToString() + " " + b.closing.ToString());
  }
  return out;
}

TEST(SettleProperties, SettlingMonthsInOnePassGivesEachMonthAsSettlingItAlone) {
  for (uint32_t seed = 200; seed < 230; ++seed) {
    RandomMonth r(seed);
    std::vector<Event> events;
    for (const char* month : {"2024-03", "2024-04", "2024-05", "2024-06"}) {
      std::vector<Event> some = r.Events(60, month);
      events.insert(events.end(), some.begin(), some.end());
    }
    // Voids, replacements and conflicting resends across the months.
    for (int i = 0; i < 20; ++i) {
      Event e = events[static_cast<size_t>(r.Pick(0, static_cast<int>(events.size()) - 1))];
      const int kind = r.Pick(0, 2);
      if (kind == 0) {
        e.voids = e.id;
        e.id = "V" + std::to_string(i);
      } else if (kind == 1) {
        e.replaces = e.id;
        e.id = "R" + std::to_string(i);
      }
      e.fingerprint += "changed";
      events.push_back(e);
    }
    std::vector<MonthSettlement> months = r.w.SettleRange(events, "2024-02", "2024-07");
    ASSERT_EQ(months.size(), 6u);
    YearMonth m(2024, 2);
    for (const MonthSettlement& got : months) {
      ASSERT_EQ(Exact(got), Exact(SettleMonth(r.w.Context(), events, m))) << "seed " << seed << " " << m.ToString();
      m = m.next();
    }
  }
}

}  // namespace
}  // namespace seteli::testing
