#include "invoicing/monthly_run.h"

#include <Poco/UUIDGenerator.h>

#include <algorithm>
#include <map>
#include <set>

#include "formats/settlement_json.h"
#include "invoicing/stored_events.h"
#include "seteli/adjustment.h"

namespace seteli::invoicing {
namespace {

std::string Stringify(const Poco::JSON::Object::Ptr& o) {
  std::ostringstream s;
  o->stringify(s);
  return s.str();
}

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
Result<std::vector<SettlementLine>> LastSettled(const std::vector<store::SettlementLineRow>& rows) {
  std::map<std::string, std::string> newest_month;  // event -> settlement month
  for (const auto& r : rows) {
    std::string& m = newest_month[r.event_id];
    if (r.month > m) m = r.month;
  }
  std::vector<SettlementLine> out;
  for (const auto& r : rows) {
    if (r.month != newest_month[r.event_id]) continue;
    auto line = formats::ParseLineJson(r.body);
    if (!line.ok()) return Error{"store_corrupt", line.error().message};
    if (line.value().quantity.milli() > 0) out.push_back(std::move(line.value()));
  }
  return out;
}

std::vector<store::SettlementLineRow> Rows(const Settlement& s) {
  std::vector<store::SettlementLineRow> rows;
  int no = 0;
  for (const SettlementLine& l : s.lines) {
    rows.push_back({s.provider, s.month.ToString(), ++no, l.event_id,
                    l.original_month ? l.original_month->ToString() : "", l.service,
                    l.price.cents(), l.voucher.cents(), l.copay.cents(),
                    Stringify(formats::LineJson(l))});
  }
  return rows;
}

void Total(Settlement& s) {
  s.price_total = s.voucher_total = s.copay_total = Money();
  for (const SettlementLine& l : s.lines) {
    s.price_total += l.price;
    s.voucher_total += l.voucher;
    s.copay_total += l.copay;
  }
}

// The balance statements of the decisions a provider's lines draw on.
std::vector<BalanceStatement> BalancesOf(const MonthSettlement& m, const Settlement& s) {
  std::set<std::string> decisions;
  for (const SettlementLine& l : s.lines) decisions.insert(l.decision_id);
  std::vector<BalanceStatement> out;
  for (const BalanceStatement& b : m.balances) {
    if (decisions.count(b.decision_id)) out.push_back(b);
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
};

Result<ClosedMonths> FindClosedMonths(store::Store& store, const std::set<YearMonth>& months) {
  ClosedMonths out;
  auto settlements = store.ListSettlements("", "");
  if (!settlements.ok()) return settlements.error();
  for (const auto& s : settlements.value()) {
    if (auto m = YearMonth::Parse(s.month); m.ok()) out.settled[s.provider].insert(m.value());
  }
  for (YearMonth m : months) {
    auto runs = store.ListRuns(m.ToString());
    if (!runs.ok()) return runs.error();
    for (const auto& r : runs.value()) {
      if (r.provider.empty() && r.state == "done") out.fully_run.insert(m);
    }
  }
  return out;
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

  auto loaded = LoadStoredEvents(store_, o.month);
  if (!loaded.ok()) return loaded.error();
  auto absences = LoadStoredAbsences(store_, *ctx_.decisions);
  if (!absences.ok()) return absences.error();
  const SettleContext ctx{ctx_.rulebook, ctx_.providers, &absences.value(), ctx_.reference_kind};
  const std::vector<Event>& events = loaded.value().events;
  std::set<YearMonth> months = loaded.value().months;
  auto closed = FindClosedMonths(store_, months);
  if (!closed.ok()) return closed.error();

  MonthSettlement current = SettleMonth(ctx, events, o.month);
  report.rejected = current.rejected;
  // Earlier months as they settle today, for the corrections to closed ones.
  std::map<YearMonth, MonthSettlement> earlier;
  for (YearMonth m : months) {
    if (m < o.month) earlier.emplace(m, SettleMonth(ctx, events, m));
  }

  std::set<std::string> providers;
  for (const Settlement& s : current.settlements) providers.insert(s.provider);
  for (const auto& [m, ms] : earlier) {
    for (const Settlement& s : ms.settlements) providers.insert(s.provider);
  }
  if (o.provider) providers = {*o.provider};
  run.providers_total = static_cast<int>(providers.size());
  if (!o.dry_run) {
    if (auto r = store_.PutRun(run); !r.ok()) return r.error();
  }

  // Each run starts at its own provider (by its ID), so runs of one month
  // on several daemons split the providers between them; the commit's
  // check under a lock settles each provider-month once whoever comes first.
  std::vector<std::string> order(providers.begin(), providers.end());
  if (!order.empty()) {
    std::rotate(order.begin(), order.begin() + std::hash<std::string>{}(run.run_id) % order.size(),
                order.end());
  }
  for (const std::string& p : order) {
    ProviderOutcome out;
    out.provider = p;
    Settlement& s = out.settlement;
    s.provider = p;
    s.month = o.month;
    s.reference = SettlementReference(p, o.month, ctx.reference_kind);
    if (closed.value().Closed(p, o.month)) {
      out.outcome = Outcome::kAlreadySettled;
      ++run.skipped;
    } else {
      s.lines = LinesOf(current, p);
      for (const auto& [m, ms] : earlier) {
        if (!closed.value().Closed(p, m)) continue;
        auto stored = store_.LinesForMonth(p, m.ToString());
        if (!stored.ok()) return stored.error();
        auto last = LastSettled(stored.value());
        if (!last.ok()) return last.error();
        auto adj = PriorPeriodAdjustments(last.value(), LinesOf(ms, p), m);
        out.adjustment_lines += static_cast<int>(adj.size());
        for (SettlementLine& l : adj) s.lines.push_back(std::move(l));
      }
      Total(s);
      if (s.lines.empty()) {
        out.outcome = Outcome::kNothingToSettle;
      } else {
        auto hold = HoldReason(s, *ctx.rulebook, BalancesOf(current, s));
        out.outcome = hold ? Outcome::kHeld : Outcome::kSettled;
        out.held_reason = hold.value_or("");
      }
    }
    if (out.outcome == Outcome::kSettled || out.outcome == Outcome::kHeld) {
      const Provider* provider = ctx.providers->Find(p);
      store::SettlementWrite w;
      w.settlement = {p, run.month, out.outcome == Outcome::kHeld ? store::kHeld : store::kSettled,
                      s.reference, ctx.rulebook->version, s.price_total.cents(),
                      s.voucher_total.cents(), s.copay_total.cents(),
                      static_cast<int>(s.lines.size()), out.held_reason, run.run_id, std::nullopt,
                      Stringify(formats::SettlementJson(s))};
      w.lines = Rows(s);
      std::optional<int64_t> number;
      if (drafter_ && provider && provider->self_billing && out.outcome == Outcome::kSettled) {
        // Drawn up once outside the transaction so a settlement whose
        // invoice cannot be made is held, not half-written.
        if (auto trial = drafter_(s, *provider, *ctx.rulebook, 1); !trial.ok()) {
          out.outcome = Outcome::kHeld;
          out.held_reason = "self-billing invoice cannot be drawn up: " + trial.error().message;
          w.settlement.state = store::kHeld;
          w.settlement.held_reason = out.held_reason;
        } else {
          w.self_billing_message = [&](int64_t n) {
            number = n;
            return drafter_(s, *provider, *ctx.rulebook, n).value();
          };
        }
      }
      if (!o.dry_run) {
        auto committed = store_.CommitSettlement(
            w, {o.actor, "settlements.commit", p + " " + run.month, "run " + run.run_id});
        if (!committed.ok()) return committed.error();
        if (!committed.value()) out.outcome = Outcome::kAlreadySettled;  // another run was first
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
    std::vector<store::BalanceRow> rows;
    for (const BalanceStatement& b : current.balances) {
      rows.push_back({b.decision_id, b.month.ToString(), b.client, b.opening.cents(),
                      b.accrual.cents(), b.used.cents(), b.closing.cents(), b.suspension_days});
    }
    if (auto r = store_.PutBalanceStatements(rows); !r.ok()) return r.error();
  }
  report.nothing_new = run.settled == 0 && run.held == 0;
  run.state = "done";
  run.message = report.nothing_new ? "nothing new: the month was settled before"
                                   : std::to_string(run.settled) + " settled, " +
                                         std::to_string(run.held) + " held";
  if (!o.dry_run) {
    if (auto r = store_.PutRun(run); !r.ok()) return r.error();
  }
  return report;
}

}  // namespace seteli::invoicing
