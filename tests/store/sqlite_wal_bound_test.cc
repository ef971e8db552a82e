// The SQLite store's write-ahead log under write load (issue 19, item 5):
// the WalCheckpointer's thread copies it into the database file while
// requests read, so the log stays near its threshold (64 MiB) instead of
// growing until a commit at sixteen times that pays for the copy.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <string>
#include <thread>

#include "pg_test_db.h"
#include "store/store.h"

namespace seteli::store {
namespace {

namespace fs = std::filesystem;

uintmax_t SizeOr0(const std::string& path) {
  std::error_code ec;
  uintmax_t n = fs::file_size(path, ec);
  return ec ? 0 : n;
}

TEST(SqliteWalBound, LogStaysNearTheThresholdWhileRequestsRead) {
  constexpr uintmax_t kThreshold = uintmax_t{64} << 20;
  std::string url = testing::FreshSqliteUrl();
  std::string path = url.substr(std::string("sqlite:").size());
  auto opened = OpenStore(url);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  std::unique_ptr<Store> store = std::move(opened).value();

  // Requests read all the while, as the daemon's do.
  std::atomic<bool> stop{false};
  std::thread reader([&] {
    while (!stop) {
      (void)store->ListProviders();
      (void)store->GetOutboxStats();
    }
  });
  // 320 MiB in 1 MiB transmissions: five times the threshold.
  uintmax_t most = 0;
  std::string raw(1 << 20, 'x');
  for (int i = 0; i < 320; ++i) {
    std::string id = std::to_string(i);
    std::copy(id.begin(), id.end(), raw.begin());
    auto saved = store->SaveTransmission({0, "", "api", "sha-" + id, raw},
                                         {"test", "invoices.receive", id, ""}, nullptr);
    ASSERT_TRUE(saved.ok()) << saved.error().message;
    most = std::max(most, SizeOr0(path + "-wal"));
  }
  stop = true;
  reader.join();
  // The thread copies what crosses the threshold while the next commits
  // come: the log reaches the threshold and what is committed meanwhile,
  // never the sixteen times at which a writer would copy it itself.
  EXPECT_LT(most, 3 * kThreshold) << "the log grew to " << (most >> 20) << " MiB";
  EXPECT_GT(SizeOr0(path), uintmax_t{200} << 20) << "the database file was not written";
  fs::remove(path);
  fs::remove(path + "-wal");
  fs::remove(path + "-shm");
}

}  // namespace
}  // namespace seteli::store
