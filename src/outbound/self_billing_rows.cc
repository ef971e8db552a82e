#include "outbound/self_billing_rows.h"

#include <map>
#include <tuple>

namespace seteli::outbound::internal {
namespace {

// (is correction, month corrected, service, unit price, credit): the
// ordering key that is also the grouping key.
using RowKey = std::tuple<bool, YearMonth, std::string, int64_t, bool>;

RowKey KeyOf(const SettlementLine& l) {
  bool correction = (l.flags & kPriorPeriod) != 0;
  YearMonth month = correction && l.original_month ? *l.original_month : YearMonth();
  return {correction, month, l.service, l.unit_price.cents(), l.quantity.milli() < 0};
}

// Hours in thousandths from whole minutes, rounded half away from zero:
// the exact measure of hourly lines is minutes, the shown quantity is not.
int64_t MilliHours(int64_t minutes) {
  int64_t num = minutes * 1000;
  return num >= 0 ? (num + 30) / 60 : -((-num + 30) / 60);
}

struct Accumulator {
  InvoiceRowGroup row;
  int64_t minutes = 0;
  bool all_minutes = true;
};

void Add(Accumulator& a, const SettlementLine& l) {
  InvoiceRowGroup& r = a.row;
  if (r.line_count == 0) {
    r.service = l.service;
    r.service_class = l.service_class;
    r.unit = l.unit;
    r.unit_price = l.unit_price;
    if (l.flags & kPriorPeriod) r.corrects = l.original_month;
    r.credit = l.quantity.milli() < 0;
    r.first = r.last = l.date;
  }
  r.quantity_milli += l.quantity.milli();
  if (l.minutes) a.minutes += *l.minutes; else a.all_minutes = false;
  r.price += l.price;
  r.voucher += l.voucher;
  r.copay += l.copay;
  if (l.date < r.first) r.first = l.date;
  if (l.date > r.last) r.last = l.date;
  ++r.line_count;
}

}  // namespace

std::vector<InvoiceRowGroup> GroupInvoiceRows(const Settlement& settlement) {
  std::map<RowKey, Accumulator> groups;
  for (const SettlementLine& l : settlement.lines) Add(groups[KeyOf(l)], l);
  std::vector<InvoiceRowGroup> rows;
  rows.reserve(groups.size());
  for (auto& [key, acc] : groups) {
    if (acc.row.unit == Unit::kHour && acc.all_minutes) acc.row.quantity_milli = MilliHours(acc.minutes);
    rows.push_back(std::move(acc.row));
  }
  return rows;
}

}  // namespace seteli::outbound::internal
