// libFuzzer target: the plain readers of event lines (plain_event_line.h)
// and stored settlement lines (plain_settlement_line.h) against the full
// readers. Arbitrary bytes: whatever a plain reader takes, the full reader
// takes and reads the same; whatever the full reader refuses, the plain
// reader refuses too.
#include <cstddef>
#include <cstdint>
#include <string>

#include "formats/events_input.h"
#include "formats/packed_events.h"
#include "formats/plain_event_line.h"
#include "formats/plain_settlement_line.h"
#include "formats/settlement_json.h"

namespace {

using namespace seteli;
using namespace seteli::formats;

void CheckEventLine(const std::string& row) {
  PlainEventLine plain;
  if (!ScanPlainEventLine(row, plain)) return;
  auto full = ParseEventJson(row, "f", 1);
  if (!full.ok()) __builtin_trap();
  PackedEvents packed("f");
  packed.Add(plain, 1);
  const Event e = packed.Unpack(0, /*with_fingerprint=*/true);
  if (e.fingerprint != full.value().fingerprint || e.worker != full.value().worker ||
      e.replaces != full.value().replaces || e.voids != full.value().voids) {
    __builtin_trap();
  }
}

// The full reader alone: ParseSettlementJson reads its lines without the
// plain path.
void CheckSettlementLine(const std::string& row) {
  SettlementLine plain;
  if (!ScanPlainSettlementLine(row, plain)) return;
  auto full = ParseSettlementJson(
      R"({"provider":"P","month":"2024-05","reference":"R","price_total":"0",)"
      R"("voucher_total":"0","copay_total":"0","lines":[)" +
      row + "]}");
  if (!full.ok() || full.value().lines.size() != 1) __builtin_trap();
  if (LineJsonText(plain) != LineJsonText(full.value().lines[0])) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string row(reinterpret_cast<const char*>(data), size);
  CheckEventLine(row);
  CheckSettlementLine(row);
  return 0;
}
