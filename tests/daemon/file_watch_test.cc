// FileWatch (daemon/file_watch.h): a change of the file is noticed, its
// absence is not a change, and an untouched file calls nothing.
#include "daemon/file_watch.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

namespace seteli::daemon {
namespace {

using namespace std::chrono_literals;

bool WaitFor(const std::atomic<int>& n, int want) {
  for (int i = 0; i < 200 && n.load() < want; ++i) std::this_thread::sleep_for(10ms);
  return n.load() >= want;
}

TEST(FileWatch, CallsWhenTheFileChangesAndOnlyThen) {
  auto dir = std::filesystem::temp_directory_path() / ("file_watch_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "seteli.conf").string();
  std::ofstream(path) << "tokens: []\n";
  std::atomic<int> calls{0};
  {
    FileWatch watch(path, 20ms, [&] { ++calls; });
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(calls.load(), 0);
    std::ofstream(path) << "tokens: [a]\n";
    EXPECT_TRUE(WaitFor(calls, 1));
    std::filesystem::remove(path);  // being replaced: not a version
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(calls.load(), 1);
    std::ofstream(dir / "next") << "tokens: [b]\n";
    std::filesystem::rename(dir / "next", path);
    EXPECT_TRUE(WaitFor(calls, 2));
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace seteli::daemon
