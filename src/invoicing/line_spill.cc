#include "invoicing/line_spill.h"

#include <cerrno>
#include <cstring>

namespace seteli::invoicing {
namespace {

constexpr size_t kBufferBytes = 64 << 10;

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

LineSpill::LineSpill() : buffer_(new char[kBufferBytes]), file_(std::tmpfile()) {
  if (!file_) {
    Fail("cannot create a temporary file for settlement lines");
    return;
  }
  std::setvbuf(file_.get(), buffer_.get(), _IOFBF, kBufferBytes);
}

void LineSpill::Fail(const char* what) {
  if (!error_) error_ = Error{"spill_failed", std::string(what) + ": " + std::strerror(errno)};
}

void LineSpill::Write(const void* p, size_t n) {
  if (error_) return;
  if (std::fwrite(p, 1, n, file_.get()) != n) Fail("cannot write settlement lines to a temporary file");
}

void LineSpill::WriteString(const std::string& s) {
  uint32_t n = static_cast<uint32_t>(s.size());
  Write(&n, sizeof n);
  Write(s.data(), n);
}

bool LineSpill::Read(void* p, size_t n) {
  if (error_) return false;
  if (std::fread(p, 1, n, file_.get()) != n) {
    Fail("cannot read settlement lines back from a temporary file");
    return false;
  }
  return true;
}

bool LineSpill::ReadString(std::string* s) {
  uint32_t n = 0;
  if (!Read(&n, sizeof n)) return false;
  s->resize(n);
  return n == 0 || Read(s->data(), n);
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
  Write(&f, sizeof f);
  WriteString(l.event_id);
  WriteString(l.decision_id);
  WriteString(l.service);
  WriteString(json);
  ++count_;
}

void LineSpill::Rewind() {
  read_ = 0;
  if (!error_ && (std::fflush(file_.get()) != 0 || std::fseek(file_.get(), 0, SEEK_SET) != 0)) {
    Fail("cannot rewind the temporary file of settlement lines");
  }
}

std::optional<LineSpill::Entry> LineSpill::Next() {
  if (error_ || read_ == count_) return std::nullopt;
  Fixed f{};
  Entry e;
  SettlementLine& l = e.line;
  if (!Read(&f, sizeof f) || !ReadString(&l.event_id) || !ReadString(&l.decision_id) ||
      !ReadString(&l.service) || !ReadString(&e.json)) {
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
