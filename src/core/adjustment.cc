#include "seteli/adjustment.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace seteli {
namespace {

// What makes two versions of a line the same for the organizer's books.
auto Essence(const SettlementLine& l) {
  return std::make_tuple(l.service, l.date.days(), l.quantity.milli(), l.minutes.value_or(-1),
                         l.unit_price.cents(), l.price.cents(), l.voucher.cents(), l.copay.cents());
}

using LinesByEvent = std::map<std::string, std::vector<const SettlementLine*>>;

LinesByEvent ByEvent(const std::vector<SettlementLine>& lines) {
  LinesByEvent out;
  for (const SettlementLine& l : lines) out[l.event_id].push_back(&l);
  return out;
}

bool Same(const std::vector<const SettlementLine*>& a, const std::vector<const SettlementLine*>& b) {
  if (a.size() != b.size()) return false;
  std::multiset<decltype(Essence(*a[0]))> x, y;
  for (const SettlementLine* l : a) x.insert(Essence(*l));
  for (const SettlementLine* l : b) y.insert(Essence(*l));
  return x == y;
}

SettlementLine AsAdjustment(SettlementLine l, YearMonth original_month) {
  l.flags |= kPriorPeriod;
  l.original_month = original_month;
  return l;
}

}  // namespace

SettlementLine CreditOf(const SettlementLine& line) {
  SettlementLine c = line;
  c.quantity = Quantity::FromMilli(-line.quantity.milli());
  if (c.minutes) c.minutes = -*c.minutes;
  c.price = -line.price;
  c.voucher = -line.voucher;
  c.copay = -line.copay;
  return c;
}

std::vector<SettlementLine> PriorPeriodAdjustments(const std::vector<SettlementLine>& last,
                                                   const std::vector<SettlementLine>& now,
                                                   YearMonth original_month) {
  LinesByEvent before = ByEvent(last), after = ByEvent(now);
  std::set<std::string> events;
  for (const auto& [id, lines] : before) events.insert(id);
  for (const auto& [id, lines] : after) events.insert(id);
  std::vector<SettlementLine> out;
  static const std::vector<const SettlementLine*> kNone;
  for (const std::string& id : events) {
    auto b = before.find(id);
    auto a = after.find(id);
    const auto& old_lines = b == before.end() ? kNone : b->second;
    const auto& new_lines = a == after.end() ? kNone : a->second;
    if (Same(old_lines, new_lines)) continue;
    for (const SettlementLine* l : old_lines) out.push_back(AsAdjustment(CreditOf(*l), original_month));
    for (const SettlementLine* l : new_lines) out.push_back(AsAdjustment(*l, original_month));
  }
  return out;
}

std::optional<std::string> HoldReason(const Settlement& s, const Rulebook& rulebook,
                                      const std::vector<BalanceStatement>& balances) {
  Money price, voucher, copay;
  for (const SettlementLine& l : s.lines) {
    std::string where = "line of event " + l.event_id + " on " + l.date.ToString();
    if (l.voucher + l.copay != l.price) {
      return where + ": voucher " + l.voucher.ToString() + " + copay " + l.copay.ToString() +
             " != price " + l.price.ToString();
    }
    bool credit = (l.flags & kPriorPeriod) && l.price.negative();
    if (!credit && (l.voucher.negative() || l.copay.negative())) {
      return where + ": negative voucher or copay";
    }
    if (!rulebook.Find(l.service)) return where + ": service '" + l.service + "' is not in the rulebook";
    price += l.price;
    voucher += l.voucher;
    copay += l.copay;
  }
  if (price != s.price_total || voucher != s.voucher_total || copay != s.copay_total) {
    return "totals are not the sums of the lines";
  }
  for (const BalanceStatement& b : balances) {
    if (b.closing.negative()) {
      return "balance of decision " + b.decision_id + " closes below zero (" + b.closing.ToString() + ")";
    }
  }
  return std::nullopt;
}

}  // namespace seteli
