#include "daemon/allocator.h"

#include <malloc.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

// jemalloc's control interface, when the binary is linked with it (weak: a
// binary without jemalloc, such as the tests', has none).
extern "C" int mallctl(const char* name, void* oldp, size_t* oldlenp, void* newp, size_t newlen)
    __attribute__((weak));

#if defined(__SANITIZE_ADDRESS__)
// AddressSanitizer's counts (its runtime has them; GCC ships no header).
extern "C" size_t __sanitizer_get_current_allocated_bytes();
extern "C" size_t __sanitizer_get_heap_size();
#endif

namespace seteli::daemon {

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

HeapUse ReadHeapUse() {
  HeapUse use;
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer allocates, not glibc (make check-sanitize).
  use.in_use = __sanitizer_get_current_allocated_bytes();
  use.mapped = __sanitizer_get_heap_size();
#else
  if (UsesJemalloc()) {
    // jemalloc's statistics are a snapshot taken when the epoch advances.
    uint64_t epoch = 1;
    size_t epoch_size = sizeof(epoch);
    (void)mallctl("epoch", &epoch, &epoch_size, &epoch, epoch_size);
    auto stat = [](const char* name) {
      size_t value = 0;
      size_t size = sizeof(value);
      return mallctl(name, &value, &size, nullptr, 0) == 0 ? value : size_t{0};
    };
    use.in_use = stat("stats.allocated");
    use.mapped = stat("stats.resident");
    use.metadata = stat("stats.metadata");
    return use;
  }
  struct mallinfo2 info = mallinfo2();
  use.in_use = info.uordblks + info.hblkhd;
  use.mapped = info.arena + info.hblkhd;
#endif
  return use;
}

}  // namespace seteli::daemon
