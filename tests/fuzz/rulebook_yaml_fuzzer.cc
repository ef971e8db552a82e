// libFuzzer target: the organizer's rulebook YAML (files, PUT /v1/rulebook).
// Nothing may crash; an unreadable rulebook is an error value.
#include <cstddef>
#include <cstdint>
#include <string>

#include "formats/rulebook_yaml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto rulebook = seteli::formats::ParseRulebook(text, "fuzz.yaml");
  if (!rulebook.ok() && rulebook.error().code.empty()) __builtin_trap();
  return 0;
}
