#include "outbound/self_billing_rows.h"

namespace seteli::outbound::internal {
namespace {

// Hours in thousandths from whole minutes, rounded half away from zero:
// the exact measure of hourly lines is minutes, the shown quantity is not.
int64_t MilliHours(int64_t minutes) {
  int64_t num = minutes * 1000;
  return num >= 0 ? (num + 30) / 60 : -((-num + 30) / 60);
}

}  // namespace

void InvoiceRowGrouper::Add(const SettlementLine& l) {
  bool correction = (l.flags & kPriorPeriod) != 0;
  YearMonth month = correction && l.original_month ? *l.original_month : YearMonth();
  Accumulator& a =
      groups_[RowKey{correction, month, l.service, l.unit_price.cents(), l.quantity.milli() < 0}];
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

std::vector<InvoiceRowGroup> InvoiceRowGrouper::Rows() const {
  std::vector<InvoiceRowGroup> rows;
  rows.reserve(groups_.size());
  for (const auto& [key, acc] : groups_) {
    rows.push_back(acc.row);
    if (acc.row.unit == Unit::kHour && acc.all_minutes) rows.back().quantity_milli = MilliHours(acc.minutes);
  }
  return rows;
}

std::vector<InvoiceRowGroup> GroupInvoiceRows(const Settlement& settlement) {
  InvoiceRowGrouper grouper;
  for (const SettlementLine& l : settlement.lines) grouper.Add(l);
  return grouper.Rows();
}

}  // namespace seteli::outbound::internal
