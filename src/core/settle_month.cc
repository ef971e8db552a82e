#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "core/event_pricing.h"
#include "core/voucher_ledger.h"
#include "seteli/business_id.h"
#include "seteli/event_months.h"
#include "seteli/settle.h"

namespace seteli {
namespace {

Rejection RejectionOf(const Event& e, const Error& err) {
  return Rejection{e.id, err.code, err.message, e.source, e.line};
}

// Whether a rejection of `e` belongs in the settlement of `month`: when the
// event touches the month, or when it has no days at all.
bool Touches(const Event& e, YearMonth month, const Rulebook& rulebook) {
  auto days = DaysTouched(e, rulebook);
  return !days || (days->first <= month.last() && days->last >= month.first());
}

// A rejection and the event it is of: which months' settlements list it
// depends on the months the event touches.
struct EventRejection {
  const Event* event;
  Rejection rejection;
};

// The events that count after duplicates and corrections are resolved, in
// input order, and the rejections that resolving produced.
struct Resolved {
  std::vector<const Event*> events;
  std::vector<EventRejection> rejected;
};

Resolved Resolve(const SettleContext& ctx, std::span<const Event> events) {
  Resolved out;
  // Views of the events' own IDs: the events outlive resolving.
  std::unordered_map<std::string_view, const Event*> first_by_id;
  first_by_id.reserve(events.size());
  std::unordered_set<std::string_view> superseded;
  for (const Event& e : events) {
    auto [it, fresh] = first_by_id.emplace(e.id, &e);
    if (!fresh) {
      if (it->second->fingerprint != e.fingerprint) {
        out.rejected.push_back({&e, RejectionOf(e, {"duplicate_conflict",
                                                    "event " + e.id + " was recorded before with other content (" +
                                                        it->second->source + ":" +
                                                        std::to_string(it->second->line) + ")"})});
      }
      continue;  // the same content again is a harmless resend
    }
    const std::optional<std::string>& target = e.voids ? e.voids : e.replaces;
    if (target) {
      auto t = first_by_id.find(*target);
      if (t != first_by_id.end() && t->second->provider != e.provider) {
        out.rejected.push_back({&e, RejectionOf(e, {"foreign_correction_target",
                                                    "event " + e.id + " corrects " + *target +
                                                        ", which another provider recorded"})});
        continue;
      }
      if (e.replaces) {
        if (auto r = CheckEvent(ctx, e)) {  // a rejected correction changes nothing
          out.rejected.push_back({&e, *r});
          continue;
        }
      }
      superseded.insert(*target);
      if (e.voids) continue;  // a void record settles nothing itself
    }
    out.events.push_back(&e);
  }
  // A correction of an event the input does not hold changes nothing, and
  // says so (as the daemon's intake does).
  for (const Event& e : events) {
    const std::optional<std::string>& target = e.voids ? e.voids : e.replaces;
    if (!target || first_by_id.count(*target) || first_by_id.at(e.id) != &e) continue;
    if (std::erase(out.events, &e) == 0 && e.replaces) continue;  // rejected already
    out.rejected.push_back(
        {&e, RejectionOf(e, {"unknown_correction_target", "event " + e.id + " corrects " + *target +
                                                              ", which was never recorded"})});
  }
  std::erase_if(out.events, [&](const Event* e) { return superseded.count(e->id) > 0; });
  std::erase_if(out.rejected,
                [&](const EventRejection& r) { return superseded.count(r.rejection.event_id) > 0; });
  return out;
}

// A new settlement holds room for `lines_at_most` lines at once: a million
// lines grown by doubling would hold up to twice their memory.
Settlement& SettlementFor(std::map<std::string, Settlement>& by_provider, const std::string& id,
                          YearMonth month, ReferenceKind kind, size_t lines_at_most) {
  auto [it, fresh] = by_provider.try_emplace(id);
  if (fresh) {
    it->second.provider = id;
    it->second.month = month;
    it->second.reference = SettlementReference(id, month, kind);
    it->second.lines.reserve(lines_at_most);
  }
  return it->second;
}

// The pieces in `month` of each provider's events: the most lines its
// settlement of the month can get.
std::unordered_map<std::string_view, size_t> PiecesByProvider(
    const std::vector<const PricedEvent*>& events, YearMonth month) {
  std::unordered_map<std::string_view, size_t> pieces;
  for (const PricedEvent* p : events) {
    size_t& n = pieces[p->event->provider];
    for (const PricedPiece& piece : p->pieces) n += piece.piece.month == month ? 1 : 0;
  }
  return pieces;
}

}  // namespace

std::string SettlementReference(const std::string& provider, YearMonth month, ReferenceKind kind) {
  std::string base;
  for (char c : provider) {
    if (c >= '0' && c <= '9') base += c;
  }
  if (base.size() > 7) base.resize(7);  // the business ID without its check digit
  base += month.ToString().substr(0, 4) + month.ToString().substr(5, 2);
  return kind == ReferenceKind::kRf ? MakeRfReference(base) : MakeFinnishReference(base);
}

namespace {

// Caps and balances are used in the order of service start, then event ID
// (unique once resolved). Each start is worked out once, not at every
// comparison, and pointers move instead of priced events.
std::vector<const PricedEvent*> InSettlingOrder(const std::vector<PricedEvent>& priced) {
  std::vector<std::pair<Instant, const PricedEvent*>> keyed;
  keyed.reserve(priced.size());
  for (const PricedEvent& p : priced) keyed.emplace_back(p.event->order_time(), &p);
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second->event->id < b.second->event->id;
  });
  std::vector<const PricedEvent*> order;
  order.reserve(keyed.size());
  for (const auto& [time, p] : keyed) order.push_back(p);
  return order;
}

// Settles the months `from` to `to` in one pass; each month's settlement is
// what settling it alone gives (SettleMonth): its lines, the rejections of
// the events that touch it (an event rejected in a later month is not
// rejected yet), its balance statements.
std::vector<MonthSettlement> Settle(const SettleContext& ctx, std::span<const Event> events,
                                    YearMonth from, YearMonth to, const CarriedBalances* carried) {
  Resolved resolved = Resolve(ctx, events);
  std::vector<EventRejection> rejected = std::move(resolved.rejected);

  // Price every event that starts by the end of the last month; earlier
  // months are settled too, for the balances they carry.
  std::vector<PricedEvent> priced;
  for (const Event* e : resolved.events) {
    auto days = DaysTouched(*e, *ctx.rulebook);
    if (days && days->first > to.last()) continue;
    auto p = PriceEvent(ctx, *e);
    if (!p.ok()) {
      rejected.push_back({e, RejectionOf(*e, p.error())});
      continue;
    }
    if (!p.value().pieces.empty()) priced.push_back(std::move(p.value()));
  }
  // Of each month, the events with a piece in it, in settling order: a
  // month goes through its own events, not through every event of the history.
  std::map<YearMonth, std::vector<const PricedEvent*>> of_month;
  for (const PricedEvent* p : InSettlingOrder(priced)) {
    for (const PricedPiece& piece : p->pieces) {
      std::vector<const PricedEvent*>& in = of_month[piece.piece.month];
      if (in.empty() || in.back() != p) in.push_back(p);
    }
  }
  YearMonth first = from;
  if (!of_month.empty()) first = std::min(first, of_month.begin()->first);

  VoucherLedger ledger(ctx);
  if (carried) {
    for (const auto& [id, closing] : carried->closing) ledger.Carry(id, closing, carried->month);
  }
  std::vector<MonthSettlement> out;
  // An event rejected in one month settles nothing in later ones; what its
  // earlier months used stays used (docs/rules.md).
  std::unordered_set<const Event*> failed;
  for (YearMonth m = first; m <= to; m = m.next()) {
    const bool settled_before = carried && m <= carried->month;
    if (!settled_before) ledger.OpenMonth(m);
    std::map<std::string, Settlement> by_provider;
    std::vector<UnpaidRemainder> unpaid;
    if (auto it = of_month.find(m); !settled_before && it != of_month.end()) {
      const auto pieces = PiecesByProvider(it->second, m);
      for (const PricedEvent* p : it->second) {
        if (failed.count(p->event)) continue;
        auto split = ledger.Settle(*p, m);
        if (!split.ok()) {
          failed.insert(p->event);
          rejected.push_back({p->event, RejectionOf(*p->event, split.error())});
          continue;
        }
        if (m < from) continue;
        if (split.value().unpaid) unpaid.push_back(std::move(*split.value().unpaid));
        if (split.value().lines.empty()) continue;
        Settlement& s = SettlementFor(by_provider, p->event->provider, m, ctx.reference_kind,
                                      pieces.at(p->event->provider));
        for (SettlementLine& l : split.value().lines) s.lines.push_back(std::move(l));
      }
    }
    if (m < from) continue;
    MonthSettlement& month = out.emplace_back();
    month.month = m;
    month.rulebook_version = ctx.rulebook->version;
    for (const UnpaidRemainder& u : unpaid) {
      SettlementFor(by_provider, u.provider, m, ctx.reference_kind, 0).unpaid.push_back(u);
    }
    month.unpaid = std::move(unpaid);
    for (auto& [id, s] : by_provider) {
      for (const SettlementLine& l : s.lines) {
        s.price_total += l.price;
        s.voucher_total += l.voucher;
        s.copay_total += l.copay;
      }
      if (!s.lines.empty()) month.settlements.push_back(std::move(s));
    }
    // The rejections so far (resolving, pricing, the months up to this
    // one) of the events that touch this month.
    for (const EventRejection& r : rejected) {
      if (Touches(*r.event, m, *ctx.rulebook)) month.rejected.push_back(r.rejection);
    }
    std::stable_sort(month.rejected.begin(), month.rejected.end(),
                     [](const Rejection& a, const Rejection& b) { return a.line < b.line; });
    month.balances = ledger.Statements(m);
  }
  return out;
}

}  // namespace

MonthSettlement SettleMonth(const SettleContext& ctx, std::span<const Event> events,
                            YearMonth month) {
  return std::move(Settle(ctx, events, month, month, nullptr).back());
}

MonthSettlement SettleMonth(const SettleContext& ctx, std::span<const Event> events,
                            YearMonth month, const CarriedBalances& carried) {
  return std::move(Settle(ctx, events, month, month, &carried).back());
}

std::vector<MonthSettlement> SettleMonths(const SettleContext& ctx, std::span<const Event> events,
                                          YearMonth from, YearMonth to) {
  if (to < from) return {};
  return Settle(ctx, events, from, to, nullptr);
}

std::vector<MonthSettlement> SettleMonths(const SettleContext& ctx, std::span<const Event> events,
                                          YearMonth from, YearMonth to, const CarriedBalances& carried) {
  if (to < from) return {};
  return Settle(ctx, events, from, to, &carried);
}

}  // namespace seteli
