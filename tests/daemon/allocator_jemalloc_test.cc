// ReleaseFreedMemory with jemalloc, as the seteli binary allocates: the
// pages a finished piece of work freed leave the process at once, not
// when jemalloc's decay or the arena's next use gets to them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <vector>

#include "daemon/allocator.h"

namespace seteli::daemon {
namespace {

// Resident memory of this process, in MiB.
long ResidentMiB() {
  long pages = 0, resident = 0;
  std::ifstream("/proc/self/statm") >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE) / (1 << 20);
}

TEST(AllocatorWithJemalloc, FreedMemoryLeavesAtOnce) {
  ASSERT_TRUE(UsesJemalloc()) << "this test is linked with jemalloc";
  const long before = ResidentMiB();
  {  // 64 MiB in small blocks, made and freed by this thread as the run
     // thread makes and frees a month run's
    std::vector<std::unique_ptr<char[]>> blocks;
    for (int i = 0; i < 256 * 1024; ++i) {
      blocks.emplace_back(new char[256]);
      blocks.back()[0] = static_cast<char>(i);
      blocks.back()[255] = static_cast<char>(i);
    }
  }
  const long freed = ResidentMiB();
  ASSERT_GE(freed - before, 48) << "the freed blocks stay resident until released";
  ReleaseFreedMemory();
  EXPECT_LE(ResidentMiB() - before, 8);
}

TEST(AllocatorWithJemalloc, HeapUseCountsLiveBlocksNotFreedOnes) {
  ASSERT_TRUE(UsesJemalloc());
  const HeapUse before = ReadHeapUse();
  ASSERT_GT(before.mapped, 0u);
  ASSERT_GT(before.metadata, 0u);
  std::vector<std::unique_ptr<char[]>> blocks;
  for (int i = 0; i < 128 * 1024; ++i) {
    blocks.emplace_back(new char[256]);
    blocks.back()[0] = static_cast<char>(i);
  }
  const HeapUse live = ReadHeapUse();
  EXPECT_GE(live.in_use - before.in_use, 32u << 20);
  EXPECT_GE(live.mapped, live.in_use);
  blocks.clear();
  blocks.shrink_to_fit();
  // Freed but not yet given back: no longer in use, still mapped.
  const HeapUse freed = ReadHeapUse();
  EXPECT_LE(freed.in_use, before.in_use + (1u << 20));
  EXPECT_GE(freed.mapped, freed.in_use + (16u << 20));
}

}  // namespace
}  // namespace seteli::daemon
