#include "api/malloc_arenas.h"

#include <malloc.h>

#include <cstdlib>

namespace seteli::api {

bool LimitMallocArenas(int arenas) {
  if (std::getenv("MALLOC_ARENA_MAX") != nullptr) return false;
  return mallopt(M_ARENA_MAX, arenas) == 1;
}

}  // namespace seteli::api
