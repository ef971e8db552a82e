// OpenStore: from a store URL to a migrated store.
#include <unistd.h>

#include <filesystem>

#include "store/migrations.h"
#include "store/postgres_url.h"
#include "store/sql_store.h"
#include "store/store.h"

namespace seteli::store {
namespace {

// SQLite waits out its 60-second login timeout on a file it cannot open,
// saying only "unable to open database file"; a store whose folder is
// missing or closed to us is named at once instead.
std::optional<Error> SqliteUnreachable(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path folder = fs::absolute(path, ec).parent_path();
  auto fail = [&](const std::string& why) {
    return Error{"store_unavailable", "cannot open the SQLite store " + path + ": " + why, path};
  };
  if (!fs::is_directory(folder, ec))
    return fail("its folder " + folder.string() + " does not exist");
  if (access(folder.c_str(), W_OK | X_OK) != 0)
    return fail("its folder " + folder.string() + " is not writable");
  if (fs::exists(path, ec) && access(path.c_str(), R_OK | W_OK) != 0)
    return fail("the file is not readable and writable");
  return std::nullopt;
}

Error BadUrl(const std::string& url) {
  return Error{"bad_store_url",
               "store URL must be sqlite:PATH or postgresql://...; got '" + url + "'", ""};
}

}  // namespace

Result<std::unique_ptr<Store>> OpenStore(const std::string& url, const Clock& clock) {
  const std::string sqlite = "sqlite:";
  if (url.rfind(sqlite, 0) == 0 && url.size() > sqlite.size()) {
    const std::string path = url.substr(sqlite.size());
    if (auto unreachable = SqliteUnreachable(path)) return *unreachable;
    return SqlStore::Open(Dialect::kSqlite, path, clock);
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    Result<std::string> info = PostgresConnInfo(url);
    if (!info.ok()) return info.error();
    return SqlStore::Open(Dialect::kPostgres, info.value(), clock);
  }
  return BadUrl(url);
}

std::optional<std::string> MigratedLine(const Store& store) {
  int from = store.SchemaVersionAtOpen();
  int to = LatestSchemaVersion();
  if (from == to) return std::nullopt;
  return "migrated store schema " + std::to_string(from) + " to " + std::to_string(to);
}

Result<int> PeekSchemaVersion(const std::string& url) {
  const std::string sqlite = "sqlite:";
  if (url.rfind(sqlite, 0) == 0 && url.size() > sqlite.size()) {
    const std::string path = url.substr(sqlite.size());
    if (auto unreachable = SqliteUnreachable(path)) return *unreachable;
    // Opening would create the file; a store not there has no schema yet.
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return 0;
    return SqlStore::PeekSchemaVersion(Dialect::kSqlite, path);
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    Result<std::string> info = PostgresConnInfo(url);
    if (!info.ok()) return info.error();
    return SqlStore::PeekSchemaVersion(Dialect::kPostgres, info.value());
  }
  return BadUrl(url);
}

}  // namespace seteli::store
