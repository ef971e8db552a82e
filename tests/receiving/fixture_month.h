// The fixture month (fixtures/, May 2024) settled into a store, as the
// monthly run leaves it, for the receiving tests; and the fixture files.
#ifndef SETELI_TESTS_RECEIVING_FIXTURE_MONTH_H_
#define SETELI_TESTS_RECEIVING_FIXTURE_MONTH_H_

#include <memory>
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

// A fresh store on `backend` ("sqlite" or "postgresql") with the fixture
// month seeded; null when no PostgreSQL test server runs (the caller
// skips). Aborts when the store does not open.
std::unique_ptr<store::Store> SeededFixtureStore(const std::string& backend);

// The bytes of fixtures/invoices/<relative>.
std::string InvoiceFixture(const std::string& relative);

}  // namespace seteli::testing

#endif  // SETELI_TESTS_RECEIVING_FIXTURE_MONTH_H_
