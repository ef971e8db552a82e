// A fresh, empty PostgreSQL schema for one test on the throwaway server
// that tests/store/pg_fixture.sh starts for the test run. The server's URL
// is read from the file named by SETELI_TEST_PG_URL_FILE (set by ctest).
#ifndef SETELI_TESTS_STORE_PG_TEST_DB_H_
#define SETELI_TESTS_STORE_PG_TEST_DB_H_

#include <optional>
#include <string>

namespace seteli::testing {

// The store URL of a new schema (search_path set in the URI), or nothing
// when no test server was started (the caller skips).
std::optional<std::string> FreshPostgresUrl();

// A new SQLite store URL in a new temporary directory.
std::string FreshSqliteUrl();

// A fresh store of `backend` ("sqlite" or "postgresql"), or nothing when it
// is PostgreSQL and no test server was started (the caller skips).
std::optional<std::string> FreshStoreUrl(const std::string& backend);

}  // namespace seteli::testing

#endif  // SETELI_TESTS_STORE_PG_TEST_DB_H_
