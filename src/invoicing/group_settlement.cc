#include "invoicing/group_settlement.h"

#include <span>

#include "formats/settlement_json.h"
#include "seteli/adjustment.h"

namespace seteli::invoicing {
namespace {

using StoredLines = std::vector<const store::SettlementLineRow*>;

// The lines of one provider in a month settlement.
std::vector<SettlementLine> LinesOf(const MonthSettlement& m, const std::string& provider) {
  for (const Settlement& s : m.settlements) {
    if (s.provider == provider) return s.lines;
  }
  return {};
}

// Of a provider's stored lines for a month (the original settlement and any
// adjustments in later months), the newest version of each event: the
// positive lines of the latest settlement that touched it.
Result<std::vector<SettlementLine>> LastSettled(const StoredLines& rows) {
  std::map<std::string, std::string> newest_month;  // event -> settlement month
  for (const auto* r : rows) {
    std::string& m = newest_month[r->event_id];
    if (r->month > m) m = r->month;
  }
  std::vector<SettlementLine> out;
  for (const auto* r : rows) {
    if (r->month != newest_month[r->event_id]) continue;
    auto line = formats::ParseLineJson(r->body);
    if (!line.ok()) return Error{"store_corrupt", line.error().message};
    if (line.value().quantity.milli() > 0) out.push_back(std::move(line.value()));
  }
  return out;
}

// Of month `m`, closed for some providers, the prior_period lines that
// bring each such provider's stored lines to `now`, the month as it
// settles today; providers whose lines agree are left out.
Result<std::map<std::string, std::vector<SettlementLine>>> Differences(YearMonth m,
                                                                       const MonthSettlement& now,
                                                                       const StoredLines& stored,
                                                                       const ClosedMonths& closed) {
  std::set<std::string> touched;  // providers with lines of m, now or as stored
  for (const Settlement& s : now.settlements) touched.insert(s.provider);
  std::map<std::string, StoredLines> stored_of;
  for (const store::SettlementLineRow* r : stored) {
    if ((r->month == m.ToString() && r->original_month.empty()) ||
        r->original_month == m.ToString()) {
      stored_of[r->provider].push_back(r);
      touched.insert(r->provider);
    }
  }
  std::map<std::string, std::vector<SettlementLine>> out;
  for (const std::string& provider : touched) {
    if (!closed.Closed(provider, m)) continue;
    auto last = LastSettled(stored_of[provider]);
    if (!last.ok()) return last.error();
    auto adj = PriorPeriodAdjustments(last.value(), LinesOf(now, provider), m);
    if (!adj.empty()) out.emplace(provider, std::move(adj));
  }
  return out;
}

// `lines` with the first reason among them to hold a settlement.
ProviderShare::Lines HeldOrNot(std::vector<SettlementLine> lines, const Rulebook& rulebook,
                               std::set<std::string>& drawn) {
  Settlement chunk;
  for (const SettlementLine& l : lines) {
    chunk.price_total += l.price;
    chunk.voucher_total += l.voucher;
    chunk.copay_total += l.copay;
    drawn.insert(l.decision_id);
  }
  chunk.lines = std::move(lines);
  std::optional<std::string> reason = HoldReason(chunk, rulebook, {});
  return {std::move(chunk.lines), std::move(reason)};
}

// The providers with lines of a carried group up to the month it starts
// after, as that month's run found them.
std::set<std::string> KnownProviders(const RunPlan& plan, const EventGroup& g) {
  std::set<std::string> known;
  for (const std::string& id : g.decision_ids) {
    if (auto it = plan.carries.providers.find(id); it != plan.carries.providers.end()) {
      known.insert(it->second.begin(), it->second.end());
    }
  }
  return known;
}

// For the checkpoint of the previous month, settled again (the last of
// `earlier`): the providers with lines up to it, and its closing balances.
void KeepPrevious(const std::vector<MonthSettlement>& earlier, const std::set<std::string>& known,
                  GroupOutcome& out) {
  std::set<std::string>& before = out.providers_before.emplace(known);
  for (const MonthSettlement& then : earlier) {
    for (const Settlement& s : then.settlements) before.insert(s.provider);
  }
  for (const BalanceStatement& b : earlier.back().balances) {
    out.closing_previous[b.decision_id] = b.closing.cents();
  }
}

// The month's balance statements, and for each provider whose lines draw
// on a decision that closes below zero the lowest such decision.
void KeepBalances(const MonthSettlement& current,
                  const std::map<std::string, std::set<std::string>>& drawn, GroupOutcome& out) {
  for (const BalanceStatement& b : current.balances) {
    out.balances.push_back(BalanceRowOf(b));
    if (!b.closing.negative()) continue;
    for (const auto& [provider, ids] : drawn) {
      std::optional<BalanceStatement>& below = out.shares[provider].below_zero;
      if (ids.count(b.decision_id) && (!below || b.decision_id < below->decision_id)) below = b;
    }
  }
}

}  // namespace

void AddDecision(const DecisionBook& registry, const AbsencesByDecision& stored_absences,
                 const Decision& d, DecisionBook& to) {
  to.Add(d);
  for (const Absence& a : registry.AbsencesOf(d.id)) to.AddAbsence(a);
  if (auto it = stored_absences.find(d.id); it != stored_absences.end()) {
    for (const Absence& a : it->second) to.AddAbsence(a);
  }
}

store::BalanceRow BalanceRowOf(const BalanceStatement& b) {
  return {b.decision_id,     b.month.ToString(), b.client,          b.opening.cents(),
          b.accrual.cents(), b.used.cents(),     b.closing.cents(), b.suspension_days};
}

struct GroupSettler::Months {
  std::vector<MonthSettlement> earlier;  // oldest first, before the run's month
  MonthSettlement current;
};

GroupSettler::GroupSettler(const RunPlan& plan, const SettleContext& ctx, ReviewGate& review)
    : plan_(plan), ctx_(ctx), review_(review) {}

GroupSettler::Months GroupSettler::SettleThrough(const EventGroup& g, const DecisionBook& book,
                                                 const CarriedBalances& from,
                                                 const std::vector<Event>& events,
                                                 std::optional<YearMonth> after,
                                                 const StoredLines& stored) {
  const SettleContext ctx{ctx_.rulebook, ctx_.providers, &book, ctx_.reference_kind};
  const YearMonth month = plan_.month;
  // Without the events that wait for review or were refused; a flagged
  // event with no review yet is queued, and the group settled again
  // without it (review_queue.h).
  std::vector<Event> admitted;
  std::span<const Event> settled_events = events;
  if (review_.Admit(events, &admitted)) settled_events = admitted;
  std::set<std::string> paid_before;
  for (const store::SettlementLineRow* r : stored) paid_before.insert(r->event_id);
  Months out;
  for (bool again = true; again;) {
    out.earlier.clear();
    if (after == plan_.previous) {
      out.current = SettleMonth(ctx, settled_events, month, from);
    } else {
      if (after) {
        out.earlier = SettleMonths(ctx, settled_events, after->next(), month, from);
      } else {
        const YearMonth first = g.months.empty() ? month : std::min(*g.months.begin(), month);
        out.earlier = SettleMonths(ctx, settled_events, first, month);
      }
      out.current = std::move(out.earlier.back());
      out.earlier.pop_back();
    }
    std::vector<const MonthSettlement*> months{&out.current};
    for (const MonthSettlement& m : out.earlier) months.push_back(&m);
    again = review_.Flag(months, paid_before) && review_.Admit(events, &admitted);
    if (again) settled_events = admitted;
  }
  return out;
}

Result<GroupOutcome> GroupSettler::Settle(size_t gi, const std::vector<Event>& events,
                                          std::optional<YearMonth> after,
                                          const StoredLines& stored) {
  const EventGroup& g = plan_.events.groups[gi];
  const Rulebook& rulebook = *ctx_.rulebook;
  GroupOutcome out;
  DecisionBook book;
  CarriedBalances from{after.value_or(plan_.previous), {}};
  for (const std::string& id : g.decision_ids) {
    const Decision* d = ctx_.decisions->Find(id);
    if (!d) continue;  // its events are rejected as of an unknown decision
    AddDecision(*ctx_.decisions, plan_.absences, *d, book);
    out.decisions.push_back(id);
    if (auto it = plan_.carries.closing.find(id); after && it != plan_.carries.closing.end()) {
      from.closing.insert(*it);
    }
  }
  Months settled = SettleThrough(g, book, from, events, after, stored);
  // While an event waits, no later run may trust this group's checkpoint:
  // once approved, its month is settled again and the event paid.
  for (const Event& e : events) {
    if (review_.Waiting(e.id)) out.clean = false;
  }
  out.rejected = std::move(settled.current.rejected);
  const std::set<std::string> known = after ? KnownProviders(plan_, g) : std::set<std::string>{};
  out.providers = known;
  std::map<std::string, std::set<std::string>> drawn;  // provider -> decisions its lines draw on
  for (Settlement& s : settled.current.settlements) {
    out.providers.insert(s.provider);
    for (const SettlementLine& l : s.lines) out.drawn_by[l.decision_id].insert(s.provider);
    if (!plan_.Commits(s.provider)) continue;
    ProviderShare& share = out.shares[s.provider];
    for (UnpaidRemainder& u : s.unpaid) share.unpaid.push_back(std::move(u));
    share.month = HeldOrNot(std::move(s.lines), rulebook, drawn[s.provider]);
  }
  if (plan_.rerun) {  // the providers that settled this month before: as it settles now?
    auto diffs = Differences(plan_.month, settled.current, stored, plan_.closed);
    if (!diffs.ok()) return diffs.error();
    if (!diffs.value().empty()) out.clean = false;
  }
  for (const MonthSettlement& then : settled.earlier) {
    const YearMonth m = then.month;
    if (!g.months.count(m)) continue;  // no event of the group's
    for (const Settlement& s : then.settlements) out.providers.insert(s.provider);
    auto diffs = Differences(m, then, stored, plan_.closed);
    if (!diffs.ok()) return diffs.error();
    for (auto& [provider, adj] : diffs.value()) {
      // A provider whose lines of m are all gone now (voided) has only
      // these credits, and a settlement for them all the same.
      out.providers.insert(provider);
      if (!plan_.Commits(provider)) {
        out.clean = false;
        continue;
      }
      out.shares[provider].corrections[m] = HeldOrNot(std::move(adj), rulebook, drawn[provider]);
    }
  }
  if (!settled.earlier.empty() && settled.earlier.back().month == plan_.previous) {
    KeepPrevious(settled.earlier, known, out);
  }
  KeepBalances(settled.current, drawn, out);
  return out;
}

std::vector<store::BalanceRow> IdleStatements(const RunPlan& plan, const SettleContext& ctx,
                                              const std::set<std::string>& settled) {
  DecisionBook idle;
  for (const auto& [id, d] : ctx.decisions->all()) {
    if (!d.balance || settled.count(id)) continue;
    AddDecision(*ctx.decisions, plan.absences, d, idle);
  }
  const SettleContext with_idle{ctx.rulebook, ctx.providers, &idle, ctx.reference_kind};
  std::vector<store::BalanceRow> out;
  for (const BalanceStatement& b : SettleMonth(with_idle, {}, plan.month).balances) {
    out.push_back(BalanceRowOf(b));
  }
  return out;
}

}  // namespace seteli::invoicing
