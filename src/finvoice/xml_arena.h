// An arena for libxml2's allocations while one small document is read.
//
// Reading a Finvoice message makes libxml2 allocate and free tens of
// thousands of nodes, strings and dictionary entries; with the general
// allocator those calls were 7.5 % of `seteli validate`. While an
// XmlArenaScope lives, libxml2's allocations on its thread are cut from a
// range of address space this thread reserved, its frees are ignored, and
// the end of the scope drops them all at once. Outside a scope, and once
// the range is full, libxml2 allocates with malloc as before. A pointer is
// told apart by its address alone, so memory libxml2 took before the hooks
// were installed is freed as usual.
//
//   {
//     XmlArenaScope arena;          // before anything libxml2 allocates
//     ParsedXml xml = ParseXml(bytes);
//     ...                           // read the tree, copy what is kept
//   }                               // the doc is freed before the scope ends
//
// Only for documents known to be small: the scope keeps what is freed
// inside it until it ends, where a large message streamed row by row would
// free its rows as it goes. Nothing libxml2 allocated inside a scope may
// outlive it, or be handed to another thread.
#ifndef SETELI_FINVOICE_XML_ARENA_H_
#define SETELI_FINVOICE_XML_ARENA_H_

#include <cstddef>

namespace seteli::finvoice {

// Documents of at most this many bytes (a few hundred invoice rows) are
// read in an arena, as a whole tree: about 11 times their size, so at most
// 3 MiB. Larger ones are streamed, their memory bound to 4 times their size
// (docs/performance.md).
inline constexpr size_t kArenaDocumentBytes = 256u << 10;

// Routes libxml2's allocation hooks through here. Called once by
// InitXmlReader, before libxml2 is initialised.
void InstallXmlArenaHooks();

// This thread's arena, in use from construction to destruction. A scope
// opened while another is open on the same thread does nothing.
class XmlArenaScope {
 public:
  XmlArenaScope();
  ~XmlArenaScope();
  XmlArenaScope(const XmlArenaScope&) = delete;
  XmlArenaScope& operator=(const XmlArenaScope&) = delete;

 private:
  bool opened_ = false;
};

// Whether `p` lies in this thread's arena (for tests).
bool InXmlArena(const void* p);

// Whether `p` was cut from the arena of a scope open on this thread, with
// nothing of that scope taken from malloc: then `p`, and every node that
// hangs from it, goes when the scope ends, and walking it to free each
// piece would only cost time.
bool DroppedWithTheArena(const void* p);

}  // namespace seteli::finvoice

#endif  // SETELI_FINVOICE_XML_ARENA_H_
