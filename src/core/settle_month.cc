#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/event_pricing.h"
#include "core/voucher_ledger.h"
#include "seteli/business_id.h"
#include "seteli/settle.h"

namespace seteli {
namespace {

Rejection RejectionOf(const Event& e, const Error& err) {
  return Rejection{e.id, err.code, err.message, e.source, e.line};
}

// Whether a rejection of `e` belongs in the settlement of `month`: when the
// event touches the month, or when its dates are unusable.
bool Touches(const Event& e, YearMonth month) {
  auto span = EventSpan(e);
  return !span || (span->first <= month.last() && span->second >= month.first());
}

// The events that count after duplicates and corrections are resolved, in
// input order, and the rejections that resolving produced.
struct Resolved {
  std::vector<const Event*> events;
  std::vector<Rejection> rejected;
};

Resolved Resolve(const SettleContext& ctx, std::span<const Event> events, YearMonth month) {
  Resolved out;
  std::unordered_map<std::string, const Event*> first_by_id;
  std::unordered_set<std::string> superseded;
  for (const Event& e : events) {
    auto [it, fresh] = first_by_id.emplace(e.id, &e);
    if (!fresh) {
      if (it->second->fingerprint != e.fingerprint) {
        if (Touches(e, month)) out.rejected.push_back(RejectionOf(
            e, {"duplicate_conflict", "event " + e.id + " was recorded before with other content (" +
                                          it->second->source + ":" +
                                          std::to_string(it->second->line) + ")"}));
      }
      continue;  // the same content again is a harmless resend
    }
    const std::optional<std::string>& target = e.voids ? e.voids : e.replaces;
    if (target) {
      auto t = first_by_id.find(*target);
      if (t != first_by_id.end() && t->second->provider != e.provider) {
        if (Touches(e, month)) out.rejected.push_back(RejectionOf(
            e, {"malformed_event", "event " + e.id + " corrects " + *target +
                                       ", which another provider recorded"}));
        continue;
      }
      if (e.replaces) {
        if (auto r = CheckEvent(ctx, e)) {  // a rejected correction changes nothing
          if (Touches(e, month)) out.rejected.push_back(*r);
          continue;
        }
      }
      superseded.insert(*target);
      if (e.voids) continue;  // a void record settles nothing itself
    }
    out.events.push_back(&e);
  }
  std::erase_if(out.events, [&](const Event* e) { return superseded.count(e->id) > 0; });
  std::erase_if(out.rejected, [&](const Rejection& r) { return superseded.count(r.event_id) > 0; });
  return out;
}

Settlement& SettlementFor(std::map<std::string, Settlement>& by_provider, const std::string& id,
                          YearMonth month, ReferenceKind kind) {
  auto [it, fresh] = by_provider.try_emplace(id);
  if (fresh) {
    it->second.provider = id;
    it->second.month = month;
    it->second.reference = SettlementReference(id, month, kind);
  }
  return it->second;
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

MonthSettlement Settle(const SettleContext& ctx, std::span<const Event> events, YearMonth month,
                       const CarriedBalances* carried) {
  MonthSettlement out;
  out.month = month;
  out.rulebook_version = ctx.rulebook->version;
  Resolved resolved = Resolve(ctx, events, month);
  std::vector<Rejection> rejected;
  for (Rejection& r : resolved.rejected) rejected.push_back(std::move(r));

  // Price every event that starts by the end of the month; earlier months
  // are settled too, for the balances they carry.
  std::vector<PricedEvent> priced;
  for (const Event* e : resolved.events) {
    auto span = EventSpan(*e);
    if (span && span->first > month.last()) continue;
    auto p = PriceEvent(ctx, *e);
    if (!p.ok()) {
      if (Touches(*e, month)) rejected.push_back(RejectionOf(*e, p.error()));
      continue;
    }
    if (!p.value().pieces.empty()) priced.push_back(std::move(p.value()));
  }
  // Caps and balances are used in the order of service start, then event ID.
  std::sort(priced.begin(), priced.end(), [](const PricedEvent& a, const PricedEvent& b) {
    Instant ta = a.event->order_time(), tb = b.event->order_time();
    return ta != tb ? ta < tb : a.event->id < b.event->id;
  });
  YearMonth first = month;
  for (const PricedEvent& p : priced) first = std::min(first, p.pieces.front().piece.month);

  VoucherLedger ledger(ctx);
  if (carried) {
    for (const auto& [id, closing] : carried->closing) ledger.Carry(id, closing, carried->month);
    first = std::max(first, carried->month.next());
  }
  std::map<std::string, Settlement> by_provider;
  // An event rejected in one month settles nothing in later ones; what its
  // earlier months used stays used (docs/rules.md).
  std::unordered_set<const Event*> failed;
  for (YearMonth m = first; m <= month; m = m.next()) {
    ledger.OpenMonth(m);
    for (const PricedEvent& p : priced) {
      if (failed.count(p.event)) continue;
      auto lines = ledger.Settle(p, m);
      if (!lines.ok()) {
        failed.insert(p.event);
        if (Touches(*p.event, month)) rejected.push_back(RejectionOf(*p.event, lines.error()));
        continue;
      }
      if (m != month || lines.value().empty()) continue;
      Settlement& s = SettlementFor(by_provider, p.event->provider, month, ctx.reference_kind);
      for (SettlementLine& l : lines.value()) s.lines.push_back(std::move(l));
    }
  }
  for (auto& [id, s] : by_provider) {
    for (const SettlementLine& l : s.lines) {
      s.price_total += l.price;
      s.voucher_total += l.voucher;
      s.copay_total += l.copay;
    }
    if (!s.lines.empty()) out.settlements.push_back(std::move(s));
  }
  std::stable_sort(rejected.begin(), rejected.end(),
                   [](const Rejection& a, const Rejection& b) { return a.line < b.line; });
  out.rejected = std::move(rejected);
  out.balances = ledger.Statements(month);
  return out;
}

}  // namespace

MonthSettlement SettleMonth(const SettleContext& ctx, std::span<const Event> events,
                            YearMonth month) {
  return Settle(ctx, events, month, nullptr);
}

MonthSettlement SettleMonth(const SettleContext& ctx, std::span<const Event> events,
                            YearMonth month, const CarriedBalances& carried) {
  return Settle(ctx, events, month, &carried);
}

}  // namespace seteli
