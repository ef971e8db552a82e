// libFuzzer target: voucher decisions as JSON Lines, checked against the
// fixture rulebook (files, POST /v1/decisions). Nothing may crash; a bad
// decision is an error value.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "formats/decisions_jsonl.h"
#include "formats/rulebook_yaml.h"

namespace {

const seteli::Rulebook& FixtureRulebook() {
  static const seteli::Rulebook rulebook = [] {
    auto rb = seteli::formats::LoadRulebook(SETELI_FIXTURES_DIR "/rulebook.yaml");
    if (!rb.ok()) std::abort();
    return std::move(rb).value();
  }();
  return rulebook;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto book = seteli::formats::ParseDecisions(text, "fuzz.jsonl", FixtureRulebook());
  if (!book.ok() && book.error().code.empty()) __builtin_trap();
  return 0;
}
