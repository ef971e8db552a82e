#include "export/copayments_export.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <unordered_map>
#include <string_view>
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

// A line's place in the export order, compact so that sorting a million
// of them stays in cache: the client's first eight bytes (big-endian, so
// that integer order is string order), then the ranks of provider and
// service; the full client ID settles ties of the prefix.
struct SortKey {
  uint64_t client_prefix;
  uint32_t client_size;
  uint32_t provider_rank;
  uint32_t service_rank;
  int original;
  const SettlementLine* line;
  const std::string* provider;
};

uint64_t Prefix(const std::string& s) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) {
    v = (v << 8) | (i < s.size() ? static_cast<unsigned char>(s[i]) : 0u);
  }
  return v;
}

bool Before(const SortKey& a, const SortKey& b) {
  if (a.client_prefix != b.client_prefix) return a.client_prefix < b.client_prefix;
  if (a.client_size > 8 || b.client_size > 8) {
    if (int c = a.line->client.compare(b.line->client)) return c < 0;
  } else if (a.client_size != b.client_size) {
    return a.client_size < b.client_size;
  }
  if (a.provider_rank != b.provider_rank) return a.provider_rank < b.provider_rank;
  if (a.service_rank != b.service_rank) return a.service_rank < b.service_rank;
  return a.original < b.original;
}

bool SameGroup(const SortKey& a, const SortKey& b) {
  return a.client_prefix == b.client_prefix && a.provider_rank == b.provider_rank &&
         a.service_rank == b.service_rank && a.original == b.original &&
         a.client_size == b.client_size && (a.client_size <= 8 || a.line->client == b.line->client);
}

// Ranks of the distinct strings `of` gives over all lines, in string order.
template <class Of>
std::unordered_map<std::string_view, uint32_t> Ranks(const MonthBooks& books, Of of) {
  std::unordered_map<std::string_view, uint32_t> ranks;
  const std::string* last = nullptr;
  for (const Settlement& s : books.settlements) {
    for (const SettlementLine& l : s.lines) {
      const std::string& v = of(s, l);
      if (last && *last == v) continue;
      ranks.emplace(v, 0);
      last = &v;
    }
  }
  std::vector<std::string_view> sorted;
  sorted.reserve(ranks.size());
  for (const auto& [text, rank] : ranks) sorted.push_back(text);
  std::sort(sorted.begin(), sorted.end());
  for (uint32_t i = 0; i < sorted.size(); ++i) ranks[sorted[i]] = i;
  return ranks;
}

}  // namespace

CsvSummary WriteCopayments(const MonthBooks& books, std::ostream& out, Dialect dialect) {
  // Lines are grouped under their settlement's provider (reconcile checks
  // that every line has its settlement's provider).
  auto providers = Ranks(books, [](const Settlement& s, const SettlementLine&) -> const std::string& {
    return s.provider;
  });
  auto services = Ranks(books, [](const Settlement&, const SettlementLine& l) -> const std::string& {
    return l.service;
  });
  size_t n = 0;
  for (const Settlement& s : books.settlements) n += s.lines.size();
  std::vector<SortKey> keys;
  keys.reserve(n);
  for (const Settlement& s : books.settlements) {
    uint32_t provider_rank = providers.at(s.provider);
    const std::string* service = nullptr;
    uint32_t service_rank = 0;
    for (const SettlementLine& l : s.lines) {
      if (!service || *service != l.service) {
        service = &l.service;
        service_rank = services.at(l.service);
      }
      keys.push_back({Prefix(l.client), static_cast<uint32_t>(l.client.size()), provider_rank, service_rank, OriginalKey(l), &l, &s.provider});
    }
  }
  std::sort(keys.begin(), keys.end(), Before);

  CsvWriter w(out, dialect, kColumns);
  std::string original;
  for (size_t i = 0; i < keys.size();) {
    const SettlementLine& first = *keys[i].line;
    const std::string& provider = *keys[i].provider;
    int64_t count = 0, minutes = 0;
    Quantity quantity;
    Money price, voucher, copay;
    size_t j = i;
    for (; j < keys.size() && SameGroup(keys[i], keys[j]); ++j) {
      const SettlementLine& l = *keys[j].line;
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
    w.Text(provider);
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
