#include "daemon/catalog.h"

#include "formats/decisions_jsonl.h"
#include "formats/providers_yaml.h"

namespace seteli::daemon {
namespace {

// The stored providers are JSON objects; a JSON array of them is a YAML
// flow sequence, which the providers loader reads as it reads a file.
std::string ProvidersAsYaml(const std::vector<store::Document>& docs) {
  std::string text = "[";
  for (size_t i = 0; i < docs.size(); ++i) text += (i ? ",\n" : "\n") + docs[i].body;
  return text + "\n]\n";
}

}  // namespace

Result<std::shared_ptr<const Catalog>> LoadCatalog(store::RegistryStore& store, Rulebook rulebook) {
  auto catalog = std::make_shared<Catalog>();
  catalog->rulebook = std::move(rulebook);
  auto providers = store.ListProviders();
  if (!providers.ok()) return providers.error();
  if (!providers.value().empty()) {
    auto registry = formats::ParseProviders(ProvidersAsYaml(providers.value()), "store:providers");
    if (!registry.ok()) return registry.error();
    catalog->providers = std::move(registry).value();
  }
  auto decisions = store.ListDecisions();
  if (!decisions.ok()) return decisions.error();
  for (const store::Document& d : decisions.value()) {
    auto decision = formats::ParseDecisionJson(d.body, catalog->rulebook, "store:decision " + d.id);
    if (!decision.ok()) return decision.error();
    catalog->decisions.Add(std::move(decision).value());
  }
  return std::shared_ptr<const Catalog>(std::move(catalog));
}

}  // namespace seteli::daemon
