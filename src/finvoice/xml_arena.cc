#include "finvoice/xml_arena.h"

#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <sys/mman.h>

#include <cstdlib>
#include <cstring>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SETELI_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define SETELI_ASAN 1
#endif
#ifdef SETELI_ASAN
#include <sanitizer/asan_interface.h>
// Arena memory not handed out is poisoned, so a use after the scope ended
// is still caught.
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace seteli::finvoice {
namespace {

// Address space a thread reserves for its arena (touched only as used):
// several times the tree of the largest document it takes.
constexpr size_t kReserve = 16u << 20;
// What stays mapped after a scope; a larger document's pages above it go
// back to the system when its scope ends.
constexpr size_t kKeep = 4u << 20;
// Every allocation starts with its size, and both are kept at malloc's
// alignment.
constexpr size_t kAlign = 16;
constexpr size_t kHeader = 16;

size_t RoundUp(size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }

struct Arena {
  char* base = nullptr;  // null until reserved
  char* end = nullptr;
  char* next = nullptr;  // where the next allocation starts
  char* high = nullptr;  // the furthest `next` reached since the last trim
  char* last = nullptr;  // header of the latest allocation, while it is the top
  bool active = false;
  bool spilled = false;      // an allocation of this scope came from malloc
  bool unavailable = false;  // the reservation failed: malloc only

  ~Arena() {
    if (!base) return;
    UNPOISON(base, kReserve);  // the range may be mapped again for something else
    ::munmap(base, kReserve);
  }

  bool Reserve() {
    if (base || unavailable) return base != nullptr;
    void* p = ::mmap(nullptr, kReserve, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
      unavailable = true;
      return false;
    }
    base = next = high = static_cast<char*>(p);
    end = base + kReserve;
    POISON(base, kReserve);
    return true;
  }

  bool Holds(const void* p) const { return p >= base && p < end; }

  static size_t SizeAt(const char* header) {
    size_t n;
    std::memcpy(&n, header, sizeof n);
    return n;
  }

  // `n` bytes from the top, or null when the range is full.
  void* Take(size_t n) {
    size_t need = kHeader + RoundUp(n);
    if (n > kReserve || static_cast<size_t>(end - next) < need) return nullptr;
    char* header = next;
    UNPOISON(header, need);
    std::memcpy(header, &n, sizeof n);
    next += need;
    if (next > high) high = next;
    last = header;
    return header + kHeader;
  }

  // Gives back the top allocation's room; any other is kept to the end.
  void Release(void* p) {
    char* header = static_cast<char*>(p) - kHeader;
    if (header != last) return;
    POISON(header, static_cast<size_t>(next - header));
    next = header;
    last = nullptr;
  }

  // Grows or shrinks the top allocation where it stands, if it fits.
  bool ResizeTop(void* p, size_t n) {
    char* header = static_cast<char*>(p) - kHeader;
    if (header != last || static_cast<size_t>(end - header) < kHeader + RoundUp(n)) return false;
    char* after = header + kHeader + RoundUp(n);
    if (after > next) UNPOISON(next, static_cast<size_t>(after - next));
    if (after < next) POISON(after, static_cast<size_t>(next - after));
    std::memcpy(header, &n, sizeof n);
    next = after;
    if (next > high) high = next;
    return true;
  }

  void Reset() {
    POISON(base, static_cast<size_t>(high - base));
    if (high > base + kKeep) {
      ::madvise(base + kKeep, static_cast<size_t>(high - base - kKeep), MADV_DONTNEED);
      high = base + kKeep;
    }
    next = base;
    last = nullptr;
  }
};

thread_local Arena arena;

void* Allocate(size_t n) {
  if (arena.active) {
    if (void* p = arena.Take(n)) return p;
    arena.spilled = true;
  }
  return std::malloc(n);
}

void Free(void* p) {
  if (!p) return;
  if (arena.Holds(p)) {
    arena.Release(p);
    return;
  }
  std::free(p);
}

void* Reallocate(void* p, size_t n) {
  if (!p) return Allocate(n);
  if (!arena.Holds(p)) return std::realloc(p, n);
  if (arena.active && arena.ResizeTop(p, n)) return p;
  size_t old = Arena::SizeAt(static_cast<char*>(p) - kHeader);
  void* moved = Allocate(n);
  if (moved) std::memcpy(moved, p, old < n ? old : n);
  return moved;
}

char* Duplicate(const char* s) {
  size_t n = std::strlen(s) + 1;
  auto* copy = static_cast<char*>(Allocate(n));
  if (copy) std::memcpy(copy, s, n);
  return copy;
}

}  // namespace

void InstallXmlArenaHooks() { xmlMemSetup(Free, Allocate, Reallocate, Duplicate); }

XmlArenaScope::XmlArenaScope() {
  if (arena.active || !arena.Reserve()) return;
  arena.active = true;
  arena.spilled = false;
  opened_ = true;
}

XmlArenaScope::~XmlArenaScope() {
  if (!opened_) return;
  // The thread's last libxml2 error may hold strings cut from the arena.
  xmlResetLastError();
  arena.active = false;
  arena.Reset();
}

bool InXmlArena(const void* p) { return arena.Holds(p); }

bool DroppedWithTheArena(const void* p) { return arena.active && !arena.spilled && arena.Holds(p); }

}  // namespace seteli::finvoice
