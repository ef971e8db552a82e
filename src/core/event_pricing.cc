#include "core/event_pricing.h"

#include <algorithm>

#include "seteli/holidays.h"

namespace seteli {
namespace {

constexpr int64_t kDay = 86400;

Error Reject(const char* code, std::string message) { return Error{code, std::move(message)}; }

// The voucher value of one unit of `s` under `d`, or an error when the
// decision lacks a value the rulebook leaves to it.
Result<std::optional<Money>> UnitValue(const Service& s, const Decision& d) {
  switch (s.value.kind) {
    case ValueRule::Kind::kFixed: return std::optional<Money>(s.value.fixed);
    case ValueRule::Kind::kRange:
    case ValueRule::Kind::kIndividual:
      if (!d.voucher_value) {
        return Reject("decision_not_valid", "decision " + d.id + " sets no voucher value for " +
                                                s.code);
      }
      return std::optional<Money>(*d.voucher_value);
    case ValueRule::Kind::kPerResident: {
      const int further = std::max(0, d.residents - 1);
      if (!Money::LineFits(s.value.each_further, further, 1)) {
        return Reject("decision_not_valid",
                      "decision " + d.id + " has " + std::to_string(d.residents) +
                          " residents, more than a value of " + s.code + " can be counted for");
      }
      return std::optional<Money>(s.value.first_resident +
                                  Money::MulDiv(s.value.each_further, further, 1));
    }
    case ValueRule::Kind::kBalance: return std::optional<Money>();
  }
  return std::optional<Money>();
}

// Every day a piece touches, for the day-wise checks.
std::vector<Date> DaysOf(const EventPiece& p) {
  return p.days.empty() ? std::vector<Date>{p.date} : p.days;
}

// Drops absence days that are not paid from a day piece: days inside an
// absence beyond its first `paid_absence_days`.
void DropUnpaidAbsenceDays(EventPiece& p, const std::vector<Absence>& absences, int paid_days) {
  std::erase_if(p.days, [&](Date d) {
    return std::any_of(absences.begin(), absences.end(), [&](const Absence& a) {
      return a.days.Contains(d) && DaysBetween(a.days.from, d) >= paid_days;
    });
  });
}

Instant ServiceEnd(const Event& e, const std::vector<EventPiece>& pieces) {
  if (e.end) return *e.end;
  const EventPiece& last = pieces.back();
  Date last_day = last.days.empty() ? last.date : last.days.back();
  return HelsinkiMidnight(last_day.AddDays(1));
}

std::string Where(const std::string& service, Date d) {
  return service + " on " + d.ToString();
}

// The unit price of `s` on `day`; the approval exists (checked before).
Money UnitPriceOn(const Provider& provider, const Decision& d, const Service& s, Date day) {
  return provider.ApprovalFor(s.code, d.municipality, day)->PriceOn(day).value_or(Money());
}

// A day piece cut where the unit price changes: each day of a stay is
// priced at that day's price (a price may fall within the year).
std::vector<EventPiece> SplitByPrice(EventPiece p, const Provider& provider,
                                     const std::string& municipality) {
  std::vector<EventPiece> runs;
  std::optional<Money> run_price;
  for (Date day : p.days) {
    Money price =
        provider.ApprovalFor(p.service->code, municipality, day)->PriceOn(day).value_or(Money());
    if (runs.empty() || price != *run_price) {
      EventPiece run;
      run.service = p.service;
      run.date = day;
      run.month = p.month;
      runs.push_back(std::move(run));
      run_price = price;
    }
    runs.back().days.push_back(day);
  }
  return runs;
}

// Prices one piece whose days (if any) share one unit price.
Result<PricedPiece> PricePiece(const Provider& provider, const Decision& d, EventPiece p) {
  const Service& s = *p.service;
  Money unit_price = UnitPriceOn(provider, d, s, p.date);
  if (s.price_cap && unit_price > *s.price_cap) {
    return Reject("price_over_cap", "unit price " + unit_price.ToString() + " of " +
                                        Where(s.code, p.date) + " is over the cap " +
                                        s.price_cap->ToString());
  }
  auto value = UnitValue(s, d);
  if (!value.ok()) return value.error();
  if (s.client_free && value.value() && unit_price > *value.value()) {
    return Reject("price_exceeds_free_voucher",
                  "unit price " + unit_price.ToString() + " of " + Where(s.code, p.date) +
                      " is over the voucher value " + value.value()->ToString() +
                      " of a service free to the client");
  }
  PricedPiece pp;
  pp.unit_price = unit_price;
  pp.unit_value = value.value();
  if (s.unit == Unit::kHour) {
    pp.ticks = int64_t(p.minutes) * 1000;
    pp.quantity = Quantity::FromMilli((int64_t(p.minutes) * 1000 + 30) / 60);
  } else {
    if (s.unit == Unit::kDay) p.quantity = Quantity::Units(static_cast<int64_t>(p.days.size()));
    pp.ticks = p.quantity.milli() * (kTicksPerUnit / 1000);
    pp.quantity = p.quantity;
  }
  // Unit price x minutes / 60 and x thousandths / 1000 are both this.
  if (!Money::LineFits(unit_price, pp.ticks, kTicksPerUnit)) {
    return Reject("price_over_cap", "the price of " + pp.quantity.ToString() + " x " +
                                        unit_price.ToString() + " of " + Where(s.code, p.date) +
                                        " is over the most one line may come to, " +
                                        Money::FromCents(kMaxLineCents).ToString());
  }
  pp.price = Money::MulDiv(unit_price, pp.ticks, kTicksPerUnit);
  pp.piece = std::move(p);
  return pp;
}

// A visit cancelled too late is one piece on its first day at the
// approval's cancellation fee: once per event whatever its units, outside
// bands and the price cap, nothing on a service free to the client.
PricedPiece CancelledPiece(const Provider& provider, const Decision& d, const Service& s,
                           const EventPiece& first) {
  PricedPiece pp;
  pp.piece.service = &s;
  pp.piece.date = first.date;
  pp.piece.month = first.month;
  pp.quantity = Quantity::Units(1);
  const Approval* a = provider.ApprovalFor(s.code, d.municipality, first.date);
  if (!s.client_free && a && a->cancellation_fee) pp.unit_price = *a->cancellation_fee;
  pp.price = pp.unit_price;
  return pp;
}

}  // namespace

Result<PricedEvent> PriceEvent(const SettleContext& ctx, const Event& e) {
  const Rulebook& rb = *ctx.rulebook;
  PricedEvent out;
  out.event = &e;
  out.provider = ctx.providers->Find(e.provider);
  if (!out.provider) return Reject("unknown_provider", "no approved provider " + e.provider);
  out.decision = ctx.decisions->Find(e.decision_id);
  if (!out.decision) return Reject("unknown_decision", "no decision " + e.decision_id);
  out.service = rb.Find(e.service);
  if (!out.service) return Reject("unknown_service", "no service '" + e.service + "' in the rulebook");
  const Decision& d = *out.decision;
  const Service* parent = rb.BandParent(e.service);
  if (!d.Covers(e.service) && !(parent && d.Covers(parent->code))) {
    return Reject("service_mismatch", "decision " + d.id + " does not cover " + e.service);
  }
  if (!d.Chose(e.provider)) {
    return Reject("provider_not_chosen", "decision " + d.id + " does not name provider " + e.provider);
  }
  Error why;
  auto pieces = SplitEvent(e, *out.service, rb, &why);
  if (!pieces) return why;
  for (const EventPiece& p : *pieces) {
    for (Date day : DaysOf(p)) {
      if (!d.validity.Contains(day)) {
        return Reject("decision_not_valid", "decision " + d.id + " is not valid on " + day.ToString());
      }
    }
  }
  for (const EventPiece& p : *pieces) {
    // Bands do not apply to a cancelled visit: its own service's approval counts.
    const std::string& code = e.cancelled ? out.service->code : p.service->code;
    for (Date day : DaysOf(p)) {
      if (!out.provider->ApprovalFor(code, d.municipality, day)) {
        return Reject("provider_not_approved", "provider " + e.provider + " is not approved for " +
                                                   Where(code, day) + " in " + d.municipality);
      }
    }
  }
  if (out.service->weekdays_only) {
    for (const EventPiece& p : *pieces) {
      for (Date day : DaysOf(p)) {
        if (IsWeekendOrHoliday(day)) {
          return Reject("not_a_weekday", day.ToString() + " is not a weekday (" + e.service +
                                             " is paid on weekdays only)");
        }
      }
    }
  }
  const Instant ended = ServiceEnd(e, *pieces);
  if (rb.recording_window_days > 0 &&
      ended.unix_seconds() + int64_t(rb.recording_window_days) * kDay <
          e.recorded_at.unix_seconds()) {
    return Reject("outside_recording_window",
                  "recorded_at " + e.recorded_at.ToHelsinkiString() + " is more than " +
                      std::to_string(rb.recording_window_days) + " days after the service ended (" +
                      ended.ToHelsinkiString() + "): the rulebook's recording_window_days");
  }
  out.late = ended.unix_seconds() + int64_t(rb.recording_deadline_days) * kDay <
             e.recorded_at.unix_seconds();
  if (e.cancelled) {
    out.cancelled = true;
    out.pieces.push_back(CancelledPiece(*out.provider, d, *out.service, pieces->front()));
    return out;
  }
  for (EventPiece& p : *pieces) {
    if (p.service->unit == Unit::kDay) {
      DropUnpaidAbsenceDays(p, ctx.decisions->AbsencesOf(d.id), out.service->paid_absence_days);
      for (EventPiece& run : SplitByPrice(std::move(p), *out.provider, d.municipality)) {
        auto priced = PricePiece(*out.provider, d, std::move(run));
        if (!priced.ok()) return priced.error();
        out.pieces.push_back(std::move(priced.value()));
      }
      continue;
    }
    auto priced = PricePiece(*out.provider, d, std::move(p));
    if (!priced.ok()) return priced.error();
    out.pieces.push_back(std::move(priced.value()));
  }
  return out;
}

std::optional<Rejection> CheckEvent(const SettleContext& ctx, const Event& e) {
  if (e.is_void()) return std::nullopt;
  auto priced = PriceEvent(ctx, e);
  if (priced.ok()) return std::nullopt;
  return Rejection{e.id, priced.error().code, priced.error().message, e.source, e.line};
}

}  // namespace seteli
