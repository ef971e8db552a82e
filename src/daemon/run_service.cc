#include "daemon/run_service.h"

#include <Poco/UUIDGenerator.h>

#include <algorithm>
#include <chrono>

#include "books/run_books_check.h"
#include "daemon/allocator.h"
#include "daemon/json_log.h"

namespace seteli::daemon {
RunSchedule ScheduleFor(const RunSchedule& configured, const Rulebook& rulebook) {
  RunSchedule s = configured;
  if (rulebook.settlement_day > 0) s.day = rulebook.settlement_day;
  return s;
}

std::optional<YearMonth> ScheduledMonth(const RunSchedule& schedule, Instant now) {
  LocalTime local = ToHelsinki(now);
  if (local.date.day() < schedule.day ||
      (local.date.day() == schedule.day && local.minute_of_day < schedule.minute_of_day)) {
    return std::nullopt;
  }
  return YearMonth::Of(local.date).prev();
}

bool ScheduleLeavesAlone(const std::vector<store::RunRecord>& runs) {
  return std::any_of(runs.begin(), runs.end(),
                     [](const store::RunRecord& r) { return r.state != store::kRunInterrupted; });
}

RunService::RunService(DaemonState& state, invoicing::SelfBillingDrafter drafter,
                       std::optional<RunSchedule> schedule, const Clock& clock)
    : state_(state), drafter_(std::move(drafter)), schedule_(schedule), clock_(clock) {
  worker_ = std::thread([this] { Work(); });
}

RunService::~RunService() { Stop(); }

Result<std::string> RunService::Queue(invoicing::RunOptions options, const std::string& actor) {
  options.run_id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
  options.actor = actor;
  options.lease_seconds = state_.config.run_lease_seconds;
  store::RunRecord record;
  record.run_id = options.run_id;
  record.month = options.month.ToString();
  record.provider = options.provider.value_or("");
  record.state = options.dry_run ? "queued_dry_run" : "queued";
  if (auto r = state_.store->PutRun(record); !r.ok()) return r.error();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return Error{"unavailable", "the daemon is stopping"};
    queue_.push_back(options);
  }
  wake_.notify_one();
  return options.run_id;
}

void RunService::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void RunService::Work() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (queue_.empty()) {
      // Wake at least once a minute for the schedule.
      wake_.wait_for(lock, std::chrono::seconds(60));
      if (stopping_) break;
      if (queue_.empty()) {
        lock.unlock();
        CheckSchedule();
        lock.lock();
        continue;
      }
    }
    invoicing::RunOptions next = queue_.front();
    queue_.pop_front();
    lock.unlock();
    Execute(next);
    // A run's batches and line buffers are freed, but the allocator keeps
    // them in its arenas; without this a long-lived daemon grows by its
    // largest run so far (daemon/allocator.h).
    ReleaseFreedMemory();
    lock.lock();
  }
}

void RunService::Execute(const invoicing::RunOptions& options) {
  auto catalog = state_.catalogs.Get();  // kept for the whole run
  SettleContext ctx = catalog->context();
  invoicing::MonthlyRun run(*state_.store, ctx, drafter_);
  store::Store& store = *state_.store;
  // Held through the books check too: the record reads running until then.
  invoicing::RunLease lease(store, options.run_id, options.lease_seconds);
  // The run records its progress after every provider; its end, after the books check.
  invoicing::RunOptions checked = options;
  checked.store_done = false;
  auto report = run.Execute(checked);
  if (!report.ok()) {
    store::RunRecord failed;
    failed.run_id = options.run_id;
    failed.month = options.month.ToString();
    failed.provider = options.provider.value_or("");
    failed.state = "failed";
    failed.message = ToLine(report.error());
    (void)store.PutRun(failed);
    JsonLog::Info("run_failed", {{"run_id", options.run_id}, {"error", report.error().code}});
    return;
  }
  if (options.dry_run) {
    // A dry run writes nothing itself; its outcome still belongs on record.
    store::RunRecord done = report.value().record;
    done.state = "done_dry_run";
    (void)store.PutRun(done);
  } else {
    // A run that leaves its month failing the books check is failed; it is
    // stored done only once the check passed (RunOptions::store_done).
    auto failures = books::CheckRunBooks(store, report.value().record, state_.config.accounts);
    if (!failures.ok() || failures.value().empty()) (void)store.PutRun(report.value().record);
    if (!failures.ok()) {  // the store failed: the run stays done, `seteli reconcile` checks later
      JsonLog::Info("run_books_unchecked",
                    {{"run_id", options.run_id}, {"error", failures.error().code}});
    } else if (!failures.value().empty()) {
      JsonLog::Info("run_failed",
                    {{"run_id", options.run_id}, {"error", store::kMonthDoesNotReconcile}});
      return;
    }
  }
  JsonLog::Info("run_done", {{"run_id", options.run_id},
                             {"month", options.month.ToString()},
                             {"message", report.value().record.message}});
}

void RunService::CheckSchedule() {
  if (!schedule_) return;
  std::lock_guard<std::mutex> one_check(schedule_mu_);
  const RunSchedule schedule = ScheduleFor(*schedule_, state_.catalogs.Get()->rulebook);
  std::optional<YearMonth> month = ScheduledMonth(schedule, clock_.Now());
  if (!month) return;
  YearMonth previous = *month;
  auto runs = state_.store->ListRuns(previous.ToString());
  if (!runs.ok() || ScheduleLeavesAlone(runs.value())) return;  // run (or tried) already
  auto id = Queue({previous}, "schedule");
  if (id.ok())
    JsonLog::Info("run_scheduled", {{"run_id", id.value()}, {"month", previous.ToString()}});
}

}  // namespace seteli::daemon
