#include "seteli/event.h"

namespace seteli {

Date Event::first_day() const {
  if (start) return ToHelsinki(*start).date;
  return date.value_or(Date());
}

Instant Event::order_time() const {
  if (start) return *start;
  return HelsinkiMidnight(date.value_or(Date()));
}

}  // namespace seteli
