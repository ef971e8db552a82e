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

}  // namespace

Result<store::Done> ImportRegistryFiles(store::RegistryStore& store,
                                        const config::ServeConfig& config, const Rulebook& rulebook,
                                        const std::string& actor, ImportMode mode,
                                        RegistryImport& report) {
  if (config.providers_path) {
    const std::string& path = *config.providers_path;
    auto file = ProviderDocuments(path);
    if (!file.ok()) return file.error();
    auto stored = store.ListProviders();
    if (!stored.ok()) return stored.error();
    auto docs = ToWrite(file.value(), stored.value(), "provider", path, mode, report.notes);
    if (!docs.empty()) {
      auto put = store.PutProviders(
          docs, {actor, "providers.import", std::to_string(docs.size()) + " providers", path});
      if (!put.ok()) return put.error();
    }
    report.providers_imported = static_cast<int>(docs.size());
  }
  if (config.decisions_path) {
    const std::string& path = *config.decisions_path;
    auto file = DecisionDocuments(path, rulebook);
    if (!file.ok()) return file.error();
    auto stored = store.ListDecisions();
    if (!stored.ok()) return stored.error();
    auto docs = ToWrite(file.value(), stored.value(), "decision", path, mode, report.notes);
    if (!docs.empty()) {
      auto put = store.PutDecisions(
          docs, {actor, "decisions.import", std::to_string(docs.size()) + " decisions", path});
      if (!put.ok()) return put.error();
    }
    report.decisions_imported = static_cast<int>(docs.size());
  }
  return store::Done{};
}

}  // namespace seteli::daemon
