// The fixture month (fixtures/, May 2024) settled into a store, as the
// monthly run leaves it, for the receiving tests; and the fixture files.
#ifndef SETELI_TESTS_RECEIVING_FIXTURE_MONTH_H_
#define SETELI_TESTS_RECEIVING_FIXTURE_MONTH_H_

#include <string>

#include "seteli/provider.h"
#include "seteli/rulebook.h"
#include "store/store.h"

namespace seteli::testing {

struct FixtureRegistries {
  Rulebook rulebook;
  ProviderRegistry providers;
};

// The fixtures' rulebook and providers (aborts the test binary if they do
// not load: the fixtures are part of the source).
FixtureRegistries LoadFixtureRegistries();

// Settles the fixture month and commits every settlement in state settled.
void SeedFixtureMonth(store::Store& store);

// The bytes of fixtures/invoices/<relative>.
std::string InvoiceFixture(const std::string& relative);

}  // namespace seteli::testing

#endif  // SETELI_TESTS_RECEIVING_FIXTURE_MONTH_H_
