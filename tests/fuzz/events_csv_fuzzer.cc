// libFuzzer target: events as CSV with the JSON field names as columns
// (seteli ingest file.csv). Nothing may crash; a bad row is a
// malformed_event rejection.
#include <cstddef>
#include <cstdint>
#include <string>

#include "formats/events_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  seteli::formats::EventStream s = seteli::formats::ParseEventCsv(text, "fuzz.csv");
  for (const seteli::Rejection& r : s.malformed) {
    if (r.code != "malformed_event") __builtin_trap();
  }
  return 0;
}
