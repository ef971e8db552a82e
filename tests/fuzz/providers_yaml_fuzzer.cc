// libFuzzer target: the provider registry YAML (files, and the daemon's
// POST /v1/providers after its JSON is re-read). Nothing may crash; a bad
// registry is an error value.
#include <cstddef>
#include <cstdint>
#include <string>

#include "formats/providers_yaml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto providers = seteli::formats::ParseProviders(text, "fuzz.yaml");
  if (!providers.ok() && providers.error().code.empty()) __builtin_trap();
  return 0;
}
