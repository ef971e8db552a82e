// A small world to settle in: a rulebook, providers, decisions and events
// built in code, so each test states exactly the facts its rule needs.
#ifndef SETELI_TESTS_CORE_TEST_WORLD_H_
#define SETELI_TESTS_CORE_TEST_WORLD_H_

#include <string>
#include <vector>

#include "seteli/settle.h"

namespace seteli::testing {

inline Money M(const char* s) { return Money::Parse(s).value(); }
inline Date D(const char* s) { return Date::Parse(s).value(); }
inline Instant T(const char* s) { return Instant::Parse(s).value(); }

// Two providers with valid business IDs.
inline constexpr char kProviderA[] = "2345678-0";
inline constexpr char kProviderB[] = "3456780-6";

class TestWorld {
 public:
  TestWorld() { rulebook.year = 2024; rulebook.version = "test"; }

  Service& AddService(const std::string& code, Unit unit, const char* value) {
    Service s;
    s.code = code;
    s.unit = unit;
    s.value.kind = ValueRule::Kind::kFixed;
    s.value.fixed = M(value);
    rulebook.services.push_back(s);
    return rulebook.services.back();
  }

  // Approves `provider` for `service` in Mikkeli from 2024-01-01 at `price`.
  void Approve(const std::string& provider, const std::string& service, const char* price,
               const std::string& municipality = "Mikkeli") {
    Provider* p = FindOrAddProvider(provider);
    Approval a;
    a.service = service;
    a.municipality = municipality;
    a.valid_from = D("2024-01-01");
    a.prices.push_back({D("2024-01-01"), M(price)});
    p->approvals.push_back(a);
  }

  Decision& AddDecision(const std::string& id, const std::string& client,
                        const std::string& service) {
    Decision d;
    d.id = id;
    d.client = client;
    d.services = {service};
    d.municipality = "Mikkeli";
    d.validity.from = D("2024-01-01");
    d.providers = {kProviderA, kProviderB};
    pending_decisions.push_back(d);
    return pending_decisions.back();
  }

  Event Hourly(const std::string& id, const std::string& decision, const std::string& service,
               const char* start, const char* end, const std::string& provider = kProviderA) {
    Event e = Base(id, decision, service, provider);
    e.start = T(start);
    e.end = T(end);
    e.recorded_at = *e.end;
    return Finish(e);
  }

  Event Counted(const std::string& id, const std::string& decision, const std::string& service,
                const char* date, const char* quantity, const std::string& provider = kProviderA) {
    Event e = Base(id, decision, service, provider);
    e.date = D(date);
    e.quantity = Quantity::Parse(quantity).value();
    e.recorded_at = HelsinkiMidnight(e.date->AddDays(1));
    return Finish(e);
  }

  MonthSettlement Settle(const std::vector<Event>& events, const char* month) {
    return SettleMonth(Context(), events, YearMonth::Parse(month).value());
  }

  // SettleMonths from `from` to `to`.
  std::vector<MonthSettlement> SettleRange(const std::vector<Event>& events, const char* from,
                                           const char* to) {
    return SettleMonths(Context(), events, YearMonth::Parse(from).value(), YearMonth::Parse(to).value());
  }

  // The registries as added so far.
  SettleContext Context() {
    providers = ProviderRegistry();
    for (const Provider& p : provider_list) providers.Add(p);
    decisions = DecisionBook();
    for (const Decision& d : pending_decisions) decisions.Add(d);
    for (const Absence& a : absences) decisions.AddAbsence(a);
    return SettleContext{&rulebook, &providers, &decisions, ReferenceKind::kFinnish};
  }

  std::optional<Rejection> Check(const Event& e) {
    Settle({}, "2024-01");
    SettleContext ctx{&rulebook, &providers, &decisions, ReferenceKind::kFinnish};
    return CheckEvent(ctx, e);
  }

  Rulebook rulebook;
  std::vector<Provider> provider_list;
  std::vector<Decision> pending_decisions;
  std::vector<Absence> absences;
  ProviderRegistry providers;
  DecisionBook decisions;

 private:
  Provider* FindOrAddProvider(const std::string& id) {
    for (Provider& p : provider_list) {
      if (p.business_id == id) return &p;
    }
    Provider p;
    p.business_id = id;
    p.name = "Provider " + id;
    provider_list.push_back(p);
    return &provider_list.back();
  }

  Event Base(const std::string& id, const std::string& decision, const std::string& service,
             const std::string& provider) {
    Event e;
    e.id = id;
    e.provider = provider;
    e.decision_id = decision;
    e.service = service;
    e.source = "test";
    e.line = ++line_;
    return e;
  }

  static Event Finish(Event e) {
    e.fingerprint = e.id + "|" + e.provider + "|" + e.service + "|" +
                    (e.start ? std::to_string(e.start->unix_seconds()) : e.date->ToString()) + "|" +
                    (e.end ? std::to_string(e.end->unix_seconds())
                           : e.quantity ? e.quantity->ToString() : "");
    return e;
  }

  int line_ = 0;
};

// The summed lines of one event in a month settlement.
struct EventTotals {
  Money price, voucher, copay;
  uint32_t flags = 0;
  int lines = 0;
};

inline EventTotals TotalsOf(const MonthSettlement& m, const std::string& event_id) {
  EventTotals t;
  for (const Settlement& s : m.settlements) {
    for (const SettlementLine& l : s.lines) {
      if (l.event_id != event_id) continue;
      t.price += l.price;
      t.voucher += l.voucher;
      t.copay += l.copay;
      t.flags |= l.flags;
      ++t.lines;
    }
  }
  return t;
}

inline std::string RejectionOf(const MonthSettlement& m, const std::string& event_id) {
  for (const Rejection& r : m.rejected) {
    if (r.event_id == event_id) return r.code;
  }
  return "";
}

}  // namespace seteli::testing

#endif  // SETELI_TESTS_CORE_TEST_WORLD_H_
