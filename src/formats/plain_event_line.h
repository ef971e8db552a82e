// Internal to formats: an event line in its common shape read without a
// JSON library, for `seteli settle` over a million lines. The common shape
// is a flat object of known keys whose values are plain strings (printable
// ASCII, no escapes) or true/false, every field as the full reader
// (events_input.cc) would accept it. Anything else, valid or not, is left
// to the full reader, so that a line gives the same event or the same
// error whichever way it is read.
//
//   PlainEventLine e;
//   if (!ScanPlainEventLine(row, e)) { ...the full reader... }
#ifndef SETELI_FORMATS_PLAIN_EVENT_LINE_H_
#define SETELI_FORMATS_PLAIN_EVENT_LINE_H_

#include <optional>
#include <string_view>

#include "seteli/date.h"
#include "seteli/money.h"
#include "seteli/time.h"

namespace seteli::formats {

// An event's fields as views into its line.
struct PlainEventLine {
  std::string_view id, provider, decision_id, service, worker, replaces, voids;
  std::optional<Instant> start, end;
  std::optional<Date> date;
  std::optional<Quantity> quantity;
  Instant recorded_at;
  bool cancelled = false;
};

// True when `row` is an event in the common shape, read into `out`.
bool ScanPlainEventLine(std::string_view row, PlainEventLine& out);

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_PLAIN_EVENT_LINE_H_
