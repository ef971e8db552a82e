#include "daemon/daemon_setup.h"

#include "daemon/json_log.h"
#include "daemon/registry_import.h"
#include "formats/rulebook_yaml.h"
#include "formats/unverified_fields.h"
#include "formats/yaml_fields.h"
#include "store/migrations.h"

namespace seteli::daemon {
namespace {

// The store's current rulebook, or the config's file stored as current.
Result<Rulebook> InitialRulebook(store::RegistryStore& store, const ServeConfig& config,
                                 const std::string& actor) {
  auto current = store.CurrentRulebook();
  if (!current.ok()) return current.error();
  if (current.value()) return formats::ParseRulebook(current.value()->body, "store:rulebook");
  auto text = formats::ReadFile(config.rulebook_path);
  if (!text.ok()) return text.error();
  auto rulebook = formats::ParseRulebook(text.value(), config.rulebook_path);
  if (!rulebook.ok()) return rulebook.error();
  auto put =
      store.PutRulebook({rulebook.value().version, rulebook.value().year, text.value(), ""},
                        {actor, "rulebook.put", rulebook.value().version, config.rulebook_path});
  if (!put.ok()) return put.error();
  return rulebook;
}

// One line when opening migrated the schema, so that an upgrade shows in
// the log (the daemon's JSON log; stderr for the CLI commands).
void LogMigration(const store::Store& store) {
  if (auto line = store::MigratedLine(store)) {
    JsonLog::Info(*line,
                  {{"from", store.SchemaVersionAtOpen()}, {"to", store::LatestSchemaVersion()}});
  }
}

}  // namespace

Result<OpenedStore> OpenDaemonStore(const ServeConfig& config, const std::string& actor,
                                    std::vector<std::string>* notes) {
  auto opened = store::OpenStore(config.store_url);
  if (!opened.ok()) return opened.error();
  std::unique_ptr<store::Store> store = std::move(opened).value();
  LogMigration(*store);
  auto rulebook = InitialRulebook(*store, config, actor);
  if (!rulebook.ok()) return rulebook.error();
  RegistryImport report;
  auto imported =
      ImportRegistryFiles(*store, config, rulebook.value(), actor, ImportMode::kNewOnly, report);
  if (!imported.ok()) return imported.error();
  if (notes) *notes = std::move(report.notes);
  auto catalog = LoadCatalog(*store, std::move(rulebook).value());
  if (!catalog.ok()) return catalog.error();
  return OpenedStore{std::move(store), std::move(catalog).value()};
}

Result<std::unique_ptr<DaemonState>> OpenDaemonState(const ServeConfig& config,
                                                     const std::string& actor,
                                                     std::vector<std::string>* notes) {
  auto opened = OpenDaemonStore(config, actor, notes);
  if (!opened.ok()) return opened.error();
  return std::make_unique<DaemonState>(config, std::move(opened.value().store),
                                       std::move(opened.value().catalog));
}

void LogUnverifiedFields(const Rulebook& rulebook) {
  std::vector<std::string> lines =
      formats::UnverifiedFieldWarnings(rulebook, "rulebook " + rulebook.version);
  for (size_t i = 0; i < lines.size(); ++i) {
    JsonLog::Warn(lines[i], {{"field", rulebook.unverified[i]}, {"rulebook", rulebook.version}});
  }
}

Result<store::Done> ActivateRulebook(DaemonState& state, Rulebook rulebook, const std::string& text,
                                     const std::string& actor) {
  std::lock_guard<std::mutex> lock(state.catalog_writes);
  auto fresh = LoadCatalog(*state.store, std::move(rulebook));
  if (!fresh.ok()) return fresh.error();
  const Rulebook& rb = fresh.value()->rulebook;
  auto put = state.store->PutRulebook({rb.version, rb.year, text, ""},
                                      {actor, "rulebook.put", rb.version, ""});
  if (!put.ok()) return put.error();
  state.catalogs.Set(fresh.value());
  JsonLog::Info("rulebook active", {{"version", rb.version}, {"actor", actor}});
  LogUnverifiedFields(rb);
  return store::Done{};
}

Result<store::Done> ReloadRulebookFile(DaemonState& state) {
  auto text = formats::ReadFile(state.config.rulebook_path);
  if (!text.ok()) return text.error();
  auto rulebook = formats::ParseRulebook(text.value(), state.config.rulebook_path);
  if (!rulebook.ok()) return rulebook.error();
  return ActivateRulebook(state, std::move(rulebook).value(), text.value(), "system:sighup");
}

}  // namespace seteli::daemon
