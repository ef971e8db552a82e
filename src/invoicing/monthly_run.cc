#include "invoicing/monthly_run.h"

#include <Poco/Exception.h>
#include <Poco/UUIDGenerator.h>

#include <algorithm>
#include <functional>
#include <future>
#include <map>
#include <set>
#include <unordered_map>

#include "formats/settlement_json.h"
#include "invoicing/batch_files.h"
#include "invoicing/carry_plan.h"
#include "invoicing/event_groups.h"
#include "invoicing/line_spill.h"
#include "invoicing/review_queue.h"
#include "invoicing/run_checkpoint.h"
#include "invoicing/spill_writer.h"
#include "invoicing/stored_events.h"
#include "seteli/adjustment.h"

namespace seteli::invoicing {
namespace {

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
Result<std::vector<SettlementLine>> LastSettled(const std::vector<const store::SettlementLineRow*>& rows) {
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

// Which months are closed: for each provider the months it has a
// settlement for, and the months a run for every provider completed.
struct ClosedMonths {
  std::map<std::string, std::set<YearMonth>> settled;
  std::set<YearMonth> fully_run;

  bool Closed(const std::string& provider, YearMonth m) const {
    if (fully_run.count(m)) return true;
    auto it = settled.find(provider);
    return it != settled.end() && it->second.count(m) > 0;
  }
  bool Any(YearMonth m) const {
    if (fully_run.count(m)) return true;
    for (const auto& [p, months] : settled) {
      if (months.count(m)) return true;
    }
    return false;
  }
};

Result<ClosedMonths> FindClosedMonths(store::Store& store, const std::set<YearMonth>& months) {
  ClosedMonths out;
  auto settled = store.SettledMonths();
  if (!settled.ok()) return settled.error();
  for (const auto& [provider, month] : settled.value()) {
    if (auto m = YearMonth::Parse(month); m.ok()) out.settled[provider].insert(m.value());
  }
  for (YearMonth m : months) {
    auto runs = store.ListRuns(m.ToString());
    if (!runs.ok()) return runs.error();
    for (const auto& r : runs.value()) {
      if (r.provider.empty() && store::RanThrough(r)) out.fully_run.insert(m);
    }
  }
  return out;
}

// What the run has of one provider's month while it settles group after
// group: the lines in temporary files, running totals, and what would hold
// the settlement (HoldReason's checks, made on each group's lines as they
// come: the first line that fails, else the lowest balance decision the
// lines draw on that closes below zero).
struct ProviderLines {
  LineSpill current;
  std::map<YearMonth, LineSpill> adjustments;  // by the month corrected
  Money price, voucher, copay;
  int adjustment_lines = 0;
  std::optional<std::string> current_reason;
  std::map<YearMonth, std::string> adjustment_reasons;
  std::optional<BalanceStatement> below_zero;
  // Client-free remainders the voucher did not pay (in no total).
  std::vector<UnpaidRemainder> unpaid;

  int64_t count() const {
    int64_t n = current.count();
    for (const auto& [m, spill] : adjustments) n += spill.count();
    return n;
  }
  std::optional<Error> error() const {
    if (current.error()) return current.error();
    for (const auto& [m, spill] : adjustments) {
      if (spill.error()) return spill.error();
    }
    return std::nullopt;
  }
  std::optional<std::string> HoldReason(const Rulebook& rulebook) const {
    if (current_reason) return current_reason;
    if (!adjustment_reasons.empty()) return adjustment_reasons.begin()->second;
    if (below_zero) return seteli::HoldReason(Settlement{}, rulebook, {*below_zero});
    return std::nullopt;
  }
  // Every spill from its first line: this month's, then the corrections by
  // month.
  void Rewind() {
    current.Rewind();
    for (auto& [m, spill] : adjustments) spill.Rewind();
  }
  std::optional<LineSpill::Entry> Next() {
    if (auto e = current.Next()) return e;
    for (auto& [m, spill] : adjustments) {
      if (auto e = spill.Next()) return e;
    }
    return std::nullopt;
  }
};

// Queues one group's lines of a provider for its spill, adds them to the
// totals, notes the decisions they draw on and, when `reason` has none yet,
// the first line that would hold the settlement.
void Spill(std::vector<SettlementLine> lines, const Rulebook& rulebook, SpillWriter& writer,
           LineSpill& spill, ProviderLines& p, std::optional<std::string>& reason,
           std::set<std::string>& decisions) {
  Settlement chunk;
  for (const SettlementLine& l : lines) {
    p.price += l.price;
    p.voucher += l.voucher;
    p.copay += l.copay;
    chunk.price_total += l.price;
    chunk.voucher_total += l.voucher;
    chunk.copay_total += l.copay;
    decisions.insert(l.decision_id);
  }
  if (!reason) {
    chunk.lines = std::move(lines);
    reason = seteli::HoldReason(chunk, rulebook, {});
    lines = std::move(chunk.lines);
  }
  writer.Add(&spill, std::move(lines));
}

// A stored line's row from a spilled one.
store::SettlementLineRow RowOf(const std::string& provider, const std::string& month, int no,
                               LineSpill::Entry&& e) {
  const SettlementLine& l = e.line;
  return {provider, month, no, l.event_id, l.decision_id,
          l.original_month ? l.original_month->ToString() : "", l.service,
          l.price.cents(), l.voucher.cents(), l.copay.cents(), std::move(e.json)};
}

// One batch's events, read and parsed (MonthlyRun::Execute's read_batch).
struct BatchRead {
  std::unordered_map<size_t, std::vector<Event>> events_of;  // by group
  // Carried groups that read their history after all.
  std::vector<size_t> to_history;
  int64_t events_read = 0;
  std::vector<store::SettlementLineRow> stored;
  std::unordered_map<size_t, std::vector<size_t>> stored_by_group;  // indexes into `stored`
};

// Of the month's balance statements as this run settles them, those it
// may write: a settled month's statements never change (they are what the
// client was sent, and what the month's lines are reconciled with), so a
// statement stored before is replaced only along with a settlement this
// run wrote whose lines draw on it (the month run for one provider, then
// for the others); a missing one is always written.
Result<std::vector<store::BalanceRow>> StatementsToWrite(
    store::Store& store, YearMonth month, const std::vector<store::BalanceRow>& rows,
    const std::map<std::string, std::set<std::string>>& drawn_by,
    const std::set<std::string>& committed) {
  auto stored = store.ListBalanceStatements(month.ToString());
  if (!stored.ok()) return stored.error();
  std::set<std::string> before;
  for (const store::BalanceRow& b : stored.value()) before.insert(b.decision_id);
  std::vector<store::BalanceRow> out;
  for (const store::BalanceRow& b : rows) {
    bool with_settlement = false;
    if (auto it = drawn_by.find(b.decision_id); it != drawn_by.end()) {
      for (const std::string& p : it->second)
        with_settlement = with_settlement || committed.count(p);
    }
    if (with_settlement || !before.count(b.decision_id)) out.push_back(b);
  }
  return out;
}

// "2 events wait for review: E-1, E-2" for the run's message, naming at
// most the first 20.
std::string AwaitingReviewText(const std::vector<std::string>& ids) {
  std::string text = std::to_string(ids.size()) +
                     (ids.size() == 1 ? " event waits" : " events wait") +
                     " for review (tarkastettavana): ";
  for (size_t i = 0; i < ids.size() && i < 20; ++i) text += (i ? ", " : "") + ids[i];
  if (ids.size() > 20) text += ", ...";
  return text;
}

}  // namespace

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kSettled: return "settled";
    case Outcome::kHeld: return "held";
    case Outcome::kAlreadySettled: return "already_settled";
    case Outcome::kNothingToSettle: return "nothing_to_settle";
  }
  return "?";
}

MonthlyRun::MonthlyRun(store::Store& store, const SettleContext& ctx, SelfBillingDrafter drafter)
    : store_(store), ctx_(ctx), drafter_(std::move(drafter)) {}

Result<RunReport> MonthlyRun::Execute(const RunOptions& o, const RunProgress& progress) {
  RunReport report;
  store::RunRecord& run = report.record;
  run.run_id = o.run_id.empty() ? Poco::UUIDGenerator::defaultGenerator().createRandom().toString()
                                : o.run_id;
  run.month = o.month.ToString();
  run.provider = o.provider.value_or("");
  run.state = "running";
  run.lease_seconds = o.lease_seconds;
  std::optional<RunLease> lease;  // renewed between the writes of the record too
  if (!o.dry_run) lease.emplace(store_, run.run_id, o.lease_seconds);
  const Rulebook& rulebook = *ctx_.rulebook;
  auto gate = ReviewGate::Load(store_, rulebook, run.run_id);
  if (!gate.ok()) return gate.error();
  ReviewGate& review = gate.value();

  // The registry's decisions are not copied: each group gets its own with
  // the store's housing absences.
  const DecisionBook& book = *ctx_.decisions;
  auto absences = LoadAbsencesByDecision(store_);
  if (!absences.ok()) return absences.error();
  auto add_decision = [&](DecisionBook& to, const Decision& d) {
    to.Add(d);
    for (const Absence& a : book.AbsencesOf(d.id)) to.AddAbsence(a);
    if (auto it = absences.value().find(d.id); it != absences.value().end()) {
      for (const Absence& a : it->second) to.AddAbsence(a);
    }
  };
  auto planned = PlanEventGroups(store_, book, o.month, o.batch_events);
  if (!planned.ok()) return planned.error();
  const EventPlan& plan = planned.value();
  auto found = FindClosedMonths(store_, plan.months);
  if (!found.ok()) return found.error();
  const ClosedMonths& closed = found.value();
  // The earlier months some provider has closed: only there can events
  // recorded since need prior_period lines.
  bool corrections = false;
  for (YearMonth m : plan.months) corrections = corrections || (m < o.month && closed.Any(m));
  // Whether some provider settled this month before: its lines are then
  // compared with the month as it settles now (see `clean` below).
  const bool rerun = closed.Any(o.month);

  // Which month each group may start after (carry_plan.h): most the
  // previous month, some an earlier one, the rest their first month.
  const CheckpointDigest digest(ctx_, absences.value());
  const YearMonth previous = o.month.prev();
  CarryPlan carries;
  carries.after.resize(plan.groups.size());
  if (!o.full_history) {
    auto planned_carries = PlanCarries(store_, plan, book, digest, o.month);
    if (!planned_carries.ok()) return planned_carries.error();
    carries = std::move(planned_carries.value());
  }
  std::vector<std::optional<YearMonth>>& carry = carries.after;

  // Settles each group as SettleMonth would settle it among all the events:
  // the same lines, rejections and balance statements.
  std::set<std::string> providers;  // with lines this month or in an earlier one
  std::map<std::string, ProviderLines> lines;
  SpillWriter spill_writer;  // declared after `lines`: it stops before their files close
  std::vector<store::BalanceRow> balance_rows;
  std::set<std::string> settled_decisions;
  // A group is clean when, after this run, every closed month up to this
  // one agrees with its stored lines for every provider: whatever differs
  // goes into a settlement this run commits (must_commit), else the group
  // is not clean. The next month's run trusts only clean groups.
  std::vector<char> clean(plan.groups.size(), 1);
  // The groups that settle the previous month again, with the providers
  // with lines up to it: a checkpoint of the previous month is written
  // for them too, so a late event of this month sends them back one month
  // only (a client whose provider records late every month).
  std::vector<char> previous_again(plan.groups.size(), 0);
  std::vector<std::set<std::string>> providers_before(plan.groups.size());
  // Their closing balances of the previous month as settled again, for
  // those checkpoints, by decision (less than the month's statement when
  // the event recorded late used some of it).
  std::map<std::string, int64_t> closing_previous;
  // Per group, the providers with lines in a month up to this one: a
  // provider with lines only in earlier months is reported
  // nothing_to_settle.
  std::vector<std::set<std::string>> group_providers(plan.groups.size());
  std::map<std::string, std::set<size_t>> must_commit;  // provider -> groups
  // Per decision, the providers with lines of this month on it: its
  // balance statement is written only with one of their settlements.
  std::map<std::string, std::set<std::string>> drawn_by;
  auto wanted = [&](const std::string& p) {
    return (!o.provider || *o.provider == p) && !closed.Closed(p, o.month);
  };
  auto settle_group = [&](size_t gi, const std::vector<Event>& events,
                          std::optional<YearMonth> after,
                          const std::vector<const store::SettlementLineRow*>& stored)
      -> Result<store::Done> {
    const EventGroup& g = plan.groups[gi];
    DecisionBook group_book;
    CarriedBalances from{after.value_or(previous), {}};
    for (const std::string& id : g.decision_ids) {
      const Decision* d = book.Find(id);
      if (!d) continue;  // its events are rejected as of an unknown decision
      add_decision(group_book, *d);
      settled_decisions.insert(id);
      if (auto it = carries.closing.find(id); after && it != carries.closing.end()) {
        from.closing.insert(*it);
      }
    }
    const SettleContext ctx{&rulebook, ctx_.providers, &group_book, ctx_.reference_kind};
    // A group read from its first month, or from after an earlier month,
    // settles every month up to this one in one pass, the earlier ones to
    // compare with their stored lines.
    std::vector<MonthSettlement> earlier;
    MonthSettlement current;
    // Without the events that wait for review or were refused; a flagged
    // event with no review yet is queued, and the group settled again
    // without it (review_queue.h).
    std::vector<Event> admitted;
    std::span<const Event> settled_events = events;
    if (review.Admit(events, &admitted)) settled_events = admitted;
    std::set<std::string> paid_before;
    for (const store::SettlementLineRow* r : stored) paid_before.insert(r->event_id);
    for (bool again = true; again;) {
      earlier.clear();
      if (after == previous) {
        current = SettleMonth(ctx, settled_events, o.month, from);
      } else {
        if (after) {
          earlier = SettleMonths(ctx, settled_events, after->next(), o.month, from);
        } else {
          const YearMonth first = g.months.empty() ? o.month : std::min(*g.months.begin(), o.month);
          earlier = SettleMonths(ctx, settled_events, first, o.month);
        }
        current = std::move(earlier.back());
        earlier.pop_back();
      }
      std::vector<const MonthSettlement*> months{&current};
      for (const MonthSettlement& m : earlier) months.push_back(&m);
      again = review.Flag(months, paid_before) && review.Admit(events, &admitted);
      if (again) settled_events = admitted;
    }
    // While an event waits, no later run may trust this group's checkpoint:
    // once approved, its month is settled again and the event paid.
    for (const Event& e : events) {
      if (review.Waiting(e.id)) clean[gi] = 0;
    }
    for (Rejection& r : current.rejected) report.rejected.push_back(std::move(r));
    // The providers with lines up to the month the group starts after.
    std::set<std::string> known;
    if (after) {
      for (const std::string& id : g.decision_ids) {
        const auto& of = carries.providers[id];
        known.insert(of.begin(), of.end());
      }
    }
    std::set<std::string>& seen = group_providers[gi];
    seen.insert(known.begin(), known.end());
    std::map<std::string, std::set<std::string>> decisions;  // provider -> drawn on
    // Of a closed month the lines as stored for each provider, and whether
    // they agree with `now`, the month as it settles today.
    auto compare = [&](YearMonth m, const MonthSettlement& now,
                       const std::function<Result<store::Done>(const std::string&, std::vector<SettlementLine>)>&
                           differs) -> Result<store::Done> {
      std::set<std::string> touched;  // providers with lines of m, now or as stored
      for (const Settlement& s : now.settlements) touched.insert(s.provider);
      std::map<std::string, std::vector<const store::SettlementLineRow*>> stored_of;
      for (const store::SettlementLineRow* r : stored) {
        if ((r->month == m.ToString() && r->original_month.empty()) || r->original_month == m.ToString()) {
          stored_of[r->provider].push_back(r);
          touched.insert(r->provider);
        }
      }
      for (const std::string& provider : touched) {
        if (!closed.Closed(provider, m)) continue;
        auto last = LastSettled(stored_of[provider]);
        if (!last.ok()) return last.error();
        auto adj = PriorPeriodAdjustments(last.value(), LinesOf(now, provider), m);
        if (adj.empty()) continue;
        if (auto r = differs(provider, std::move(adj)); !r.ok()) return r.error();
      }
      return store::Done{};
    };
    for (Settlement& s : current.settlements) {
      seen.insert(s.provider);
      for (const SettlementLine& l : s.lines) drawn_by[l.decision_id].insert(s.provider);
      if (!wanted(s.provider)) continue;
      must_commit[s.provider].insert(gi);
      ProviderLines& p = lines[s.provider];
      for (UnpaidRemainder& u : s.unpaid) p.unpaid.push_back(std::move(u));
      Spill(std::move(s.lines), rulebook, spill_writer, p.current, p, p.current_reason,
            decisions[s.provider]);
    }
    if (rerun) {  // the providers that settled this month before: as it settles now?
      auto r = compare(o.month, current, [&](const std::string&, std::vector<SettlementLine>) {
        clean[gi] = 0;
        return Result<store::Done>(store::Done{});
      });
      if (!r.ok()) return r.error();
    }
    for (const MonthSettlement& then : earlier) {
      const YearMonth m = then.month;
      if (!g.months.count(m)) continue;  // no event of the group's
      for (const Settlement& s : then.settlements) seen.insert(s.provider);
      auto r = compare(m, then, [&](const std::string& provider, std::vector<SettlementLine> adj) {
        // A provider whose lines of m are all gone now (voided) has only
        // these credits, and a settlement for them all the same.
        seen.insert(provider);
        if (!wanted(provider)) {
          clean[gi] = 0;
          return Result<store::Done>(store::Done{});
        }
        must_commit[provider].insert(gi);
        ProviderLines& p = lines[provider];
        p.adjustment_lines += static_cast<int>(adj.size());
        std::optional<std::string> reason;
        if (p.adjustment_reasons.count(m)) reason = p.adjustment_reasons[m];
        Spill(std::move(adj), rulebook, spill_writer, p.adjustments[m], p, reason,
              decisions[provider]);
        if (reason) p.adjustment_reasons.emplace(m, *reason);
        return Result<store::Done>(store::Done{});
      });
      if (!r.ok()) return r.error();
    }
    providers.insert(seen.begin(), seen.end());
    if (!earlier.empty() && earlier.back().month == previous) {
      std::set<std::string>& before = providers_before[gi];
      before = known;
      for (const MonthSettlement& then : earlier) {
        for (const Settlement& s : then.settlements) before.insert(s.provider);
      }
      previous_again[gi] = 1;
      for (const BalanceStatement& b : earlier.back().balances) {
        closing_previous[b.decision_id] = b.closing.cents();
      }
    }
    for (const BalanceStatement& b : current.balances) {
      balance_rows.push_back({b.decision_id, b.month.ToString(), b.client, b.opening.cents(),
                              b.accrual.cents(), b.used.cents(), b.closing.cents(), b.suspension_days});
      if (!b.closing.negative()) continue;
      for (const auto& [provider, drawn] : decisions) {
        ProviderLines& p = lines[provider];
        if (drawn.count(b.decision_id) && (!p.below_zero || b.decision_id < p.below_zero->decision_id)) {
          p.below_zero = b;
        }
      }
    }
    return store::Done{};
  };

  // The groups that start from carried balances read only their events
  // that reach this month; the others read their whole history. The
  // reading thread reads them for a window of batches at a time, in table
  // order, into a file per batch (BatchFiles), as `carry` is before those
  // batches are read.
  std::unique_ptr<BatchFiles> files;
  size_t files_end = 0;  // the window's end
  auto fill_window = [&](size_t from) -> Result<store::Done> {
    files_end = std::min(plan.batches.size(), from + std::max<size_t>(1, o.window_batches));
    std::vector<BatchWant> wants;
    for (size_t b = from; b < files_end; ++b) {
      // By the first month read: the month after the one a group starts
      // after; none for a group's whole history.
      std::map<std::optional<YearMonth>, BatchWant> by_first;
      const EventBatch& batch = plan.batches[b];
      for (size_t i = batch.first; i < batch.first + batch.count; ++i) {
        std::optional<YearMonth> first;
        if (carry[i]) first = carry[i]->next();
        BatchWant& w = by_first.try_emplace(first, BatchWant{b, {}, first}).first->second;
        w.decision_ids.insert(w.decision_ids.end(), plan.groups[i].decision_ids.begin(),
                              plan.groups[i].decision_ids.end());
      }
      for (auto& [first, w] : by_first) wants.push_back(std::move(w));
    }
    auto filled = BatchFiles::Fill(store_, wants, o.month);
    if (!filled.ok()) return filled.error();
    files = std::move(filled.value());
    return store::Done{};
  };

  // Reads one batch's events, parsed, and the stored lines to compare
  // them with. It runs on a thread of its own for the next batch while
  // this one settles (the store's sessions are pooled; SQLite's WAL lets a
  // reader run beside the writer), so it only reads `carry` for batches
  // not read yet and returns the carried groups it moves to their history
  // instead of changing `carry` itself.
  auto read_batch = [&](size_t b) -> Result<BatchRead> {
    const EventBatch& batch = plan.batches[b];
    BatchRead out;
    if (b >= files_end) {
      if (auto r = fill_window(b); !r.ok()) return r.error();
    }
    auto rows = files->Take(b);
    if (!rows.ok()) return rows.error();
    auto grouped = GroupEvents(plan, rows.value());
    if (!grouped.ok()) return grouped.error();
    // A carried group whose events a correction ties to earlier ones reads
    // its history after all.
    std::vector<size_t> history_groups, moved;
    for (size_t i = batch.first; i < batch.first + batch.count; ++i) {
      std::vector<Event>& events = grouped.value()[i];
      out.events_read += static_cast<int64_t>(events.size());
      if (!carry[i]) {
        history_groups.push_back(i);
        out.events_of[i] = std::move(events);
      } else if (CorrectionsWithin(plan, events)) {
        out.events_of[i] = std::move(events);
      } else {
        out.to_history.push_back(i);
        moved.push_back(i);
      }
    }
    auto whole = LoadGroups(store_, plan, moved, o.month, std::nullopt);
    if (!whole.ok()) return whole.error();
    for (size_t k = 0; k < moved.size(); ++k) {
      out.events_read += static_cast<int64_t>(whole.value()[k].size());
      out.events_of[moved[k]] = std::move(whole.value()[k]);
    }
    history_groups.insert(history_groups.end(), moved.begin(), moved.end());
    // The stored lines to compare with: of every month for the groups that
    // settle months before this one, of this month for the others.
    const std::set<size_t> from_history(history_groups.begin(), history_groups.end());
    std::vector<std::string> compared;
    for (size_t i = batch.first; i < batch.first + batch.count; ++i) {
      const bool months_before = from_history.count(i) || (carry[i] && *carry[i] < previous);
      if (rerun || (corrections && months_before)) {
        compared.insert(compared.end(), plan.groups[i].decision_ids.begin(),
                        plan.groups[i].decision_ids.end());
      }
    }
    if (!compared.empty()) {
      auto rows = store_.LinesOfDecisions(compared);
      if (!rows.ok()) return rows.error();
      out.stored = std::move(rows.value());
    }
    std::unordered_map<std::string, size_t> group_of_event;
    for (const auto& [gi, events] : out.events_of) {
      for (const Event& e : events) group_of_event[e.id] = gi;
    }
    for (size_t k = 0; k < out.stored.size(); ++k) {
      if (auto it = group_of_event.find(out.stored[k].event_id); it != group_of_event.end()) {
        out.stored_by_group[it->second].push_back(k);
      }
    }
    return out;
  };

  // Batch after batch, the next one read while this one settles.
  std::future<Result<BatchRead>> next;
  if (!plan.batches.empty()) next = std::async(std::launch::async, read_batch, 0);
  for (size_t b = 0; b < plan.batches.size(); ++b) {
    const EventBatch& batch = plan.batches[b];
    Result<BatchRead> read = next.get();
    if (!read.ok()) return read.error();
    BatchRead& r = read.value();
    for (size_t gi : r.to_history) carry[gi] = std::nullopt;
    report.events_read += r.events_read;
    if (b + 1 < plan.batches.size()) {
      next = std::async(std::launch::async, read_batch, b + 1);
    }
    for (size_t i = batch.first; i < batch.first + batch.count; ++i) {
      (!carry[i]                ? report.groups_from_history
       : *carry[i] == previous ? report.groups_carried
                               : report.groups_from_earlier) += 1;
      std::vector<const store::SettlementLineRow*> stored;
      for (size_t k : r.stored_by_group[i]) stored.push_back(&r.stored[k]);
      auto done = settle_group(i, r.events_of[i], carry[i], stored);
      if (!done.ok()) return done.error();
      r.events_of.erase(i);
    }
  }
  {  // The balance decisions no event draws on still have their statements.
    DecisionBook idle;
    for (const auto& [id, d] : book.all()) {
      if (!d.balance || settled_decisions.count(id)) continue;
      add_decision(idle, d);
    }
    const SettleContext ctx{&rulebook, ctx_.providers, &idle, ctx_.reference_kind};
    for (const BalanceStatement& b : SettleMonth(ctx, {}, o.month).balances) {
      balance_rows.push_back({b.decision_id, b.month.ToString(), b.client, b.opening.cents(),
                              b.accrual.cents(), b.used.cents(), b.closing.cents(), b.suspension_days});
    }
  }
  std::stable_sort(report.rejected.begin(), report.rejected.end(),
                   [](const Rejection& a, const Rejection& b) { return a.line < b.line; });
  spill_writer.Finish();
  for (auto& [p, spilled] : lines) {
    if (auto e = spilled.error()) return *e;
  }

  if (o.provider) providers = {*o.provider};
  run.providers_total = static_cast<int>(providers.size());
  if (!o.dry_run) {
    if (auto r = store_.PutRun(run); !r.ok()) return r.error();
    // Queued before any settlement that leaves them out is committed.
    if (!review.queued().empty()) {
      auto r =
          store_.QueueReviews(review.queued(), {o.actor, "review.queue",
                                                std::to_string(review.queued().size()) + " events",
                                                "run " + run.run_id});
      if (!r.ok()) return r.error();
    }
    // Until this run has finished, no later run may trust what an earlier
    // one left of these decisions for the months this one may commit lines
    // of: from the month after the one each group starts after on.
    std::vector<std::pair<std::string, std::string>> open;
    for (size_t gi = 0; gi < plan.groups.size(); ++gi) {
      const std::string first = carry[gi] ? carry[gi]->next().ToString() : "";
      for (const std::string& id : plan.groups[gi].decision_ids) open.emplace_back(id, first);
    }
    if (auto r = store_.OpenCheckpoints(open); !r.ok()) return r.error();
  }

  // Each run starts at its own provider (by its ID), so runs of one month
  // on several daemons split the providers between them; the commit's
  // check under a lock settles each provider-month once whoever comes first.
  std::vector<std::string> order(providers.begin(), providers.end());
  if (!order.empty()) {
    std::rotate(order.begin(), order.begin() + std::hash<std::string>{}(run.run_id) % order.size(),
                order.end());
  }
  std::set<std::string> committed;  // providers whose settlement this run wrote
  for (const std::string& p : order) {
    ProviderOutcome out;
    out.provider = p;
    Settlement& s = out.settlement;
    s.provider = p;
    s.month = o.month;
    s.reference = SettlementReference(p, o.month, ctx_.reference_kind);
    ProviderLines* spilled = nullptr;
    if (closed.Closed(p, o.month)) {
      out.outcome = Outcome::kAlreadySettled;
      ++run.skipped;
    } else if (auto it = lines.find(p); it == lines.end() || it->second.count() == 0) {
      out.outcome = Outcome::kNothingToSettle;
    } else {
      spilled = &it->second;
      s.price_total = spilled->price;
      s.voucher_total = spilled->voucher;
      s.copay_total = spilled->copay;
      s.unpaid = spilled->unpaid;
      std::sort(s.unpaid.begin(), s.unpaid.end(),
                [](const UnpaidRemainder& a, const UnpaidRemainder& b) {
                  return std::tie(a.date, a.event_id) < std::tie(b.date, b.event_id);
                });
      out.line_count = static_cast<int>(spilled->count());
      out.adjustment_lines = spilled->adjustment_lines;
      auto hold = spilled->HoldReason(rulebook);
      out.outcome = hold ? Outcome::kHeld : Outcome::kSettled;
      out.held_reason = hold.value_or("");
    }
    if (spilled) {
      const Provider* provider = ctx_.providers->Find(p);
      bool self_billing = drafter_ && provider && provider->self_billing && out.outcome == Outcome::kSettled;
      outbound::internal::InvoiceRowGrouper grouper;
      if (self_billing || o.keep_lines) {
        spilled->Rewind();
        while (auto e = spilled->Next()) {
          if (self_billing) grouper.Add(e->line);
          if (!o.keep_lines) continue;
          auto line = formats::ParseLineJson(e->json);
          if (!line.ok()) return Error{"spill_failed", line.error().message};
          s.lines.push_back(std::move(line.value()));
        }
        if (auto e = spilled->error()) return *e;
      }
      const std::vector<outbound::internal::InvoiceRowGroup> rows = grouper.Rows();
      store::SettlementWrite w;
      w.settlement = {p, run.month, out.outcome == Outcome::kHeld ? store::kHeld : store::kSettled,
                      s.reference, rulebook.version, s.price_total.cents(),
                      s.voucher_total.cents(), s.copay_total.cents(), out.line_count,
                      out.held_reason, run.run_id, std::nullopt,
                      formats::SettlementHeadJsonText(s, out.line_count)};
      // The lines go to the store 5,000 at a time, the next chunk read
      // from the file on another thread while the store writes this one.
      int no = 0;
      auto read_chunk = [&] {
        std::vector<store::SettlementLineRow> chunk;
        while (chunk.size() < 5000) {
          auto e = spilled->Next();
          if (!e) break;
          chunk.push_back(RowOf(p, run.month, ++no, std::move(*e)));
        }
        return chunk;
      };
      std::future<std::vector<store::SettlementLineRow>> ahead;
      w.more_lines = [&](std::vector<store::SettlementLineRow>* chunk) {
        if (!ahead.valid()) {
          spilled->Rewind();
          ahead = std::async(std::launch::async, read_chunk);
        }
        *chunk = ahead.get();
        // A line missing from the file must not leave a settlement short.
        if (auto e = spilled->error()) throw Poco::IOException(e->message);
        if (chunk->empty()) return false;
        ahead = std::async(std::launch::async, read_chunk);
        return true;
      };
      std::optional<int64_t> number;
      if (self_billing) {
        auto corrected = CorrectedInvoices(store_, p, rows);
        if (!corrected.ok()) return corrected.error();
        SelfBillingDraft draft{s, rows, *provider, rulebook, 1, std::move(corrected.value())};
        // Drawn up once outside the transaction so a settlement whose
        // invoice cannot be made is held, not half-written.
        if (auto trial = drafter_(draft); !trial.ok()) {
          out.outcome = Outcome::kHeld;
          out.held_reason = "self-billing invoice cannot be drawn up: " + trial.error().message;
          w.settlement.state = store::kHeld;
          w.settlement.held_reason = out.held_reason;
        } else {
          w.self_billing_message = [&, draft](int64_t n) mutable {
            number = draft.invoice_number = n;
            return drafter_(draft).value();
          };
        }
      }
      if (!o.dry_run) {
        auto written = store_.CommitSettlement(
            w, {o.actor, "settlements.commit", p + " " + run.month, "run " + run.run_id});
        if (!written.ok()) return written.error();
        if (!written.value()) out.outcome = Outcome::kAlreadySettled;  // another run was first
      }
      if (out.outcome != Outcome::kAlreadySettled) committed.insert(p);
      if (out.outcome == Outcome::kAlreadySettled) {
        for (size_t gi : must_commit[p]) clean[gi] = 0;  // its lines are another run's
      }
      out.invoice_number = number;
      if (out.outcome == Outcome::kSettled) ++run.settled;
      if (out.outcome == Outcome::kHeld) ++run.held;
      if (out.outcome == Outcome::kAlreadySettled) ++run.skipped;
    }
    ++run.providers_done;
    report.providers.push_back(std::move(out));
    if (!o.dry_run) {
      if (auto r = store_.PutRun(run); !r.ok()) return r.error();  // progress for GET /v1/runs
    }
    if (progress) progress(run.providers_done, run.providers_total, p);
  }

  std::sort(report.providers.begin(), report.providers.end(),
            [](const ProviderOutcome& a, const ProviderOutcome& b) { return a.provider < b.provider; });
  if (!o.dry_run) {
    std::sort(balance_rows.begin(), balance_rows.end(),
              [](const store::BalanceRow& a, const store::BalanceRow& b) { return a.decision_id < b.decision_id; });
    auto statements = StatementsToWrite(store_, o.month, balance_rows, drawn_by, committed);
    if (!statements.ok()) return statements.error();
    if (auto r = store_.PutBalanceStatements(statements.value()); !r.ok()) return r.error();
    // What the next month's run may trust, now that the statements are in;
    // this month's closing balances are theirs.
    std::map<std::string, int64_t> closing_now;
    for (const store::BalanceRow& b : balance_rows) closing_now[b.decision_id] = b.closing;
    auto closing = [](const std::map<std::string, int64_t>& of, const std::string& id) {
      auto c = of.find(id);
      return c == of.end() ? std::nullopt : std::optional<int64_t>(c->second);
    };
    std::vector<store::CheckpointRow> checkpoints;
    for (size_t gi = 0; gi < plan.groups.size(); ++gi) {
      const std::string seen = JoinProviders(group_providers[gi]);
      const std::string before = JoinProviders(providers_before[gi]);
      for (const std::string& id : plan.groups[gi].decision_ids) {
        std::string d = clean[gi] ? digest.Of(id, plan.EventsThrough(id)) : "";
        checkpoints.push_back({id, run.month, std::move(d), seen, closing(closing_now, id)});
        if (clean[gi] && previous_again[gi]) {
          checkpoints.push_back({id, previous.ToString(), digest.Of(id, plan.EventsBefore(id)),
                                 before, closing(closing_previous, id)});
        }
      }
    }
    if (auto r = store_.PutCheckpoints(checkpoints); !r.ok()) return r.error();
    YearMonth oldest = o.month;
    for (int i = 0; i < kCheckpointMonths; ++i) oldest = oldest.prev();
    if (auto r = store_.PruneCheckpoints(oldest.ToString()); !r.ok()) return r.error();
  }
  report.nothing_new = run.settled == 0 && run.held == 0;
  run.state = "done";
  run.message = report.nothing_new ? "nothing new: the month was settled before"
                                   : std::to_string(run.settled) + " settled, " +
                                         std::to_string(run.held) + " held";
  report.awaiting_review = review.WaitingThrough(o.month);
  report.review_queued = static_cast<int>(review.queued().size());
  if (!report.awaiting_review.empty())
    run.message += "; " + AwaitingReviewText(report.awaiting_review);
  if (!o.dry_run && o.store_done) {
    if (auto r = store_.PutRun(run); !r.ok()) return r.error();
  }
  return report;
}

}  // namespace seteli::invoicing
