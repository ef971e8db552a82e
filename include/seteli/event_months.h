// Which days and months an event touches, in Helsinki time. One rule for
// both of its uses: the store files an event under the months it touches
// (so a month's settlement reads every event with a piece in it), and a
// settlement lists a rejected event in the months it touches.
//
//   MonthSpan m = MonthsTouched(event, rulebook);  // {2024-05, 2024-06}
#ifndef SETELI_EVENT_MONTHS_H_
#define SETELI_EVENT_MONTHS_H_

#include <optional>

#include "seteli/date.h"
#include "seteli/event.h"
#include "seteli/rulebook.h"

namespace seteli {

struct DaySpan {
  Date first;
  Date last;
};

struct MonthSpan {
  YearMonth first;
  YearMonth last;
};

// The local days from the service's first to its last: an hourly event up
// to the second before its end; a `day` event its quantity of days (whole
// or not, at most a year); any other event its date. Nothing when the event
// has neither a date nor a start (a void names only its target).
std::optional<DaySpan> DaysTouched(const Event& e, const Rulebook& rulebook);

// The months of DaysTouched; an event without days is filed under the
// month it was recorded in.
MonthSpan MonthsTouched(const Event& e, const Rulebook& rulebook);

}  // namespace seteli

#endif  // SETELI_EVENT_MONTHS_H_
