// The registries over HTTP: POST/GET /v1/providers, /v1/decisions, and
// PUT/GET /v1/rulebook. Writes are the admin's; a write is checked whole
// (nothing is stored when any part is invalid), stored with its audit entry
// and then made current for the events that follow.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

#include "api/routes.h"
#include "daemon/daemon_setup.h"
#include "daemon/event_body.h"
#include "daemon/json_log.h"
#include "formats/decisions_jsonl.h"
#include "formats/providers_yaml.h"
#include "formats/rulebook_yaml.h"
#include "formats/strict_json.h"

namespace seteli::api {
namespace {

Reply Ok(std::string body) {
  Reply r;
  r.body = std::move(body);
  return r;
}

Reply RequireAdmin(const Request& r) {
  return r.principal->role == Role::kAdmin ? Reply{0, "", "", ""}
                                           : ErrorReply(403, "forbidden", "only the admin role may");
}

// Swaps in a catalog rebuilt from the store, keeping the rulebook.
Result<store::Done> RefreshCatalog(ApiState& state) {
  auto fresh = daemon::LoadCatalog(*state.store, state.catalogs.Get()->rulebook);
  if (!fresh.ok()) return fresh.error();
  state.catalogs.Set(fresh.value());
  return store::Done{};
}

// The providers of a JSON array (or one object) as documents keyed by
// business ID. Errors: malformed_json.
Result<std::vector<store::Document>> ProviderDocuments(const std::string& body) {
  try {
    Poco::Dynamic::Var v = formats::ParseStrictJson(body);
    Poco::JSON::Array::Ptr list;
    if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
      list = new Poco::JSON::Array;
      list->add(v);
    } else {
      list = v.extract<Poco::JSON::Array::Ptr>();
    }
    std::vector<store::Document> docs;
    for (size_t i = 0; i < list->size(); ++i) {
      Poco::JSON::Object::Ptr o = list->getObject(static_cast<unsigned>(i));
      if (!o) return Error{"malformed_json", "element " + std::to_string(i + 1) + " is not an object", "body"};
      std::ostringstream text;
      o->stringify(text);
      docs.push_back({o->optValue<std::string>("business_id", ""), text.str(), ""});
    }
    return docs;
  } catch (const Poco::Exception& e) {
    return Error{"malformed_json", e.displayText(), "body"};
  }
}

std::string DocumentArray(const std::vector<store::Document>& docs) {
  std::string out = "[";
  for (size_t i = 0; i < docs.size(); ++i) out += (i ? "," : "") + docs[i].body;
  return out + "]";
}

}  // namespace

Reply PostProviders(ApiState& state, const Request& r) {
  if (Reply deny = RequireAdmin(r); deny.status) return deny;
  auto docs = ProviderDocuments(r.body);
  if (!docs.ok()) return ErrorReply(400, docs.error());
  std::string list = DocumentArray(docs.value());
  auto checked = formats::ParseProviders(list, "body");
  if (!checked.ok()) return ErrorReply(422, checked.error());
  std::lock_guard<std::mutex> lock(state.catalog_writes);
  store::AuditEntry audit{r.principal->Label(), "providers.put",
                          std::to_string(docs.value().size()) + " providers", ""};
  auto put = state.store->PutProviders(docs.value(), audit);
  if (!put.ok()) return StoreFailure(state, put.error());
  auto refreshed = RefreshCatalog(state);
  if (!refreshed.ok()) return ErrorReply(500, refreshed.error());
  return Ok("{\"stored\":" + std::to_string(docs.value().size()) + "}");
}

Reply GetProviders(ApiState& state, const Request& r) {
  auto docs = state.store->ListProviders();
  if (!docs.ok()) return StoreFailure(state, docs.error());
  std::vector<store::Document> visible;
  for (auto& d : docs.value()) {
    if (r.principal->may_read_all() || d.id == r.principal->business_id) visible.push_back(d);
  }
  return Ok(DocumentArray(visible));
}

Reply PostDecisions(ApiState& state, const Request& r) {
  if (Reply deny = RequireAdmin(r); deny.status) return deny;
  auto pieces = daemon::SplitEventBody(r.body);
  if (!pieces.ok()) return ErrorReply(400, pieces.error());
  std::shared_ptr<const daemon::Catalog> catalog = state.catalogs.Get();
  std::vector<store::Document> docs;
  for (const daemon::BodyPiece& p : pieces.value()) {
    auto d = formats::ParseDecisionJson(p.text, catalog->rulebook, "body:" + std::to_string(p.line));
    if (!d.ok()) return ErrorReply(422, d.error());
    docs.push_back({d.value().id, std::string(p.text), ""});
  }
  if (docs.empty()) return ErrorReply(400, "empty_batch", "the body holds no decisions");
  std::lock_guard<std::mutex> lock(state.catalog_writes);
  store::AuditEntry audit{r.principal->Label(), "decisions.put",
                          std::to_string(docs.size()) + " decisions", "first " + docs.front().id};
  auto put = state.store->PutDecisions(docs, audit);
  if (!put.ok()) return StoreFailure(state, put.error());
  auto refreshed = RefreshCatalog(state);
  if (!refreshed.ok()) return ErrorReply(500, refreshed.error());
  return Ok("{\"stored\":" + std::to_string(docs.size()) + "}");
}

Reply GetDecisions(ApiState& state, const Request& r) {
  auto docs = state.store->ListDecisions();
  if (!docs.ok()) return StoreFailure(state, docs.error());
  std::shared_ptr<const daemon::Catalog> catalog = state.catalogs.Get();
  std::vector<store::Document> visible;
  for (auto& d : docs.value()) {
    const Decision* decision = catalog->decisions.Find(d.id);
    bool mine = decision && decision->Chose(r.principal->business_id);
    if (r.principal->may_read_all() || mine) visible.push_back(d);
  }
  return Ok(DocumentArray(visible));
}

Reply PutRulebook(ApiState& state, const Request& r) {
  if (Reply deny = RequireAdmin(r); deny.status) return deny;
  auto rulebook = formats::ParseRulebook(r.body, "body");
  if (!rulebook.ok()) return ErrorReply(422, rulebook.error());
  std::string version = rulebook.value().version;
  auto activated =
      daemon::ActivateRulebook(state, std::move(rulebook).value(), r.body, r.principal->Label());
  if (!activated.ok()) {
    return ErrorReply(activated.error(), 422);
  }
  return Ok("{\"version\":" + JsonQuote(version) + "}");
}

Reply GetRulebook(ApiState& state, const Request&) {
  auto current = state.store->CurrentRulebook();
  if (!current.ok()) return StoreFailure(state, current.error());
  if (!current.value()) return ErrorReply(404, "not_found", "no rulebook stored");
  Reply reply;
  reply.body = current.value()->body;
  reply.content_type = "application/yaml";
  return reply;
}

}  // namespace seteli::api
