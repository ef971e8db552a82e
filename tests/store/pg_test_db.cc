#include "pg_test_db.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>

#include "store/postgres_url.h"

namespace seteli::testing {
namespace {

std::string UniqueName(const char* prefix) {
  static std::atomic<int> counter{0};
  auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
  return std::string(prefix) + std::to_string(getpid()) + "_" + std::to_string(ticks % 1000000) +
         "_" + std::to_string(counter++);
}

}  // namespace

std::optional<std::string> FreshPostgresUrl() {
  const char* file = std::getenv("SETELI_TEST_PG_URL_FILE");
  if (!file) return std::nullopt;
  std::ifstream in(file);
  std::string base;
  if (!std::getline(in, base) || base.empty()) return std::nullopt;
  Poco::Data::PostgreSQL::Connector::registerConnector();
  std::string schema = UniqueName("t");
  Poco::Data::Session admin("PostgreSQL", store::PostgresConnInfo(base).value());
  admin << "CREATE SCHEMA " + schema, Poco::Data::Keywords::now;
  return base + "?options=-csearch_path%3D" + schema;
}

std::string FreshSqliteUrl() {
  auto dir = std::filesystem::temp_directory_path() / UniqueName("seteli-test-");
  std::filesystem::create_directories(dir);
  return "sqlite:" + (dir / "store.db").string();
}

std::optional<std::string> FreshStoreUrl(const std::string& backend) {
  return backend == "postgresql" ? FreshPostgresUrl() : FreshSqliteUrl();
}

}  // namespace seteli::testing
