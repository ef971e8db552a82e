#include "export/copayments_export.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "export/export_columns.h"
#include "export/journal_export.h"

namespace seteli::exports {

namespace {

// 0 for the month's own lines, so they sort first; INT_MAX for a
// prior-period line without its month.
int OriginalKey(const SettlementLine& l) {
  if (!IsPriorPeriod(l)) return 0;
  return l.original_month ? l.original_month->year() * 12 + l.original_month->month() : INT_MAX;
}

// Each distinct provider or service once, numbered as met: a group's key
// holds the numbers instead of copies of the names.
class Names {
 public:
  uint32_t Of(std::string_view name) {
    auto it = ids_.find(name);
    if (it != ids_.end()) return it->second;
    auto id = static_cast<uint32_t>(names_.size());
    names_.emplace_back(name);
    ids_.emplace(names_.back(), id);
    return id;
  }
  const std::string& Name(uint32_t id) const { return names_[id]; }

  // The place of each number's name in string order.
  std::vector<uint32_t> Ranks() const {
    std::vector<uint32_t> order(names_.size()), rank(names_.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return names_[a] < names_[b]; });
    for (uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
    return rank;
  }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::vector<std::string> names_;
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> ids_;
};

struct GroupKey {
  std::string client;
  uint32_t provider = 0;  // Names numbers
  uint32_t service = 0;
  int original = 0;  // OriginalKey
  bool operator==(const GroupKey&) const = default;
};

struct GroupKeyHash {
  size_t operator()(const GroupKey& k) const {
    uint64_t rest = (uint64_t{k.provider} << 40) ^ (uint64_t{k.service} << 20) ^
                    static_cast<uint32_t>(k.original);
    return std::hash<std::string>()(k.client) ^ (rest * 0x9E3779B97F4A7C15ull);
  }
};

struct GroupSums {
  Unit unit = Unit::kVisit;                 // the group's first line's
  std::optional<YearMonth> original_month;  // likewise
  int64_t count = 0;
  int64_t quantity_milli = 0;
  int64_t minutes = 0;
  int64_t price = 0;
  int64_t voucher = 0;
  int64_t copay = 0;
};

using Groups = std::unordered_map<GroupKey, GroupSums, GroupKeyHash>;

void WriteGroup(CsvWriter& w, YearMonth month, const GroupKey& key, const GroupSums& sum,
                const Names& providers, const Names& services) {
  // Hourly lines carry their quantity rounded for show; the group's hours
  // come from the exact minutes instead, rounded once.
  Quantity quantity = Quantity::FromMilli(sum.quantity_milli);
  if (sum.unit == Unit::kHour && sum.minutes > 0) {
    quantity = Quantity::FromMilli((sum.minutes * 1000 + 30) / 60);
  }
  std::string original;
  if (key.original != 0 && sum.original_month) original = sum.original_month->ToString();
  w.MonthCell(month);
  w.Text(key.client);
  w.Text(providers.Name(key.provider));
  w.Text(services.Name(key.service));
  w.Text(UnitName(sum.unit));
  w.Text(original);
  w.Integer(sum.count);
  w.QuantityCell(quantity);
  w.Integer(sum.minutes);
  w.Amount(Money::FromCents(sum.price));
  w.Amount(Money::FromCents(sum.voucher));
  w.Amount(Money::FromCents(sum.copay));
  w.EndRow();
}

}  // namespace

CsvSummary WriteCopayments(const MonthBooks& books, std::ostream& out, Dialect dialect) {
  BooksLines lines(books);
  return WriteCopayments(books, lines, out, dialect).value();  // cannot fail to read
}

// The lines are summed into their groups as they are read, so memory grows
// with the groups, not the lines.
Result<CsvSummary> WriteCopayments(const MonthBooks& books, LineSource& lines, std::ostream& out,
                                   Dialect dialect) {
  Names providers, services;
  Groups groups;
  const Settlement* settlement = nullptr;
  uint32_t provider = 0;
  GroupKey key;
  // Lines are grouped under their settlement's provider (reconcile checks
  // that every line has its settlement's provider).
  auto read = ForEachLine(books, lines, [&](const Settlement& s, const SettlementLine& l) {
    if (&s != settlement) {
      settlement = &s;
      provider = providers.Of(s.provider);
    }
    key.client = l.client;
    key.provider = provider;
    key.service = services.Of(l.service);
    key.original = OriginalKey(l);
    auto [it, fresh] = groups.try_emplace(key);
    GroupSums& sum = it->second;
    if (fresh) {
      sum.unit = l.unit;
      sum.original_month = l.original_month;
    }
    ++sum.count;
    sum.quantity_milli += l.quantity.milli();
    sum.minutes += l.minutes.value_or(0);
    sum.price += l.price.cents();
    sum.voucher += l.voucher.cents();
    sum.copay += l.copay.cents();
  });
  if (!read.ok()) return read.error();

  // By client, business ID, service and original month.
  std::vector<uint32_t> provider_rank = providers.Ranks(), service_rank = services.Ranks();
  std::vector<const Groups::value_type*> order;
  order.reserve(groups.size());
  for (const auto& g : groups) order.push_back(&g);
  std::sort(order.begin(), order.end(), [&](const auto* a, const auto* b) {
    const GroupKey& x = a->first;
    const GroupKey& y = b->first;
    return std::tie(x.client, provider_rank[x.provider], service_rank[x.service], x.original) <
           std::tie(y.client, provider_rank[y.provider], service_rank[y.service], y.original);
  });
  CsvWriter w(out, dialect, kCopaymentsColumns);
  for (const auto* g : order) WriteGroup(w, books.month, g->first, g->second, providers, services);
  return w.Finish();
}

}  // namespace seteli::exports
