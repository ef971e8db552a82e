#include "api/allocator.h"

#include <malloc.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

// jemalloc's control interface, when the binary is linked with it (weak: a
// binary without jemalloc, such as the tests', has none).
extern "C" int mallctl(const char* name, void* oldp, size_t* oldlenp, void* newp, size_t newlen)
    __attribute__((weak));

namespace seteli::api {

bool LimitMallocArenas(int arenas) {
  if (UsesJemalloc() || std::getenv("MALLOC_ARENA_MAX") != nullptr) return false;
  return mallopt(M_ARENA_MAX, arenas) == 1;
}

void ReleaseFreedMemory() {
  if (UsesJemalloc()) {
    // MALLCTL_ARENAS_ALL (4096) names every arena.
    (void)mallctl("thread.tcache.flush", nullptr, nullptr, nullptr, 0);
    (void)mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);
    return;
  }
  malloc_trim(0);
}

bool UsesJemalloc() { return mallctl != nullptr; }

namespace {

size_t JemallocStat(const char* name) {
  size_t value = 0;
  size_t size = sizeof(value);
  if (mallctl(name, &value, &size, nullptr, 0) != 0) return 0;
  return value;
}

}  // namespace

HeapUse ReadHeapUse() {
  HeapUse use;
  if (UsesJemalloc()) {
    // jemalloc's statistics are a snapshot taken when the epoch advances.
    uint64_t epoch = 1;
    size_t size = sizeof(epoch);
    (void)mallctl("epoch", &epoch, &size, &epoch, size);
    use.in_use = JemallocStat("stats.allocated");
    use.mapped = JemallocStat("stats.resident");
    use.metadata = JemallocStat("stats.metadata");
    return use;
  }
  struct mallinfo2 info = mallinfo2();
  use.in_use = info.uordblks + info.hblkhd;
  use.mapped = info.arena + info.hblkhd;
  return use;
}

}  // namespace seteli::api
