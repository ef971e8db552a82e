// WalCheckpointer: commits past the threshold are copied into the database
// file by its thread, and the log stays bounded even when commits outrun it.
#include "store/wal_checkpointer.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

namespace seteli::store {
namespace {

namespace fs = std::filesystem;

constexpr int kPageBytes = 4096;

class WalCheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("seteli-wal-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "store.db").string();
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db_), SQLITE_OK);
    Exec("PRAGMA page_size = 4096");
    Exec("PRAGMA journal_mode = WAL");
    Exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)");
  }
  void TearDown() override {
    sqlite3_close(db_);
    fs::remove_all(dir_);
  }

  void Exec(const std::string& sql) {
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_);
  }
  // One commit of about `pages` pages of new rows.
  void CommitPages(int pages) {
    Exec("BEGIN");
    for (int i = 0; i < pages * 4; ++i) {
      Exec("INSERT INTO t (v) VALUES ('" + std::string(900, 'x') + "')");
    }
    Exec("COMMIT");
  }
  uintmax_t DatabaseBytes() { return fs::file_size(path_); }
  uintmax_t LogBytes() { return fs::file_size(path_ + "-wal"); }

  fs::path dir_;
  std::string path_;
  sqlite3* db_ = nullptr;
};

// SQLite's own checkpoint comes at 1,000 pages: 200 pages stay in the log
// unless the checkpointer copies them.
TEST_F(WalCheckpointerTest, CommitsPastTheThresholdReachTheDatabaseFile) {
  WalCheckpointer checkpointer(path_, 16 * kPageBytes);
  checkpointer.Attach(db_);
  const uintmax_t before = DatabaseBytes();
  for (int i = 0; i < 50; ++i) CommitPages(4);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (DatabaseBytes() < before + 150 * kPageBytes && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GE(DatabaseBytes(), before + 150 * kPageBytes);
}

TEST_F(WalCheckpointerTest, LogStaysBoundedWhenCommitsOutrunTheThread) {
  WalCheckpointer checkpointer(path_, 8 * kPageBytes);
  checkpointer.Attach(db_);
  for (int i = 0; i < 100; ++i) CommitPages(8);  // 800 pages, no pause
  // At twice the threshold while the thread copies, the committing writer
  // waits for its next pass, so the log restarts long before it holds all
  // 800 (timing decides exactly when).
  EXPECT_LT(LogBytes(), 300u * (kPageBytes + 24));
}

TEST_F(WalCheckpointerTest, BelowTheThresholdNothingIsCopied) {
  WalCheckpointer checkpointer(path_, 1000 * kPageBytes);
  checkpointer.Attach(db_);
  const uintmax_t before = DatabaseBytes();
  for (int i = 0; i < 10; ++i) CommitPages(4);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(DatabaseBytes(), before);
}

}  // namespace
}  // namespace seteli::store
