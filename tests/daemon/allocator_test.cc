// The daemon's malloc arena limit with glibc's malloc (a build without
// jemalloc; the tests are): threads started after it share two arenas,
// however many there are (without it glibc gives each of them one of its
// own, up to 8 per core).
#include "daemon/allocator.h"

#include <gtest/gtest.h>
#include <malloc.h>

#include <barrier>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace seteli::daemon {
namespace {

// How many arenas the process has, as malloc_info reports them.
int Arenas() {
  char* text = nullptr;
  size_t size = 0;
  FILE* f = open_memstream(&text, &size);
  malloc_info(0, f);
  std::fclose(f);
  std::string xml(text, size);
  std::free(text);
  int n = 0;
  for (size_t at = xml.find("<heap nr="); at != std::string::npos;
       at = xml.find("<heap nr=", at + 1))
    ++n;
  return n;
}

// Starts `n` threads that are all alive while each allocates.
void AllocateInThreads(int n) {
  std::barrier all(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&all] {
      all.arrive_and_wait();
      std::vector<char> block(64 * 1024, 'x');
      all.arrive_and_wait();  // nobody leaves (and frees its arena) early
    });
  }
  for (std::thread& t : threads) t.join();
}

TEST(MallocArenas, ThreadsStartedAfterTheLimitShareTwoArenas) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer allocates, not glibc's arenas (make check-sanitize)";
#endif
  if (std::getenv("MALLOC_ARENA_MAX")) GTEST_SKIP() << "MALLOC_ARENA_MAX is set here";
  // Each gtest case runs in a process of its own (gtest_discover_tests):
  // nothing has started a thread yet.
  ASSERT_EQ(Arenas(), 1);
  ASSERT_TRUE(LimitMallocArenas());
  AllocateInThreads(8);
  EXPECT_EQ(Arenas(), kDaemonMallocArenas);
}

TEST(MallocArenas, AnOperatorsSettingWins) {
  ASSERT_EQ(setenv("MALLOC_ARENA_MAX", "4", 1), 0);
  EXPECT_FALSE(LimitMallocArenas());
  unsetenv("MALLOC_ARENA_MAX");
}

}  // namespace
}  // namespace seteli::daemon
