#include "invoicing/line_spill.h"

#include <cerrno>
#include <cstring>

namespace seteli::invoicing {
namespace {

// The fixed part of a spilled line, written as it is in memory: the file
// is read back by the same process only.
struct Fixed {
  int64_t unit_price;
  int64_t price;
  int64_t voucher;
  int64_t copay;
  int64_t quantity_milli;
  int32_t date_days;
  int32_t minutes;
  uint32_t flags;
  int32_t original_month;  // months since year 0, or -1
  uint8_t has_minutes;
  uint8_t service_class;
  uint8_t unit;
};

int32_t MonthIndex(YearMonth m) { return m.year() * 12 + (m.month() - 1); }

}  // namespace

LineSpill::LineSpill() {
  if (!file_.ok()) Fail("cannot create a temporary file for settlement lines");
}

void LineSpill::Fail(const char* what) {
  if (!error_) error_ = Error{"spill_failed", std::string(what) + ": " + std::strerror(errno)};
}

void LineSpill::Append(const SettlementLine& l, const std::string& json) {
  Fixed f{};
  f.unit_price = l.unit_price.cents();
  f.price = l.price.cents();
  f.voucher = l.voucher.cents();
  f.copay = l.copay.cents();
  f.quantity_milli = l.quantity.milli();
  f.date_days = l.date.days();
  f.minutes = l.minutes.value_or(0);
  f.flags = l.flags;
  f.original_month = l.original_month ? MonthIndex(*l.original_month) : -1;
  f.has_minutes = l.minutes.has_value();
  f.service_class = static_cast<uint8_t>(l.service_class);
  f.unit = static_cast<uint8_t>(l.unit);
  if (!error_ && (!file_.Write(&f, sizeof f) || !file_.WriteString(l.event_id) ||
      !file_.WriteString(l.decision_id) || !file_.WriteString(l.service) ||
      !file_.WriteString(json))) {
    Fail("cannot write settlement lines to a temporary file");
  }
  ++count_;
}

void LineSpill::Rewind() {
  read_ = 0;
  if (!error_ && !file_.Rewind()) {
    Fail("cannot rewind the temporary file of settlement lines");
  }
}

std::optional<LineSpill::Entry> LineSpill::Next() {
  if (error_ || read_ == count_) return std::nullopt;
  Fixed f{};
  Entry e;
  SettlementLine& l = e.line;
  if (!file_.Read(&f, sizeof f) || !file_.ReadString(&l.event_id) ||
      !file_.ReadString(&l.decision_id) || !file_.ReadString(&l.service) ||
      !file_.ReadString(&e.json)) {
    Fail("cannot read settlement lines back from a temporary file");
    return std::nullopt;
  }
  ++read_;
  l.unit_price = Money::FromCents(f.unit_price);
  l.price = Money::FromCents(f.price);
  l.voucher = Money::FromCents(f.voucher);
  l.copay = Money::FromCents(f.copay);
  l.quantity = Quantity::FromMilli(f.quantity_milli);
  l.date = Date::FromDays(f.date_days);
  if (f.has_minutes) l.minutes = f.minutes;
  l.flags = f.flags;
  if (f.original_month >= 0) l.original_month = YearMonth(f.original_month / 12, f.original_month % 12 + 1);
  l.service_class = static_cast<ServiceClass>(f.service_class);
  l.unit = static_cast<Unit>(f.unit);
  return e;
}

}  // namespace seteli::invoicing
