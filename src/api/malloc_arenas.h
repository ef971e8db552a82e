// How many malloc arenas the daemon's threads share. glibc gives each new
// thread an arena of its own, up to 8 per core, and an arena keeps what was
// freed in it for that arena's next allocations. In the daemon the request
// threads, the run thread and the run's batch readers (a thread each) then
// spread a month run over many arenas: on the soak (bench/soak) a run's
// peak was about three times as high as with two arenas, and between runs,
// with the same 23 MiB in use, the daemon stayed 25-60 MiB higher, more as
// the runs grew (docs/performance.md, "Soak").
//
//   LimitMallocArenas();   // first thing in `seteli serve`, before threads
#ifndef SETELI_API_MALLOC_ARENAS_H_
#define SETELI_API_MALLOC_ARENAS_H_

namespace seteli::api {

// The daemon's limit: the main arena and one more.
constexpr int kDaemonMallocArenas = 2;

// Limits the process to `arenas` arenas unless the environment sets
// MALLOC_ARENA_MAX itself (glibc reads it at start; an operator's setting
// wins). Only threads started afterwards are bound by it. Returns whether
// the limit was set here.
bool LimitMallocArenas(int arenas = kDaemonMallocArenas);

}  // namespace seteli::api

#endif  // SETELI_API_MALLOC_ARENAS_H_
