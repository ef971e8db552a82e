#include "seteli/event_months.h"

#include <algorithm>
#include <cstdint>

namespace seteli {
namespace {

// A `day` event longer than this is rejected (event_split.cc); the span
// stops here so that a rejected one still lands in a sane range of months.
constexpr int64_t kMaxDays = 366;

int64_t DaysOfDateEvent(const Event& e, const Rulebook& rulebook) {
  const Service* s = rulebook.Find(e.service);
  if (!s || s->unit != Unit::kDay || !e.quantity || e.quantity->milli() <= 1000) return 1;
  // A part day still touches its day: round up.
  return std::min<int64_t>((e.quantity->milli() + 999) / 1000, kMaxDays);
}

}  // namespace

std::optional<DaySpan> DaysTouched(const Event& e, const Rulebook& rulebook) {
  if (e.start && e.end) {
    Date first = ToHelsinki(*e.start).date;
    // The end instant itself belongs to the part before it.
    Instant last_second = *e.end > *e.start ? e.end->AddSeconds(-1) : *e.end;
    return DaySpan{first, std::max(first, ToHelsinki(last_second).date)};
  }
  if (e.date) {
    int64_t days = DaysOfDateEvent(e, rulebook);
    return DaySpan{*e.date, e.date->AddDays(static_cast<int32_t>(days - 1))};
  }
  if (e.start) return DaySpan{ToHelsinki(*e.start).date, ToHelsinki(*e.start).date};
  return std::nullopt;
}

MonthSpan MonthsTouched(const Event& e, const Rulebook& rulebook) {
  auto days = DaysTouched(e, rulebook);
  if (!days) {
    YearMonth recorded = YearMonth::Of(ToHelsinki(e.recorded_at).date);
    return {recorded, recorded};
  }
  return {YearMonth::Of(days->first), YearMonth::Of(days->last)};
}

}  // namespace seteli
