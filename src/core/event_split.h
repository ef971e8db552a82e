// Internal to core: cutting an event into the pieces that become settlement
// lines. An hourly event is cut at Helsinki midnights and at time-band
// boundaries; a `day` event covers consecutive days, cut by month; other
// units are one piece on their date.
#ifndef SETELI_CORE_EVENT_SPLIT_H_
#define SETELI_CORE_EVENT_SPLIT_H_

#include <optional>
#include <string>
#include <vector>

#include "seteli/event.h"
#include "seteli/rulebook.h"

namespace seteli {

struct EventPiece {
  const Service* service = nullptr;  // the parent or a band service
  Date date;                          // the day the piece falls on (first day for days)
  YearMonth month;
  // Hourly pieces: the exact minutes and the part of the event.
  int minutes = 0;
  std::optional<Instant> from, to;
  // Day pieces: the days covered in this month.
  std::vector<Date> days;
  // Meal, visit and voucher pieces: the quantity.
  Quantity quantity;
};

// The band service (or the service itself) that prices the minute starting
// at `minute_of_day` on `date`.
const Service* ServiceForMinute(const Service& service, const Rulebook& rulebook, Date date,
                                int minute_of_day);

// Cuts `e`, whose service is `service`, into pieces in time order. Returns
// nothing when the event's own fields do not fit the unit (an hourly service
// without start and end, an end not after the start, a day count that is not
// whole); `why` says which, with the code to reject with.
std::optional<std::vector<EventPiece>> SplitEvent(const Event& e, const Service& service,
                                                  const Rulebook& rulebook, Error* why);

}  // namespace seteli

#endif  // SETELI_CORE_EVENT_SPLIT_H_
