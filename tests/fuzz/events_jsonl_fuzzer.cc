// libFuzzer target: events as JSON Lines (seteli ingest, the daemon's
// POST /v1/events body). Arbitrary bytes through the body splitter and
// the event parser; nothing may crash, and every line is either an event
// or a malformed_event rejection.
#include <cstddef>
#include <cstdint>
#include <string>

#include "formats/events_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  seteli::formats::EventStream s = seteli::formats::ParseEventLines(text, "fuzz.jsonl");
  for (const seteli::Rejection& r : s.malformed) {
    if (r.code != "malformed_event") __builtin_trap();
  }
  return 0;
}
