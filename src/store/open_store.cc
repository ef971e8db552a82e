// OpenStore: from a store URL to a migrated store.
#include "store/postgres_url.h"
#include "store/sql_store.h"
#include "store/store.h"

namespace seteli::store {

Result<std::unique_ptr<Store>> OpenStore(const std::string& url) {
  const std::string sqlite = "sqlite:";
  if (url.rfind(sqlite, 0) == 0 && url.size() > sqlite.size()) {
    return SqlStore::Open(Dialect::kSqlite, url.substr(sqlite.size()));
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    Result<std::string> info = PostgresConnInfo(url);
    if (!info.ok()) return info.error();
    return SqlStore::Open(Dialect::kPostgres, info.value());
  }
  return Error{"bad_store_url",
               "store URL must be sqlite:PATH or postgresql://...; got '" + url + "'", ""};
}

}  // namespace seteli::store
