// libFuzzer target: the daemon's own reading of a POST /v1/events body (a
// JSON array or JSON Lines cut into one piece per event; the HTTP framing
// itself is Poco's). Nothing may crash, and every piece lies within the body.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daemon/event_body.h"
#include "formats/events_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto pieces = seteli::daemon::SplitEventBody(body);
  if (!pieces.ok()) return 0;
  for (const seteli::daemon::BodyPiece& p : pieces.value()) {
    if (p.text.data() < body.data() || p.text.data() + p.text.size() > body.data() + body.size()) {
      __builtin_trap();
    }
    (void)seteli::formats::ParseEventJson(p.text, "body", p.line);
  }
  return 0;
}
