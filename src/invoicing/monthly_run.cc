#include "invoicing/monthly_run.h"

#include <Poco/UUIDGenerator.h>

#include <algorithm>
#include <functional>
#include <future>
#include <set>

#include "invoicing/batch_reader.h"
#include "invoicing/credit_lines.h"
#include "invoicing/group_settlement.h"
#include "invoicing/month_lines.h"
#include "invoicing/month_statements.h"
#include "invoicing/provider_commit.h"
#include "invoicing/review_queue.h"
#include "invoicing/run_checkpoint.h"
#include "invoicing/run_checkpoints.h"
#include "invoicing/run_plan.h"
#include "invoicing/settled_groups.h"

namespace seteli::invoicing {
namespace {

store::RunRecord NewRecord(const RunOptions& o) {
  store::RunRecord run;
  run.run_id = o.run_id.empty() ? Poco::UUIDGenerator::defaultGenerator().createRandom().toString()
                                : o.run_id;
  run.month = o.month.ToString();
  run.provider = o.provider.value_or("");
  run.state = "running";
  run.lease_seconds = o.lease_seconds;
  return run;
}

// Settles every group, batch after batch, the next batch read on another
// thread while this one settles; counts in `report` how each group was
// read.
Result<store::Done> SettleAllGroups(store::Store& store, RunPlan& plan, GroupSettler& settler,
                                    size_t window_batches, MonthLines& lines, SettledGroups& groups,
                                    RunReport& report) {
  const std::vector<EventBatch>& batches = plan.events.batches;
  std::vector<std::optional<YearMonth>>& carry = plan.carries.after;
  BatchReader reader(store, plan, window_batches);
  auto read_batch = [&reader](size_t b) { return reader.Read(b); };
  std::future<Result<BatchRead>> next;  // declared after `reader`: waited for first
  if (!batches.empty()) next = std::async(std::launch::async, read_batch, 0);
  for (size_t b = 0; b < batches.size(); ++b) {
    Result<BatchRead> read = next.get();
    if (!read.ok()) return read.error();
    BatchRead& r = read.value();
    for (size_t gi : r.to_history) carry[gi] = std::nullopt;
    report.events_read += r.events_read;
    if (b + 1 < batches.size()) next = std::async(std::launch::async, read_batch, b + 1);
    for (size_t i = batches[b].first; i < batches[b].first + batches[b].count; ++i) {
      (!carry[i]                    ? report.groups_from_history
       : *carry[i] == plan.previous ? report.groups_carried
                                    : report.groups_from_earlier) += 1;
      auto outcome = settler.Settle(i, r.events_of[i], carry[i], r.StoredOf(i));
      if (!outcome.ok()) return outcome.error();
      groups.Add(i, outcome.value());
      lines.Add(std::move(outcome.value().shares));
      r.events_of.erase(i);
    }
  }
  return store::Done{};
}

// Before any settlement is committed: the run's record, the events it
// queued for review (before any settlement that leaves them out), and,
// until this run has finished, no later run may trust what an earlier one
// left of these decisions for the months this one may commit lines of.
Result<store::Done> BeginCommits(store::Store& store, const store::RunRecord& run,
                                 const ReviewGate& review, const RunPlan& plan,
                                 const std::string& actor) {
  if (auto r = store.PutRun(run); !r.ok()) return r.error();
  if (!review.queued().empty()) {
    auto r = store.QueueReviews(
        review.queued(), {actor, "review.queue", std::to_string(review.queued().size()) + " events",
                          "run " + run.run_id});
    if (!r.ok()) return r.error();
  }
  return store.OpenCheckpoints(OpenedCheckpoints(plan));
}

// Each run starts at its own provider (by its ID), so runs of one month
// on several daemons split the providers between them; the commit's
// check under a lock settles each provider-month once whoever comes first.
std::vector<std::string> StartingOrder(const std::set<std::string>& providers,
                                       const std::string& run_id) {
  std::vector<std::string> order(providers.begin(), providers.end());
  if (!order.empty()) {
    std::rotate(order.begin(), order.begin() + std::hash<std::string>{}(run_id) % order.size(),
                order.end());
  }
  return order;
}

// One provider's outcome: already settled (its month closed), nothing to
// settle, or committed now.
Result<ProviderOutcome> Conclude(ProviderCommitter& committer, const RunPlan& plan,
                                 MonthLines& lines, const std::string& p) {
  if (plan.closed.Closed(p, plan.month)) {
    return committer.Uncommitted(p, Outcome::kAlreadySettled);
  }
  ProviderLines* spilled = lines.Find(p);
  if (!spilled || spilled->count() == 0) return committer.Uncommitted(p, Outcome::kNothingToSettle);
  return committer.Commit(p, *spilled);
}

// Once every provider is committed: the month's balance statements, then
// the checkpoints the next month's run may trust, now that they are in.
Result<store::Done> CloseMonth(store::Store& store, const SettleContext& ctx, const RunPlan& plan,
                               const SettledGroups& groups, std::vector<store::BalanceRow> balances,
                               const std::set<std::string>& committed) {
  std::sort(balances.begin(), balances.end(),
            [](const store::BalanceRow& a, const store::BalanceRow& b) {
              return a.decision_id < b.decision_id;
            });
  auto statements = StatementsToWrite(store, plan.month, balances, groups.drawn_by, committed);
  if (!statements.ok()) return statements.error();
  if (auto r = store.PutBalanceStatements(statements.value()); !r.ok()) return r.error();
  const CheckpointDigest digest(ctx, plan.absences);
  if (auto r = store.PutCheckpoints(ClosingCheckpoints(plan, groups, balances, digest)); !r.ok()) {
    return r.error();
  }
  return store.PruneCheckpoints(OldestCheckpointKept(plan.month).ToString());
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
  store::RunRecord& run = report.record = NewRecord(o);
  std::optional<RunLease> lease;  // renewed between the writes of the record too
  if (!o.dry_run) lease.emplace(store_, run.run_id, o.lease_seconds);
  auto gate = ReviewGate::Load(store_, *ctx_.rulebook, run.run_id);
  if (!gate.ok()) return gate.error();
  ReviewGate& review = gate.value();
  auto planned = PlanRun(store_, ctx_, o);
  if (!planned.ok()) return planned.error();
  RunPlan& plan = planned.value();

  // Settling: every group into its outcome, its lines spilled.
  MonthLines lines;
  SettledGroups groups(plan.events.groups.size());
  GroupSettler settler(plan, ctx_, review);
  if (auto r = SettleAllGroups(store_, plan, settler, o.window_batches, lines, groups, report);
      !r.ok()) {
    return r.error();
  }
  std::vector<store::BalanceRow> balances = std::move(groups.balances);
  for (store::BalanceRow& b : IdleStatements(plan, ctx_, groups.decisions)) {
    balances.push_back(std::move(b));
  }
  report.rejected = std::move(groups.rejected);
  std::stable_sort(report.rejected.begin(), report.rejected.end(),
                   [](const Rejection& a, const Rejection& b) { return a.line < b.line; });
  // Organizer credits given since the providers' last runs.
  auto credits = PendingCredits(store_, plan);
  if (!credits.ok()) return credits.error();
  std::set<std::string> providers =
      o.provider ? std::set<std::string>{*o.provider} : groups.providers;
  for (auto& [p, list] : credits.value()) {
    report.credits_applied += static_cast<int>(list.size());
    providers.insert(p);
    lines.AddCredits(p, std::move(list));
  }
  if (auto e = lines.Finish()) return *e;

  // Committing: provider after provider.
  run.providers_total = static_cast<int>(providers.size());
  if (!o.dry_run) {
    if (auto r = BeginCommits(store_, run, review, plan, o.actor); !r.ok()) return r.error();
  }
  ProviderCommitter committer(store_, ctx_, drafter_, o, run.run_id);
  std::set<std::string> committed;  // providers whose settlement this run wrote
  for (const std::string& p : StartingOrder(providers, run.run_id)) {
    auto out = Conclude(committer, plan, lines, p);
    if (!out.ok()) return out.error();
    const Outcome outcome = out.value().outcome;
    if (outcome == Outcome::kSettled) ++run.settled;
    if (outcome == Outcome::kHeld) ++run.held;
    if (outcome == Outcome::kSettled || outcome == Outcome::kHeld) committed.insert(p);
    if (outcome == Outcome::kAlreadySettled) {
      if (ProviderLines* spilled = lines.Find(p)) {
        report.credits_applied -= static_cast<int>(spilled->credit_ids.size());
      }
      ++run.skipped;
      groups.NotCommitted(p);  // its lines are another run's
    }
    ++run.providers_done;
    report.providers.push_back(std::move(out.value()));
    if (!o.dry_run) {
      if (auto r = store_.PutRun(run); !r.ok()) return r.error();  // progress for GET /v1/runs
    }
    if (progress) progress(run.providers_done, run.providers_total, p);
  }
  std::sort(report.providers.begin(), report.providers.end(),
            [](const ProviderOutcome& a, const ProviderOutcome& b) { return a.provider < b.provider; });
  if (!o.dry_run) {
    if (auto r = CloseMonth(store_, ctx_, plan, groups, std::move(balances), committed); !r.ok()) {
      return r.error();
    }
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
