// The daemon and its memory allocator: what it keeps of freed memory.
// The seteli binary allocates with jemalloc (CMakeLists.txt); built
// without it (SETELI_JEMALLOC=OFF), with glibc's malloc. Either keeps
// memory freed by a month run for later allocations instead of giving it
// back: glibc in the arena of each thread that freed it (up to 8 arenas
// per core, one per thread), jemalloc as dirty pages of its arenas until
// they decay, and only when that arena is used again. In the daemon the
// request threads, the run thread and the run's batch readers (a thread
// each) spread a run over many arenas, and resident memory between runs
// rose with every run while the memory in use did not (docs/performance-history.md,
// "Soak").
//
//   LimitMallocArenas();    // first thing in `seteli serve`, before threads
//   ...
//   ReleaseFreedMemory();   // after each month run
#ifndef SETELI_DAEMON_ALLOCATOR_H_
#define SETELI_DAEMON_ALLOCATOR_H_

#include <cstddef>

namespace seteli::daemon {

// glibc's limit in the daemon: the main arena and one more.
constexpr int kDaemonMallocArenas = 2;

// With glibc's malloc: limits the process to `arenas` arenas unless the
// environment sets MALLOC_ARENA_MAX itself (an operator's setting wins).
// Only threads started afterwards are bound by it. Returns whether the
// limit was set here. (jemalloc's arenas are set by MALLOC_CONF.)
bool LimitMallocArenas(int arenas = kDaemonMallocArenas);

// Gives the memory freed in every arena back to the system: jemalloc's
// dirty pages of all arenas (this thread's cache first), or glibc's
// malloc_trim. Takes the allocator's locks in turn; call it between pieces
// of work, not in a hot path.
void ReleaseFreedMemory();

// Whether the process allocates with jemalloc.
bool UsesJemalloc();

// What the allocator holds, in bytes. A leak shows in `in_use`; memory the
// allocator keeps for itself (freed pages not yet given back, its own
// bookkeeping, pages a few live blocks pin) in `mapped` - in_use.
struct HeapUse {
  size_t in_use = 0;    // by live allocations
  size_t mapped = 0;    // jemalloc: resident pages of its arenas and metadata;
                        // glibc: its arenas and mmapped blocks
  size_t metadata = 0;  // jemalloc's own structures (0 with glibc)
};

// Reads the allocator's current figures (jemalloc's statistics, refreshed
// first, glibc's mallinfo2, or AddressSanitizer's counts). Takes the
// allocator's locks in turn.
HeapUse ReadHeapUse();

}  // namespace seteli::daemon

#endif  // SETELI_DAEMON_ALLOCATOR_H_
