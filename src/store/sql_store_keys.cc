// Provider keys on SQL (key_store.h).
#include "store/sql_support.h"

namespace seteli::store {
namespace {

using Poco::Data::Session;

constexpr char kColumns[] =
    "key_id, business_id, name, sha256, created_at, expires_at, revoked_at, last_used_at";

std::vector<ProviderKey> SelectKeys(Session& s, const std::string& where,
                                    const std::vector<std::string>& params) {
  std::vector<std::string> c[8];
  SelectRows(s,
             "SELECT " + std::string(kColumns) + " FROM provider_keys" + where +
                 " ORDER BY created_at DESC, key_id",
             params, c);
  std::vector<ProviderKey> out(c[0].size());
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = {c[0][i], c[1][i], c[2][i], c[3][i], c[4][i], c[5][i], c[6][i], c[7][i]};
  }
  return out;
}

}  // namespace

Result<Done> SqlStore::AddProviderKey(const ProviderKey& k, const AuditEntry& audit) {
  return Run<Done>(true, [&](Session& s) {
    LockKey(s, dialect_, "provider_keys:" + k.business_id);
    const std::string taken =
        "SELECT COUNT(*) FROM provider_keys WHERE business_id = " + Placeholder(dialect_, 1) +
        " AND name = " + Placeholder(dialect_, 2);
    if (Exists(s, taken, {k.business_id, k.name})) {
      throw Refused{Error{"key_name_taken",
                          "provider " + k.business_id + " has a key named '" + k.name + "' already",
                          k.name}};
    }
    s << "INSERT INTO provider_keys (" + std::string(kColumns) + ") VALUES " +
             PlaceholderTuple(dialect_, 1, 8),
        bind(k.key_id), bind(k.business_id), bind(k.name), bind(k.sha256_hex), bind(k.created_at),
        bind(k.expires_at), bind(k.revoked_at), bind(k.last_used_at), now;
    InsertAudit(s, dialect_, audit, k.created_at);
    return Done{};
  });
}

Result<std::vector<ProviderKey>> SqlStore::ListProviderKeys(const std::string& business_id) {
  return Run<std::vector<ProviderKey>>(false, [&](Session& s) {
    if (business_id.empty()) return SelectKeys(s, "", {});
    return SelectKeys(s, " WHERE business_id = " + Placeholder(dialect_, 1), {business_id});
  });
}

Result<bool> SqlStore::RevokeProviderKey(const std::string& business_id, const std::string& key_id,
                                         const std::string& at, const AuditEntry& audit) {
  return Run<bool>(true, [&](Session& s) {
    auto found = SelectKeys(s,
                            " WHERE key_id = " + Placeholder(dialect_, 1) +
                                " AND business_id = " + Placeholder(dialect_, 2),
                            {key_id, business_id});
    if (found.empty()) {
      throw Refused{
          Error{"not_found", "provider " + business_id + " has no key " + key_id, key_id}};
    }
    if (!found[0].revoked_at.empty()) return false;
    s << "UPDATE provider_keys SET revoked_at = " + Placeholder(dialect_, 1) +
             " WHERE key_id = " + Placeholder(dialect_, 2) + " AND revoked_at = ''",
        bind(at), bind(key_id), now;
    InsertAudit(s, dialect_, audit, at);
    return true;
  });
}

Result<Done> SqlStore::TouchProviderKey(const std::string& key_id, const std::string& at) {
  return Run<Done>(true, [&](Session& s) {
    s << "UPDATE provider_keys SET last_used_at = " + Placeholder(dialect_, 1) +
             " WHERE key_id = " + Placeholder(dialect_, 2) + " AND last_used_at < " +
             Placeholder(dialect_, 3),
        bind(at), bind(key_id), bind(at), now;
    return Done{};
  });
}

}  // namespace seteli::store
