#include "fixture_month.h"

#include <gtest/gtest.h>

#include <sstream>

#include "formats/decisions_jsonl.h"
#include "formats/events_input.h"
#include "formats/providers_yaml.h"
#include "formats/rulebook_yaml.h"
#include "formats/settlement_json.h"
#include "schema_set.h"

namespace seteli::outbound::testing {
namespace {

template <class T>
T Must(Result<T> r) {
  if (!r.ok()) {
    ADD_FAILURE() << ToLine(r.error());
    std::abort();
  }
  return std::move(r).value();
}

FixtureMonth Load() {
  FixtureMonth f;
  f.rulebook = Must(formats::LoadRulebook(ProjectPath("fixtures/rulebook.yaml")));
  f.providers = Must(formats::LoadProviders(ProjectPath("fixtures/providers.yaml")));
  f.decisions = Must(formats::LoadDecisions(ProjectPath("fixtures/decisions.jsonl"), f.rulebook));
  formats::EventStream events = Must(formats::LoadEvents(ProjectPath("fixtures/events.jsonl")));
  for (Absence& a : events.absences) f.decisions.AddAbsence(std::move(a));
  SettleContext ctx{&f.rulebook, &f.providers, &f.decisions};
  f.month = SettleMonth(ctx, events.events, YearMonth(2024, 5));
  std::ostringstream json;
  formats::WriteJson(formats::MonthSettlementJson(f.month), json);
  f.settlement_json = json.str();
  return f;
}

}  // namespace

const FixtureMonth& May2024() {
  static const FixtureMonth f = Load();
  return f;
}

Settlement CreditOf(const Settlement& may) {
  Settlement s = may;
  s.month = may.month.next();
  for (SettlementLine& l : s.lines) {
    l.quantity = Quantity::FromMilli(-l.quantity.milli());
    if (l.minutes) l.minutes = -*l.minutes;
    l.price = -l.price;
    l.voucher = -l.voucher;
    l.copay = -l.copay;
    l.flags |= kPriorPeriod;
    l.original_month = may.month;
  }
  s.price_total = -may.price_total;
  s.voucher_total = -may.voucher_total;
  s.copay_total = -may.copay_total;
  return s;
}

}  // namespace seteli::outbound::testing
