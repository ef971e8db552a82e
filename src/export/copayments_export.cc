#include "export/copayments_export.h"

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "export/export_columns.h"
#include "export/journal_export.h"

namespace seteli::exports {

namespace {

// 0 for the month's own lines, so they sort first.
int OriginalKey(const SettlementLine& l) {
  if (!IsPriorPeriod(l)) return 0;
  return l.original_month ? l.original_month->year() * 12 + l.original_month->month() : INT_MAX;
}

// A line's place in the export order, 24 bytes so that sorting a million of
// them stays cheap: the client's first eight bytes (big-endian, so integer
// order is string order), then in `packed` the client's length (capped),
// the ranks of provider, service and original month. Only clients longer
// than eight bytes are compared as strings.
struct SortKey {
  uint64_t client_prefix;
  uint64_t packed;  // size:8 | provider:24 | service:20 | original:12
  const SettlementLine* ptr;
  uint32_t line;    // index into `figures`
};

constexpr uint64_t kRanksMask = (uint64_t{1} << 56) - 1;

uint64_t Prefix(const std::string& s) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) {
    v = (v << 8) | (i < s.size() ? static_cast<unsigned char>(s[i]) : 0u);
  }
  return v;
}

// What the group sums need of a line, stored in line order so that the scan
// after sorting touches one small record per line, not the whole line.
struct LineFigures {
  int64_t quantity_milli;
  int64_t price;
  int64_t voucher;
  int64_t copay;
  int64_t minutes;
};

// Ranks of the distinct values `of` gives over all lines, in their order.
template <class T, class Of>
std::unordered_map<T, uint32_t> Ranks(const MonthBooks& books, Of of) {
  std::unordered_map<T, uint32_t> ranks;
  for (const Settlement& s : books.settlements) {
    bool first = true;
    T last{};
    for (const SettlementLine& l : s.lines) {
      T v = of(s, l);
      if (!first && last == v) continue;
      ranks.emplace(v, 0);
      last = v;
      first = false;
    }
  }
  std::vector<T> sorted;
  sorted.reserve(ranks.size());
  for (const auto& [value, rank] : ranks) sorted.push_back(value);
  std::sort(sorted.begin(), sorted.end());
  for (uint32_t i = 0; i < sorted.size(); ++i) ranks[sorted[i]] = i;
  return ranks;
}

}  // namespace

CsvSummary WriteCopayments(const MonthBooks& books, std::ostream& out, Dialect dialect) {
  // Lines are grouped under their settlement's provider (reconcile checks
  // that every line has its settlement's provider).
  auto providers = Ranks<std::string_view>(
      books, [](const Settlement& s, const SettlementLine&) { return std::string_view(s.provider); });
  auto services = Ranks<std::string_view>(
      books, [](const Settlement&, const SettlementLine& l) { return std::string_view(l.service); });
  auto originals =
      Ranks<int>(books, [](const Settlement&, const SettlementLine& l) { return OriginalKey(l); });
  if (providers.size() >= (1u << 24) || services.size() >= (1u << 20) ||
      originals.size() >= (1u << 12)) {
    throw std::length_error("copayments export: too many providers, services or months");
  }

  size_t n = 0;
  for (const Settlement& s : books.settlements) n += s.lines.size();
  if (n >= (size_t{1} << 32)) throw std::length_error("copayments export: too many lines");
  std::vector<SortKey> keys;
  std::vector<LineFigures> figures;
  keys.reserve(n);
  figures.reserve(n);
  std::vector<std::string_view> provider_of_rank(providers.size());
  for (const auto& [id, rank] : providers) provider_of_rank[rank] = id;
  for (const Settlement& s : books.settlements) {
    uint64_t provider_rank = providers.at(s.provider);
    const std::string* service = nullptr;
    uint64_t service_rank = 0;
    for (const SettlementLine& l : s.lines) {
      if (!service || *service != l.service) {
        service = &l.service;
        service_rank = services.at(l.service);
      }
      uint64_t size = std::min<size_t>(l.client.size(), 255);
      uint64_t original_rank = OriginalKey(l) == 0 ? 0 : originals.at(OriginalKey(l));
      keys.push_back({Prefix(l.client),
                      size << 56 | provider_rank << 32 | service_rank << 12 | original_rank,
                      &l, static_cast<uint32_t>(figures.size())});
      figures.push_back({l.quantity.milli(), l.price.cents(), l.voucher.cents(), l.copay.cents(),
                         l.minutes.value_or(0)});
    }
  }
  auto long_client = [](const SortKey& k) { return (k.packed >> 56) > 8; };
  std::sort(keys.begin(), keys.end(), [&](const SortKey& a, const SortKey& b) {
    if (a.client_prefix != b.client_prefix) return a.client_prefix < b.client_prefix;
    if (long_client(a) && long_client(b)) {
      if (int c = a.ptr->client.compare(b.ptr->client)) return c < 0;
      return (a.packed & kRanksMask) < (b.packed & kRanksMask);
    }
    return a.packed < b.packed;  // the shorter client first, then the ranks
  });
  auto same_group = [&](const SortKey& a, const SortKey& b) {
    return a.client_prefix == b.client_prefix && a.packed == b.packed &&
           (!long_client(a) || a.ptr->client == b.ptr->client);
  };

  CsvWriter w(out, dialect, kCopaymentsColumns);
  std::string original;
  for (size_t i = 0; i < keys.size();) {
    // The first line of a group is a random access: fetch those of the
    // groups ahead while this one is summed and written.
    if (i + 16 < keys.size()) {
      const char* ahead = reinterpret_cast<const char*>(keys[i + 16].ptr);
      __builtin_prefetch(ahead + offsetof(SettlementLine, client));
      __builtin_prefetch(ahead + offsetof(SettlementLine, service));
      __builtin_prefetch(ahead + offsetof(SettlementLine, unit));
      __builtin_prefetch(ahead + offsetof(SettlementLine, original_month));
    }
    const SettlementLine& first = *keys[i].ptr;
    std::string_view provider = provider_of_rank[(keys[i].packed >> 32) & 0xffffff];
    int64_t count = 0;
    LineFigures sum{};
    size_t j = i;
    for (; j < keys.size() && same_group(keys[i], keys[j]); ++j) {
      const LineFigures& f = figures[keys[j].line];
      ++count;
      sum.quantity_milli += f.quantity_milli;
      sum.price += f.price;
      sum.voucher += f.voucher;
      sum.copay += f.copay;
      sum.minutes += f.minutes;
    }
    i = j;
    // Hourly lines carry their quantity rounded for show; the group's hours
    // come from the exact minutes instead, rounded once.
    Quantity quantity = Quantity::FromMilli(sum.quantity_milli);
    if (first.unit == Unit::kHour && sum.minutes > 0) {
      quantity = Quantity::FromMilli((sum.minutes * 1000 + 30) / 60);
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
    w.Integer(sum.minutes);
    w.Amount(Money::FromCents(sum.price));
    w.Amount(Money::FromCents(sum.voucher));
    w.Amount(Money::FromCents(sum.copay));
    w.EndRow();
  }
  return w.Finish();
}

}  // namespace seteli::exports
