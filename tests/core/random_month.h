// A random month over a world with every kind of service, for property
// tests: twelve decisions of eight clients, two providers, hourly, daily,
// meal, capped, client-free and balance services.
//
//   RandomMonth r(seed);
//   MonthSettlement m = r.w.Settle(r.Events(120), "2024-05");
#ifndef SETELI_TESTS_CORE_RANDOM_MONTH_H_
#define SETELI_TESTS_CORE_RANDOM_MONTH_H_

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "test_world.h"

namespace seteli::testing {

class RandomMonth {
 public:
  explicit RandomMonth(uint32_t seed) : rng_(seed) {
    Service& apu = w.AddService("apu", Unit::kHour, "25.00");
    apu.client_free = true;
    Service& lk = w.AddService("lk", Unit::kHour, "25.00");
    lk.price_cap = M("32.00");
    lk.bands = {{"lk-vkl", Band::Days::kWeekend, std::nullopt, std::nullopt},
                {"lk-yo", Band::Days::kAll, 22 * 60, 7 * 60}};
    w.AddService("lk-vkl", Unit::kHour, "30.00");
    w.AddService("lk-yo", Unit::kHour, "32.00");
    Service& ateria = w.AddService("ateria", Unit::kMeal, "3.00");
    ateria.monthly_voucher_cap = M("60.00");
    Service& asu = w.AddService("asu", Unit::kDay, "75.00");
    asu.monthly_voucher_cap = M("2280.00");
    Service& ov = w.AddService("ov", Unit::kDay, "105.00");
    ov.monthly_quantity_cap = Quantity::Units(3);
    Service& hb = w.AddService("hb", Unit::kHour, "0.00");
    hb.value.kind = ValueRule::Kind::kBalance;
    for (const char* p : {kProviderA, kProviderB}) {
      w.Approve(p, "apu", p == std::string(kProviderA) ? "25.00" : "24.00");
      w.Approve(p, "lk", "30.00");
      w.Approve(p, "lk-vkl", "36.00");
      w.Approve(p, "lk-yo", "38.00");
      w.Approve(p, "ateria", "8.50");
      w.Approve(p, "asu", "95.00");
      w.Approve(p, "ov", "110.00");
      w.Approve(p, "hb", "42.00");
    }
    const char* services[] = {"apu", "lk", "ateria", "asu", "ov", "hb"};
    for (int c = 0; c < 12; ++c) {
      std::string svc = services[c % 6];
      Decision& d = w.AddDecision("D" + std::to_string(c), "C" + std::to_string(c % 8), svc);
      if (svc == "hb") d.balance = BalancePlan{M("100.00"), M("300.00")};
      if (svc == "lk" && c % 2) d.granted_per_month = Quantity::Units(10);
    }
  }

  // `n` events of `month` ("2024-05"), their IDs prefixed with it.
  std::vector<Event> Events(int n, const std::string& month = "2024-05") {
    std::vector<Event> out;
    for (int i = 0; i < n; ++i) {
      int c = Pick(0, 11);
      const Decision& d = w.pending_decisions[c];
      std::string svc = d.services[0];
      std::string id = (month == "2024-05" ? "E" : "E" + month + "-") + std::to_string(i);
      const char* provider = Pick(0, 1) ? kProviderA : kProviderB;
      char date[16];
      std::snprintf(date, sizeof date, "%s-%02d", month.c_str(), Pick(1, 28));
      if (svc == "apu" || svc == "lk" || svc == "hb") {
        int start_min = Pick(0, 23 * 60), len = Pick(1, 10 * 60);
        char start[40];
        std::snprintf(start, sizeof start, "%sT%02d:%02d:00+03:00", date, start_min / 60,
                      start_min % 60);
        Instant s = T(start);
        Event e = w.Hourly(id, d.id, svc, start, start, provider);
        e.end = s.AddSeconds(int64_t(len) * 60);
        e.recorded_at = *e.end;
        e.fingerprint += std::to_string(len);
        out.push_back(e);
      } else {
        std::string q = svc == "asu" ? std::to_string(Pick(1, 4)) : std::to_string(Pick(1, 2));
        out.push_back(w.Counted(id, d.id, svc, date, q.c_str(), provider));
      }
    }
    return out;
  }

  int Pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  TestWorld w;
  std::mt19937 rng_;
};

}  // namespace seteli::testing

#endif  // SETELI_TESTS_CORE_RANDOM_MONTH_H_
