// A service event recorded by a provider: who did what for which decision,
// when. Hourly services give start and end; other units give a date and a
// quantity (for `day`, consecutive days from the date). A correction
// replaces or voids an earlier event by its ID.
#ifndef SETELI_EVENT_H_
#define SETELI_EVENT_H_

#include <optional>
#include <string>

#include "seteli/date.h"
#include "seteli/money.h"
#include "seteli/time.h"

namespace seteli {

struct Event {
  std::string id;
  std::string provider;     // business ID
  std::string decision_id;
  std::string service;
  std::optional<Instant> start;  // hourly
  std::optional<Instant> end;
  std::optional<Date> date;      // other units
  std::optional<Quantity> quantity;
  Instant recorded_at;
  std::string worker;
  // A visit cancelled too late: never paid by the voucher, priced at the
  // approval's cancellation fee.
  bool cancelled = false;
  std::optional<std::string> replaces;  // event ID
  std::optional<std::string> voids;     // event ID
  // The event's content in canonical form: the same ID with the same
  // fingerprint is a harmless resend, with another one a conflict.
  std::string fingerprint;
  // Where it came from, for messages: "events.jsonl" and its 1-based line.
  std::string source;
  int line = 0;

  bool hourly() const { return start.has_value(); }
  bool is_void() const { return voids.has_value(); }
  // The local date the service starts on, and the instant used for ordering.
  Date first_day() const;
  Instant order_time() const;
};

}  // namespace seteli

#endif  // SETELI_EVENT_H_
