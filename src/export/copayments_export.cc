#include "export/copayments_export.h"

#include <algorithm>
#include <climits>
#include <vector>

#include "export/journal_export.h"

namespace seteli::exports {

namespace {

constexpr Column kColumns[] = {
    {"month", ColumnKind::kMonth},          {"client", ColumnKind::kText},
    {"business_id", ColumnKind::kText},     {"service", ColumnKind::kText},
    {"unit", ColumnKind::kText},            {"original_month", ColumnKind::kText},
    {"line_count", ColumnKind::kInteger},   {"quantity", ColumnKind::kQuantity},
    {"minutes", ColumnKind::kInteger},      {"price_total", ColumnKind::kAmount},
    {"voucher_total", ColumnKind::kAmount}, {"copay_total", ColumnKind::kAmount},
};

// 0 for the month's own lines, so they sort first.
int OriginalKey(const SettlementLine& l) {
  if (!IsPriorPeriod(l)) return 0;
  return l.original_month ? l.original_month->year() * 12 + l.original_month->month() : INT_MAX;
}

bool SameGroup(const SettlementLine& a, const SettlementLine& b) {
  return a.client == b.client && a.provider == b.provider && a.service == b.service &&
         OriginalKey(a) == OriginalKey(b);
}

bool Before(const SettlementLine* a, const SettlementLine* b) {
  if (int c = a->client.compare(b->client)) return c < 0;
  if (int c = a->provider.compare(b->provider)) return c < 0;
  if (int c = a->service.compare(b->service)) return c < 0;
  return OriginalKey(*a) < OriginalKey(*b);
}

}  // namespace

CsvSummary WriteCopayments(const MonthBooks& books, std::ostream& out, Dialect dialect) {
  size_t n = 0;
  for (const Settlement& s : books.settlements) n += s.lines.size();
  std::vector<const SettlementLine*> lines;
  lines.reserve(n);
  for (const Settlement& s : books.settlements) {
    for (const SettlementLine& l : s.lines) lines.push_back(&l);
  }
  std::sort(lines.begin(), lines.end(), Before);

  CsvWriter w(out, dialect, kColumns);
  std::string original;
  for (size_t i = 0; i < lines.size();) {
    const SettlementLine& first = *lines[i];
    int64_t count = 0, minutes = 0;
    Quantity quantity;
    Money price, voucher, copay;
    size_t j = i;
    for (; j < lines.size() && SameGroup(first, *lines[j]); ++j) {
      const SettlementLine& l = *lines[j];
      ++count;
      quantity += l.quantity;
      minutes += l.minutes.value_or(0);
      price += l.price;
      voucher += l.voucher;
      copay += l.copay;
    }
    i = j;
    // Hourly lines carry their quantity rounded for show; the group's hours
    // come from the exact minutes instead, rounded once.
    if (first.unit == Unit::kHour && minutes > 0) {
      quantity = Quantity::FromMilli((minutes * 1000 + 30) / 60);
    }
    original.clear();
    if (IsPriorPeriod(first) && first.original_month) original = first.original_month->ToString();
    w.MonthCell(books.month);
    w.Text(first.client);
    w.Text(first.provider);
    w.Text(first.service);
    w.Text(UnitName(first.unit));
    w.Text(original);
    w.Integer(count);
    w.QuantityCell(quantity);
    w.Integer(minutes);
    w.Amount(price);
    w.Amount(voucher);
    w.Amount(copay);
    w.EndRow();
  }
  return w.Finish();
}

}  // namespace seteli::exports
