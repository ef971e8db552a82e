#include "daemon/registry_import.h"

#include <Poco/JSON/Parser.h>

#include <map>
#include <sstream>

#include "daemon/event_body.h"
#include "formats/decisions_jsonl.h"
#include "formats/providers_yaml.h"
#include "formats/yaml_fields.h"
#include "formats/yaml_json.h"

namespace seteli::daemon {
namespace {

// A JSON document with its keys sorted and its spacing dropped, so that the
// same record written two ways compares equal.
std::string Canonical(const std::string& json) {
  try {
    Poco::Dynamic::Var v = Poco::JSON::Parser().parse(json);
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(v, out);
    return out.str();
  } catch (const Poco::Exception&) {
    return json;
  }
}

Result<std::vector<store::Document>> ProviderDocuments(const std::string& path) {
  auto checked = formats::LoadProviders(path);
  if (!checked.ok()) return checked.error();
  std::vector<store::Document> docs;
  try {
    for (const YAML::Node& p : YAML::LoadFile(path)) {
      docs.push_back({p["business_id"].as<std::string>(), formats::YamlToJson(p), ""});
    }
  } catch (const YAML::Exception& e) {
    return Error{"config_error", e.what(), path};
  }
  return docs;
}

Result<std::vector<store::Document>> DecisionDocuments(const std::string& path,
                                                       const Rulebook& rulebook) {
  auto text = formats::ReadFile(path);
  if (!text.ok()) return text.error();
  auto pieces = SplitEventBody(text.value());
  if (!pieces.ok()) return pieces.error();
  std::vector<store::Document> docs;
  for (const BodyPiece& p : pieces.value()) {
    auto d = formats::ParseDecisionJson(p.text, rulebook, path + ":" + std::to_string(p.line));
    if (!d.ok()) return d.error();
    docs.push_back({d.value().id, std::string(p.text), ""});
  }
  return docs;
}

// Of `file`'s records, those to write under `mode`; a note for each that
// differs from the store's.
std::vector<store::Document> ToWrite(const std::vector<store::Document>& file,
                                     const std::vector<store::Document>& stored, const char* what,
                                     const std::string& path, ImportMode mode,
                                     std::vector<std::string>& notes) {
  // Bodies as stored; a record that differs in text only is parsed to
  // compare, so an unchanged registry costs one string comparison a record
  // at every command's start.
  std::map<std::string, const std::string*> in_store;
  for (const store::Document& d : stored) in_store[d.id] = &d.body;
  std::vector<store::Document> out;
  for (const store::Document& d : file) {
    auto it = in_store.find(d.id);
    if (it == in_store.end()) {
      out.push_back(d);
      continue;
    }
    if (*it->second == d.body || Canonical(*it->second) == Canonical(d.body)) continue;
    if (mode == ImportMode::kReplace) {
      notes.push_back(path + ": " + what + " " + d.id +
                      " replaced from the file (the store's was changed since)");
      out.push_back(d);
    } else {
      notes.push_back(path + ": " + what + " " + d.id +
                      " differs from the store, which keeps its own (changed since, e.g. through"
                      " the API); `seteli import` loads the file over it");
    }
  }
  return out;
}

// A registry the files fill: what its records are called, and how the
// store lists and puts them.
struct Registry {
  const char* what;  // "provider", "decision"
  Result<std::vector<store::Document>> (store::RegistryStore::*list)();
  Result<store::Done> (store::RegistryStore::*put)(std::span<const store::Document>,
                                                   const store::AuditEntry&);
};
constexpr Registry kProviders = {"provider", &store::RegistryStore::ListProviders,
                                 &store::RegistryStore::PutProviders};
constexpr Registry kDecisions = {"decision", &store::RegistryStore::ListDecisions,
                                 &store::RegistryStore::PutDecisions};

// Puts what ToWrite keeps of `file` (the records of `path`) into the store
// with one audit entry; returns how many that was.
Result<int> ImportFile(store::RegistryStore& store, const Registry& registry,
                       const std::string& path, const std::vector<store::Document>& file,
                       const std::string& actor, ImportMode mode, RegistryImport& report) {
  auto stored = (store.*registry.list)();
  if (!stored.ok()) return stored.error();
  auto docs = ToWrite(file, stored.value(), registry.what, path, mode, report.notes);
  if (!docs.empty()) {
    const std::string plural = std::string(registry.what) + "s";
    auto put = (store.*registry.put)(
        docs, {actor, plural + ".import", std::to_string(docs.size()) + " " + plural, path});
    if (!put.ok()) return put.error();
  }
  return static_cast<int>(docs.size());
}

}  // namespace

Result<store::Done> ImportRegistryFiles(store::RegistryStore& store,
                                        const config::ServeConfig& config, const Rulebook& rulebook,
                                        const std::string& actor, ImportMode mode,
                                        RegistryImport& report) {
  if (config.providers_path) {
    auto file = ProviderDocuments(*config.providers_path);
    if (!file.ok()) return file.error();
    auto n =
        ImportFile(store, kProviders, *config.providers_path, file.value(), actor, mode, report);
    if (!n.ok()) return n.error();
    report.providers_imported = n.value();
  }
  if (config.decisions_path) {
    auto file = DecisionDocuments(*config.decisions_path, rulebook);
    if (!file.ok()) return file.error();
    auto n =
        ImportFile(store, kDecisions, *config.decisions_path, file.value(), actor, mode, report);
    if (!n.ok()) return n.error();
    report.decisions_imported = n.value();
  }
  return store::Done{};
}

}  // namespace seteli::daemon
