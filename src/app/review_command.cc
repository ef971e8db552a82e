// seteli review: the review queue (finance): lists the events of a month or
// earlier that wait for review, or approves or refuses one.
#include <iostream>

#include "app/cli_args.h"
#include "app/cli_files.h"
#include "app/cli_state.h"
#include "app/command.h"
#include "config/config.h"
#include "daemon/daemon_setup.h"
#include "invoicing/review_decision.h"

namespace seteli::app {
namespace {

constexpr char kUsage[] =
    "usage: seteli review --config C --month YYYY-MM [--state pending|approved|refused|all]\n"
    "       seteli review --config C --month YYYY-MM --approve EVENT_ID [--reason-code X --text "
    "T]\n"
    "       seteli review --config C --month YYYY-MM --refuse EVENT_ID --reason-code X --text T\n"
    "Lists the events of the month or earlier in the review queue (pending by\n"
    "default): events whose lines carry a flag the rulebook's review_flags names,\n"
    "which the monthly run pays only once approved. --approve: the next run pays\n"
    "the event; --refuse: it is never paid, and the provider sees the reason code\n"
    "and text with the event. Either is recorded in the audit log.\n"
    "Exit 0: listed or decided; 2: usage, configuration or store error, no such\n"
    "review or one decided before.\n";

void PrintReview(const store::ReviewRecord& r) {
  std::cout << r.event_id << "  " << r.provider << "  " << r.month << "  " << r.flags << "  "
            << r.state;
  if (!r.reason_code.empty()) std::cout << "  " << r.reason_code;
  if (!r.text.empty()) std::cout << "  \"" << r.text << "\"";
  std::cout << "\n";
}

int RunReview(int argc, char** argv) {
  CommandStart start = StartCommand(
      argc, argv,
      {"--config", "--month", "--state", "--approve", "--refuse", "--reason-code", "--text"}, {},
      {"--config", "--month"}, kUsage);
  if (!start.args) return start.exit_code;
  const CliArgs& a = *start.args;
  auto month = YearMonth::Parse(*a.Get("--month"));
  if (!month.ok()) return UsageError(month.error(), kUsage);
  if (a.Get("--approve") && a.Get("--refuse")) {
    return UsageError(Error{"usage", "--approve and --refuse exclude each other", ""}, kUsage);
  }
  auto state = OpenCliState(*a.Get("--config"), "cli:review");
  if (!state.ok()) return UsageError(state.error(), "");
  store::Store& store = *state.value()->store;

  if (auto id = a.Get("--approve") ? a.Get("--approve") : a.Get("--refuse")) {
    auto decided = invoicing::DecideReview(store, *id, a.Get("--approve") ? "approve" : "refuse",
                                           a.Get("--reason-code").value_or(""),
                                           a.Get("--text").value_or(""), "cli:review");
    if (!decided.ok()) return UsageError(decided.error(), "");
    PrintReview(decided.value());
    return kExitOk;
  }
  std::string want = a.Get("--state").value_or(store::kReviewPending);
  if (want != store::kReviewPending && want != store::kReviewApproved &&
      want != store::kReviewRefused && want != "all") {
    return UsageError(Error{"usage", "--state is pending, approved, refused or all", ""}, kUsage);
  }
  return PrintList(store.ListReviews({month.value().ToString(), want == "all" ? "" : want}),
                   want + " review(s) through " + month.value().ToString(), PrintReview);
}

const CommandRegistration kReview{
    {"review", "the review queue: list, approve, refuse (finance)", &RunReview}};

}  // namespace
}  // namespace seteli::app
