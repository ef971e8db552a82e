#include "fixture_month.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "formats/decisions_jsonl.h"
#include "formats/events_input.h"
#include "formats/providers_yaml.h"
#include "formats/rulebook_yaml.h"
#include "formats/settlement_json.h"
#include "pg_test_db.h"
#include "seteli/settle.h"

namespace seteli::testing {
namespace {

std::string Fixtures() { return std::string(SETELI_SOURCE_DIR) + "/fixtures"; }

template <class T>
T OrDie(Result<T> r) {
  if (!r.ok()) {
    std::cerr << "fixture does not load: " << r.error().message << "\n";
    std::abort();
  }
  return std::move(r).value();
}

}  // namespace

FixtureRegistries LoadFixtureRegistries() {
  return {OrDie(formats::LoadRulebook(Fixtures() + "/rulebook.yaml")),
          OrDie(formats::LoadProviders(Fixtures() + "/providers.yaml"))};
}

void SeedFixtureMonth(store::Store& store) {
  FixtureRegistries reg = LoadFixtureRegistries();
  DecisionBook decisions = OrDie(formats::LoadDecisions(Fixtures() + "/decisions.jsonl", reg.rulebook));
  auto stream = OrDie(formats::LoadEvents(Fixtures() + "/events.jsonl"));
  for (Absence& a : stream.absences) decisions.AddAbsence(std::move(a));
  SettleContext ctx{&reg.rulebook, &reg.providers, &decisions};
  MonthSettlement m = SettleMonth(ctx, stream.events, YearMonth::Parse("2024-05").value());
  for (const Settlement& s : m.settlements) {
    std::ostringstream body;
    formats::WriteJson(formats::SettlementJson(s), body);
    store::SettlementWrite w;
    w.settlement = {s.provider, "2024-05", store::kSettled, s.reference, m.rulebook_version,
                    s.price_total.cents(), s.voucher_total.cents(), s.copay_total.cents(),
                    static_cast<int>(s.lines.size()), "", "test-run", std::nullopt, body.str()};
    auto committed = store.CommitSettlement(w, {"test", "settlements.commit", s.provider, ""});
    if (!committed.ok()) {
      std::cerr << "seeding failed: " << committed.error().message << "\n";
      std::abort();
    }
  }
}

std::string InvoiceFixture(const std::string& relative) {
  std::ifstream in(Fixtures() + "/invoices/" + relative, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::unique_ptr<store::Store> SeededFixtureStore(const std::string& backend) {
  std::optional<std::string> url = backend == "sqlite" ? FreshSqliteUrl() : FreshPostgresUrl();
  if (!url) return nullptr;
  std::unique_ptr<store::Store> store = OrDie(store::OpenStore(*url));
  SeedFixtureMonth(*store);
  return store;
}

}  // namespace seteli::testing
