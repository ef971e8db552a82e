// A month's events held compactly: each event's texts side by side in one
// arena and its times and quantity as numbers, about 120 bytes an event
// against the 500 of an Event with its strings. `seteli settle` holds a
// million events this way and unpacks one client group at a time
// (settling/streamed_month.h).
//
//   auto file = LoadPackedEvents("events.jsonl");
//   for (size_t i = 0; i < file.value().events.size(); ++i)
//     Event e = file.value().events.Unpack(i);
#ifndef SETELI_FORMATS_PACKED_EVENTS_H_
#define SETELI_FORMATS_PACKED_EVENTS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "formats/plain_event_line.h"
#include "seteli/decision.h"
#include "seteli/event.h"
#include "seteli/settlement.h"
#include "seteli/status.h"

namespace seteli::formats {

class PackedEvents {
 public:
  explicit PackedEvents(std::string source = "") : source_(std::move(source)) {}

  // Appends `e` (its source is this collection's, its fingerprint is
  // worked out again on unpacking when asked for).
  void Add(const Event& e);
  void Add(const PlainEventLine& e, int line);
  // Room for `events` events with `text` bytes of texts: memory taken only
  // as it is used, and nothing moved as they are added.
  void Reserve(size_t events, size_t text) {
    events_.reserve(events);
    arena_.reserve(text);
  }
  // Appends every event of `more`, which has the same source.
  void Append(const PackedEvents& more);

  size_t size() const { return events_.size(); }
  std::string_view id(size_t i) const { return Text(i, kId); }
  std::string_view decision_id(size_t i) const { return Text(i, kDecision); }
  // What a correction replaces or voids; empty for any other event.
  std::string_view target(size_t i) const { return Text(i, kTarget); }

  // The event as it was added, with its fingerprint when
  // `with_fingerprint` (only events that share an ID need one).
  Event Unpack(size_t i, bool with_fingerprint) const;

 private:
  enum Field { kId, kProvider, kDecision, kService, kWorker, kTarget, kFields };
  enum Bits : uint8_t { kHourly = 1, kCancelled = 2, kReplaces = 4, kVoids = 8, kCounted = 16 };
  struct Packed {
    uint64_t text = 0;  // the first field's offset in arena_; the others follow
    uint32_t length[kFields] = {};
    int32_t line = 0;
    uint8_t bits = 0;
    int64_t first = 0;   // hourly: start; counted: the date's days
    int64_t second = 0;  // hourly: end; counted: the quantity in thousandths
    int64_t recorded_at = 0;
  };
  std::string_view Text(size_t i, Field f) const;

  std::string source_;
  std::string arena_;
  std::vector<Packed> events_;
};

struct PackedEventFile {
  PackedEvents events;
  std::vector<Absence> absences;
  std::vector<Rejection> malformed;  // code malformed_event
};

// The events of `path`, by its name CSV (".csv") or JSON Lines, read a
// chunk at a time and packed as each chunk is parsed on every core: never
// every Event in memory at once.
Result<PackedEventFile> LoadPackedEvents(const std::string& path);

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_PACKED_EVENTS_H_
