// Monthly runs inside the daemon: `POST /v1/runs` queues one, a worker
// thread executes the queue one run at a time, and `GET /v1/runs/{id}`
// reads its progress from the store (the run record is updated after every
// provider). With a schedule in the config, the worker also starts the run
// of the previous month on the settlement day, once: the rulebook's
// `settlement_day`, else the config's day, at the config's time.
//
//   RunService runs(state, drafter, schedule);
//   Result<std::string> id = runs.Queue({YearMonth(2024, 5)}, "finance:anna");
//   ...
//   runs.Stop();   // finishes the run in progress, then returns
#ifndef SETELI_DAEMON_RUN_SERVICE_H_
#define SETELI_DAEMON_RUN_SERVICE_H_

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "daemon/daemon_state.h"
#include "invoicing/monthly_run.h"
#include "seteli/clock.h"
#include "seteli/rulebook.h"

namespace seteli::daemon {

// "Run the previous month on `day` of each month at `minute_of_day` (UTC+2/3,
// Helsinki local time), after the recording deadline."
struct RunSchedule {
  int day = 6;
  int minute_of_day = 6 * 60;
};

// The schedule as the organizer's rulebook sets it: its `settlement_day`,
// when set, replaces `configured`'s day (the rulebook says when a month is
// settled; the config only whether this daemon runs it, and at what time).
RunSchedule ScheduleFor(const RunSchedule& configured, const Rulebook& rulebook);

// The month the schedule runs at `now`: the previous one, once the day and
// time of this month have come; none before. (The worker starts it only
// when no run of that month is on record.)
std::optional<YearMonth> ScheduledMonth(const RunSchedule& schedule, Instant now);

// Whether the schedule leaves a month with these runs alone: any run on
// record (done, failed, queued, running) but an interrupted one, which was
// killed; its month is started again and carries on from what it committed.
bool ScheduleLeavesAlone(const std::vector<store::RunRecord>& runs);

class RunService {
 public:
  // The schedule reads the time from `clock`, and the settlement day from
  // the rulebook of the state's current catalog (a reloaded rulebook's day
  // counts from the next check).
  RunService(DaemonState& state, invoicing::SelfBillingDrafter drafter,
             std::optional<RunSchedule> schedule, const Clock& clock = SystemClock::Instance());
  ~RunService();
  RunService(const RunService&) = delete;
  RunService& operator=(const RunService&) = delete;

  // Records the run as queued and returns its ID at once.
  Result<std::string> Queue(invoicing::RunOptions options, const std::string& actor);
  // Lets the run in progress finish; queued runs stay queued in the store.
  void Stop();
  // Queues the scheduled run if it is due now and not on record. The
  // worker does this once a minute; a test on a manual clock calls it
  // after moving the clock.
  void CheckSchedule();

 private:
  void Work();
  void Execute(const invoicing::RunOptions& options);

  DaemonState& state_;
  invoicing::SelfBillingDrafter drafter_;
  std::optional<RunSchedule> schedule_;
  const Clock& clock_;
  std::mutex schedule_mu_;  // one check at a time: a month is queued once
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<invoicing::RunOptions> queue_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace seteli::daemon

#endif  // SETELI_DAEMON_RUN_SERVICE_H_
