// seteli outbox: the messages waiting for (or given up by) the operator
// exchange, for finance and operations: list them by state with their
// attempts and last error, and requeue one that failed (it keeps its
// MessageId, so the operator drops it if it did arrive after all).
#include <iostream>

#include "api/config.h"
#include "api/http_reply.h"
#include "app/cli_args.h"
#include "app/command.h"
#include "operator/exchange_metrics.h"
#include "store/store.h"

namespace seteli::app {
namespace {

constexpr char kUsage[] =
    "usage: seteli outbox --config C [--state queued|sent|failed|all] [--requeue MESSAGE_ID]\n"
    "Lists the outbox as JSON lines (default: queued and failed messages; all: every\n"
    "state; without bodies), or with --requeue queues a failed message again for\n"
    "sending now.\n"
    "Exit 0; 1 when the message to requeue is unknown or already sent; 2 usage.\n";

void PrintMessage(const store::OutboxMessage& m) {
  std::cout << "{\"message_id\":" << api::JsonQuote(m.message_id) << ",\"kind\":"
            << api::JsonQuote(m.kind) << ",\"provider\":" << api::JsonQuote(m.provider)
            << ",\"subject\":" << api::JsonQuote(m.subject) << ",\"state\":"
            << api::JsonQuote(m.state) << ",\"attempts\":" << m.attempts
            << ",\"next_attempt_at\":" << api::JsonQuote(m.next_attempt_at)
            << ",\"last_error\":" << api::JsonQuote(m.last_error) << "}\n";
}

int RunOutbox(int argc, char** argv) {
  auto args = CliArgs::Parse(argc, argv, {"--config", "--state", "--requeue"}, {});
  if (!args.ok()) return UsageError(args.error(), kUsage);
  const CliArgs& a = args.value();
  if (a.Flag("--help")) {
    std::cout << kUsage;
    return kExitOk;
  }
  if (auto missing = a.Require({"--config"})) return UsageError(*missing, kUsage);
  auto config = api::LoadServeConfig(*a.Get("--config"));
  if (!config.ok()) return UsageError(config.error(), "");
  auto store = store::OpenStore(config.value().store_url);
  if (!store.ok()) return UsageError(store.error(), "");
  if (auto line = store::MigratedLine(*store.value())) std::cerr << *line << "\n";
  if (auto id = a.Get("--requeue")) {
    auto done = store.value()->Requeue(*id, {"cli:outbox", "outbox.requeue", *id, ""});
    if (!done.ok()) return UsageError(done.error(), "");
    if (!done.value()) {
      std::cerr << "unknown_message: " << *id << " is not in the outbox or was sent already\n";
      return kExitRejected;
    }
    std::cout << "{\"requeued\":" << api::JsonQuote(*id) << "}\n";
    return kExitOk;
  }
  std::vector<std::string> states = {store::kOutboxQueued, store::kOutboxFailed};
  if (auto s = a.Get("--state")) {
    if (*s == "all") {
      states = {store::kOutboxQueued, store::kOutboxFailed, store::kOutboxSent};
    } else if (*s == store::kOutboxQueued || *s == store::kOutboxSent ||
               *s == store::kOutboxFailed) {
      states = {*s};
    } else {  // not an empty list that looks like an empty outbox
      return UsageError(Error{"usage", "--state: queued, sent, failed or all, not '" + *s + "'"},
                        kUsage);
    }
  }
  for (const std::string& s : states) {
    auto list = store.value()->ListOutbox(s);
    if (!list.ok()) return UsageError(list.error(), "");
    for (const store::OutboxMessage& m : list.value()) PrintMessage(m);
  }
  return kExitOk;
}

const CommandRegistration kOutbox{{"outbox", "the operator outbox: stuck messages, requeue", &RunOutbox}};

}  // namespace
}  // namespace seteli::app
