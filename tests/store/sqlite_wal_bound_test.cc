// The SQLite store's write-ahead log under write load (issue 19, item 5):
// the WalCheckpointer's thread copies it into the database file while
// requests read, and writers that outrun it wait for it, so the log stays
// near its threshold (64 MiB) however busy the machine.
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
  // 384 MiB in 1 MiB transmissions: six times the threshold. A log the
  // thread does not copy grows to all of it.
  uintmax_t most = 0;
  std::string raw(1 << 20, 'x');
  for (int i = 0; i < 384; ++i) {
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
  // come, and a writer finding the log at twice the threshold while the
  // thread copies waits for its next pass: the log reaches about twice the
  // threshold (130 MiB on 2 busy cores; before writers waited, CI saw
  // 198 MiB and this machine 260 under load), never all that was written.
  EXPECT_LT(most, 4 * kThreshold) << "the log grew to " << (most >> 20) << " MiB";
  EXPECT_GT(SizeOr0(path), uintmax_t{200} << 20) << "the database file was not written";
  fs::remove(path);
  fs::remove(path + "-wal");
  fs::remove(path + "-shm");
}

}  // namespace
}  // namespace seteli::store
