#include "core/event_split.h"

#include <algorithm>

#include "seteli/holidays.h"

namespace seteli {
namespace {

// Hourly events longer than this are taken for typing errors.
constexpr int64_t kMaxHourlySeconds = 31LL * 86400;
constexpr int kMaxDays = 366;

bool BandCoversDay(const Band& b, Date date) {
  switch (b.days) {
    case Band::Days::kWeekdays: return !IsWeekendOrHoliday(date);
    case Band::Days::kWeekend: return IsWeekendOrHoliday(date);
    case Band::Days::kAll: return true;
  }
  return false;
}

bool BandCoversMinute(const Band& b, int minute) {
  if (!b.from_minute || !b.to_minute) return true;
  int from = *b.from_minute, to = *b.to_minute;
  if (from == to) return true;
  if (from < to) return minute >= from && minute < to;
  return minute >= from || minute < to;  // wraps past midnight
}

// The next minute of the day after `minute` at which a band may begin or
// end, or 1440 for midnight.
int NextBoundary(const Service& service, int minute) {
  int next = 1440;
  for (const Band& b : service.bands) {
    for (const std::optional<int>& t : {b.from_minute, b.to_minute}) {
      if (t && *t > minute && *t < next) next = *t;
    }
  }
  return next;
}

std::vector<EventPiece> SplitHourly(const Event& e, const Service& service,
                                    const Rulebook& rulebook) {
  std::vector<EventPiece> pieces;
  Instant cur = e.start->FloorMinute();
  const Instant end = e.end->FloorMinute();
  while (cur < end) {
    LocalTime local = ToHelsinki(cur);
    Instant seg_end = cur.AddSeconds(
        int64_t(NextBoundary(service, local.minute_of_day) - local.minute_of_day) * 60);
    seg_end = std::min({seg_end, end, NextHelsinkiOffsetChange(cur)});
    const Service* priced = ServiceForMinute(service, rulebook, local.date, local.minute_of_day);
    int minutes = static_cast<int>((seg_end.unix_seconds() - cur.unix_seconds()) / 60);
    EventPiece* last = pieces.empty() ? nullptr : &pieces.back();
    if (last && last->service == priced && last->date == local.date && *last->to == cur) {
      last->minutes += minutes;
      last->to = seg_end;
    } else {
      EventPiece p;
      p.service = priced;
      p.date = local.date;
      p.month = YearMonth::Of(local.date);
      p.minutes = minutes;
      p.from = cur;
      p.to = seg_end;
      pieces.push_back(std::move(p));
    }
    cur = seg_end;
  }
  return pieces;
}

// Adds day `d` to the last piece, or to a new one when it is of another month.
void AddDay(std::vector<EventPiece>& pieces, const Service& service, Date d) {
  if (pieces.empty() || !pieces.back().month.Contains(d)) {
    EventPiece p;
    p.service = &service;
    p.date = d;
    p.month = YearMonth::Of(d);
    pieces.push_back(std::move(p));
  }
  pieces.back().days.push_back(d);
}

std::vector<EventPiece> SplitDays(const Event& e, const Service& service, int count) {
  std::vector<EventPiece> pieces;
  for (int i = 0; i < count; ++i) AddDay(pieces, service, e.date->AddDays(i));
  return pieces;
}

// Family-carer relief: the started 24-hour periods from the arrival, each
// belonging to the local date it starts on (seed 001, perhehoitajan vapaa).
std::vector<EventPiece> SplitArrivalDays(const Event& e, const Service& service) {
  std::vector<EventPiece> pieces;
  const Instant start = e.start->FloorMinute(), end = e.end->FloorMinute();
  for (Instant t = start; t < end; t = t.AddSeconds(86400))
    AddDay(pieces, service, ToHelsinki(t).date);
  return pieces;
}

}  // namespace

const Service* ServiceForMinute(const Service& service, const Rulebook& rulebook, Date date,
                                int minute_of_day) {
  for (const Band& b : service.bands) {
    if (BandCoversDay(b, date) && BandCoversMinute(b, minute_of_day)) {
      const Service* band = rulebook.Find(b.service);
      if (band) return band;
    }
  }
  return &service;
}

std::optional<std::vector<EventPiece>> SplitEvent(const Event& e, const Service& service,
                                                  const Rulebook& rulebook, Error* why) {
  if (service.days_from_arrival) {
    if (!e.start || !e.end) {
      *why = {"malformed_event", "service '" + service.code +
                                     "' counts days from the arrival: start and end are required"};
      return std::nullopt;
    }
    int64_t seconds = e.end->FloorMinute().unix_seconds() - e.start->FloorMinute().unix_seconds();
    if (seconds <= 0 || seconds > int64_t(kMaxDays) * 86400) {
      *why = {"invalid_time_range", "end " + e.end->ToHelsinkiString() + " is not after start " +
                                        e.start->ToHelsinkiString() + " (or spans over 366 days)"};
      return std::nullopt;
    }
    return SplitArrivalDays(e, service);
  }
  if (service.unit == Unit::kHour) {
    if (!e.start || !e.end) {
      *why = {"malformed_event", "service '" + service.code + "' is hourly: start and end are required"};
      return std::nullopt;
    }
    int64_t seconds = e.end->FloorMinute().unix_seconds() - e.start->FloorMinute().unix_seconds();
    if (seconds <= 0 || seconds > kMaxHourlySeconds) {
      *why = {"invalid_time_range", "end " + e.end->ToHelsinkiString() + " is not after start " +
                                        e.start->ToHelsinkiString() + " (or spans over 31 days)"};
      return std::nullopt;
    }
    return SplitHourly(e, service, rulebook);
  }
  if (!e.date || !e.quantity) {
    *why = {"malformed_event", "service '" + service.code + "' is counted in " +
                                   UnitName(service.unit) + "s: date and quantity are required"};
    return std::nullopt;
  }
  if (e.quantity->milli() <= 0) {
    *why = {"invalid_time_range", "quantity must be positive"};
    return std::nullopt;
  }
  if (service.unit == Unit::kDay) {
    if (!e.quantity->whole() || e.quantity->milli() > kMaxDays * 1000) {
      *why = {"invalid_time_range", "a day count must be a whole number of days up to 366, not " +
                                        e.quantity->ToString()};
      return std::nullopt;
    }
    return SplitDays(e, service, static_cast<int>(e.quantity->milli() / 1000));
  }
  EventPiece p;
  p.service = &service;
  p.date = *e.date;
  p.month = YearMonth::Of(*e.date);
  p.quantity = *e.quantity;
  return std::vector<EventPiece>{std::move(p)};
}

}  // namespace seteli
