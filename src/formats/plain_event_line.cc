#include "formats/plain_event_line.h"

#include <cstdint>

#include "formats/events_input.h"
#include "formats/plain_json_cursor.h"

namespace seteli::formats {
namespace {

enum Key {
  kEventId,
  kProvider,
  kDecisionId,
  kService,
  kStart,
  kEnd,
  kDate,
  kQuantity,
  kRecordedAt,
  kWorker,
  kCancelled,
  kReplaces,
  kVoids,
  kKeys
};
constexpr std::string_view kNames[kKeys] = {
    "event_id", "provider",    "decision_id", "service",   "start",    "end",  "date",
    "quantity", "recorded_at", "worker",      "cancelled", "replaces", "voids"};

// The line's fields by key: each a non-empty string, but `cancelled`,
// which may be a bare true or false as well.
struct Fields {
  std::string_view text[kKeys];
  uint32_t seen = 0;
  bool Has(Key k) const { return (seen >> k) & 1; }
};

bool ReadFields(std::string_view row, Fields& f) {
  PlainJsonCursor c(row);
  return c.Object(kNames, f.seen, [&](int k) {
    std::string_view& value = f.text[k];
    if (k == kCancelled && !c.AtString()) {
      for (std::string_view word : {"true", "false"}) {
        if (c.Word(word)) {
          value = word;
          return true;
        }
      }
      return false;
    }
    return c.String(value) && !value.empty();
  });
}

bool ParseTime(std::string_view text, std::optional<Instant>& out) {
  auto t = Instant::Parse(text);
  if (t.ok()) out = t.value();
  return t.ok();
}

// What a timed or counted event gives besides its texts.
bool ReadWhen(const Fields& f, PlainEventLine& out) {
  const bool timed = f.Has(kStart) || f.Has(kEnd);
  const bool counted = f.Has(kDate) || f.Has(kQuantity);
  if (timed == counted) return false;
  if (timed) {
    return f.Has(kStart) && f.Has(kEnd) && ParseTime(f.text[kStart], out.start) &&
           ParseTime(f.text[kEnd], out.end);
  }
  if (!f.Has(kDate) || !f.Has(kQuantity)) return false;
  auto date = Date::Parse(f.text[kDate]);
  auto quantity = Quantity::Parse(f.text[kQuantity]);
  if (!date.ok() || !quantity.ok() || quantity.value().milli() > kMaxEventQuantity.milli()) {
    return false;
  }
  out.date = date.value();
  out.quantity = quantity.value();
  return true;
}

}  // namespace

bool ScanPlainEventLine(std::string_view row, PlainEventLine& out) {
  Fields f;
  if (!ReadFields(row, f)) return false;
  if (!f.Has(kEventId) || !f.Has(kProvider) || !f.Has(kRecordedAt)) return false;
  if (f.Has(kCancelled) && f.text[kCancelled] != "true" && f.text[kCancelled] != "false")
    return false;
  if (f.Has(kReplaces) && f.Has(kVoids)) return false;
  std::optional<Instant> recorded;
  if (!ParseTime(f.text[kRecordedAt], recorded)) return false;
  out = PlainEventLine{};
  out.recorded_at = *recorded;
  out.id = f.text[kEventId];
  out.provider = f.text[kProvider];
  out.worker = f.text[kWorker];
  out.replaces = f.text[kReplaces];
  out.voids = f.text[kVoids];
  out.decision_id = f.text[kDecisionId];
  out.service = f.text[kService];
  out.cancelled = f.text[kCancelled] == "true";
  if (f.Has(kVoids)) return true;  // a void names what it cancels; the rest is optional
  return f.Has(kDecisionId) && f.Has(kService) && ReadWhen(f, out);
}

}  // namespace seteli::formats
