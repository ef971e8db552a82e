// Test support: the shipped fixture month (fixtures/, May 2024) settled by
// the real engine, so the documents are built from realistic settlements.
#ifndef SETELI_TESTS_OUTBOUND_FIXTURE_MONTH_H_
#define SETELI_TESTS_OUTBOUND_FIXTURE_MONTH_H_

#include <string>

#include "seteli/decision.h"
#include "seteli/provider.h"
#include "seteli/rulebook.h"
#include "seteli/settle.h"
#include "seteli/settlement.h"

namespace seteli::outbound::testing {

struct FixtureMonth {
  Rulebook rulebook;
  ProviderRegistry providers;
  DecisionBook decisions;
  MonthSettlement month;
  std::string settlement_json;  // as `seteli settle` would print it
};

// Loaded once per test binary; aborts the test on a loader error.
const FixtureMonth& May2024();

// A month of prior-period credits only: every line of `may` credited in
// June (its visits voided after May was settled), negative totals.
Settlement CreditOf(const Settlement& may);

}  // namespace seteli::outbound::testing

#endif  // SETELI_TESTS_OUTBOUND_FIXTURE_MONTH_H_
