#include "formats/plain_settlement_line.h"

#include <cstdint>

#include "formats/plain_json_cursor.h"

namespace seteli::formats {
namespace {

enum Key {
  kEventId,
  kDecisionId,
  kClient,
  kProvider,
  kService,
  kClass,
  kMunicipality,
  kDate,
  kUnit,
  kQuantity,
  kMinutes,
  kFrom,
  kTo,
  kUnitPrice,
  kPrice,
  kVoucher,
  kCopay,
  kFlags,
  kOriginalMonth,
  kRulebookVersion,
  kNote,
  kKeys
};
constexpr std::string_view kNames[kKeys] = {
    "event_id", "decision_id", "client",    "provider", "service",        "class",
    "municipality", "date",    "unit",      "quantity", "minutes",        "from",
    "to",       "unit_price",  "price",     "voucher",  "copay",          "flags",
    "original_month", "rulebook_version", "note"};
// Every line has these; `flags` may be an empty list.
constexpr uint32_t kRequired = (1u << kEventId) | (1u << kDecisionId) | (1u << kClient) |
                               (1u << kService) | (1u << kClass) | (1u << kMunicipality) |
                               (1u << kDate) | (1u << kUnit) | (1u << kQuantity) |
                               (1u << kUnitPrice) | (1u << kPrice) | (1u << kVoucher) |
                               (1u << kCopay) | (1u << kFlags);
constexpr uint32_t kTimed = (1u << kMinutes) | (1u << kFrom) | (1u << kTo);

// The line's members by key: each a non-empty string, but `minutes`, a
// number, and `flags`, already read into their bits.
struct Members {
  std::string_view text[kKeys];
  int64_t minutes = 0;
  uint32_t flags = 0;
  uint32_t seen = 0;
};

bool ReadFlags(PlainJsonCursor& c, uint32_t& flags) {
  if (!c.Take('[')) return false;
  if (c.Take(']')) return true;
  do {
    std::string_view name;
    if (!c.String(name)) return false;
    flags |= FlagNamed(name);  // the full reader passes over names it does not know
  } while (c.Take(','));
  return c.Take(']');
}

bool ReadMembers(std::string_view json, Members& m) {
  PlainJsonCursor c(json);
  return c.Object(kNames, m.seen, [&](int k) {
    if (k == kMinutes) return c.SmallInteger(m.minutes);
    if (k == kFlags) return ReadFlags(c, m.flags);
    return c.String(m.text[k]) && !m.text[k].empty();
  });
}

template <typename T>
bool Into(const Result<T>& parsed, T& out) {
  if (parsed.ok()) out = parsed.value();
  return parsed.ok();
}

// A quantity as the full reader takes it: a leading '-' off, then parsed.
bool QuantityFrom(std::string_view text, Quantity& out) {
  const bool negative = text[0] == '-';
  auto q = Quantity::Parse(negative ? text.substr(1) : text);
  if (!q.ok()) return false;
  out = Quantity::FromMilli(negative ? -q.value().milli() : q.value().milli());
  return true;
}

// An unknown unit is left to the full reader, which keeps the default.
bool UnitFrom(std::string_view text, Unit& out) {
  std::optional<Unit> u = UnitNamed(text);
  if (u) out = *u;
  return u.has_value();
}

bool ClassFrom(std::string_view text, ServiceClass& out) {
  if (text != "health" && text != "social") return false;
  out = text == "health" ? ServiceClass::kHealth : ServiceClass::kSocial;
  return true;
}

// A visit's minutes and times: all three, or none of them.
bool TimesFrom(const Members& m, SettlementLine& l) {
  const uint32_t timed = m.seen & kTimed;
  if (timed == 0) return true;
  if (timed != kTimed || m.minutes < -100000 || m.minutes > 100000) return false;
  Instant from, to;
  if (!Into(Instant::Parse(m.text[kFrom]), from) || !Into(Instant::Parse(m.text[kTo]), to)) {
    return false;
  }
  l.minutes = static_cast<int>(m.minutes);
  l.from = from;
  l.to = to;
  return true;
}

bool OriginalMonthFrom(const Members& m, SettlementLine& l) {
  if (!((m.seen >> kOriginalMonth) & 1)) return true;
  YearMonth month;
  if (!Into(YearMonth::Parse(m.text[kOriginalMonth]), month)) return false;
  l.original_month = month;
  return true;
}

}  // namespace

bool ScanPlainSettlementLine(std::string_view json, SettlementLine& out) {
  Members m;
  if (!ReadMembers(json, m) || (m.seen & kRequired) != kRequired) return false;
  SettlementLine l;
  l.flags = m.flags;
  if (!ClassFrom(m.text[kClass], l.service_class) || !UnitFrom(m.text[kUnit], l.unit) ||
      !Into(Date::Parse(m.text[kDate]), l.date) || !QuantityFrom(m.text[kQuantity], l.quantity) ||
      !Into(Money::Parse(m.text[kUnitPrice]), l.unit_price) ||
      !Into(Money::Parse(m.text[kPrice]), l.price) ||
      !Into(Money::Parse(m.text[kVoucher]), l.voucher) ||
      !Into(Money::Parse(m.text[kCopay]), l.copay) || !TimesFrom(m, l) ||
      !OriginalMonthFrom(m, l)) {
    return false;
  }
  l.event_id = m.text[kEventId];
  l.decision_id = m.text[kDecisionId];
  l.client = m.text[kClient];
  l.provider = m.text[kProvider];
  l.service = m.text[kService];
  l.municipality = m.text[kMunicipality];
  l.rulebook_version = m.text[kRulebookVersion];
  l.note = m.text[kNote];
  out = std::move(l);
  return true;
}

}  // namespace seteli::formats
