// seteli outbox: the messages waiting for (or given up by) the operator
// exchange, for finance and operations: list them by state with their
// attempts and last error, and requeue one that failed, or every failed one
// matching a filter (after an operator outage); a requeued message keeps
// its MessageId, so the operator drops it if it did arrive after all.
#include <iostream>

#include "app/cli_args.h"
#include "app/command.h"
#include "config/config.h"
#include "formats/pretty_json_writer.h"
#include "operator/exchange_metrics.h"
#include "seteli/clock.h"
#include "store/store.h"

namespace seteli::app {
namespace {

constexpr char kUsage[] =
    "usage: seteli outbox --config C [--state queued|sent|failed|all] [--requeue MESSAGE_ID]\n"
    "       seteli outbox --config C --requeue-failed [--provider ID] [--since TIME]\n"
    "Lists the outbox as JSON lines (default: queued and failed messages; all: every\n"
    "state; without bodies), or with --requeue queues a failed message again for\n"
    "sending now. --requeue-failed requeues every failed message, or those to one\n"
    "provider (business ID) and those given up at or after TIME (2024-06-03T10:00:00+03:00,\n"
    "or a date: from its midnight in Helsinki), and prints {\"requeued\":[IDs]}.\n"
    "Exit 0; 1 when the message to requeue is unknown or already sent; 2 usage.\n";

void PrintMessage(const store::OutboxMessage& m) {
  std::cout << "{\"message_id\":" << formats::JsonQuoted(m.message_id)
            << ",\"kind\":" << formats::JsonQuoted(m.kind)
            << ",\"provider\":" << formats::JsonQuoted(m.provider)
            << ",\"subject\":" << formats::JsonQuoted(m.subject)
            << ",\"state\":" << formats::JsonQuoted(m.state) << ",\"attempts\":" << m.attempts
            << ",\"next_attempt_at\":" << formats::JsonQuoted(m.next_attempt_at)
            << ",\"last_error\":" << formats::JsonQuoted(m.last_error) << "}\n";
}

// --since as a store timestamp: an instant with its offset, or a date's
// Helsinki midnight.
Result<std::string> SinceText(const std::string& text) {
  if (auto date = Date::Parse(text); date.ok()) {
    return UtcText(HelsinkiMidnight(date.value()).unix_seconds() * 1000);
  }
  auto instant = Instant::Parse(text);
  if (!instant.ok()) {
    return Error{"usage",
                 "--since: a time with its offset or a date (YYYY-MM-DD), not '" + text + "'"};
  }
  return UtcText(instant.value().unix_seconds() * 1000);
}

int RequeueFailed(store::OutboxStore& store, const CliArgs& a) {
  std::string since;
  if (auto s = a.Get("--since")) {
    auto text = SinceText(*s);
    if (!text.ok()) return UsageError(text.error(), kUsage);
    since = text.value();
  }
  std::string provider = a.Get("--provider").value_or("");
  auto done = store.RequeueFailed(
      provider, since,
      {"cli:outbox", "outbox.requeue", "", "requeue-failed " + provider + " " + since});
  if (!done.ok()) return UsageError(done.error(), "");
  std::string ids;
  for (const std::string& id : done.value())
    ids += (ids.empty() ? "" : ",") + formats::JsonQuoted(id);
  std::cout << "{\"requeued\":[" << ids << "]}\n";
  return kExitOk;
}

int RunOutbox(int argc, char** argv) {
  CommandStart start =
      StartCommand(argc, argv, {"--config", "--state", "--requeue", "--provider", "--since"},
                   {"--requeue-failed"}, {"--config"}, kUsage);
  if (!start.args) return start.exit_code;
  const CliArgs& a = *start.args;
  auto config = config::LoadServeConfig(*a.Get("--config"));
  if (!config.ok()) return UsageError(config.error(), "");
  auto store = store::OpenStore(config.value().store_url);
  if (!store.ok()) return UsageError(store.error(), "");
  if (auto line = store::MigratedLine(*store.value())) std::cerr << *line << "\n";
  if (a.Flag("--requeue-failed")) return RequeueFailed(*store.value(), a);
  if (a.Get("--provider") || a.Get("--since")) {
    return UsageError(Error{"usage", "--provider and --since go with --requeue-failed"}, kUsage);
  }
  if (auto id = a.Get("--requeue")) {
    auto done = store.value()->Requeue(*id, {"cli:outbox", "outbox.requeue", *id, ""});
    if (!done.ok()) return UsageError(done.error(), "");
    if (!done.value()) {
      std::cerr << "unknown_message: " << *id << " is not in the outbox or was sent already\n";
      return kExitRejected;
    }
    std::cout << "{\"requeued\":" << formats::JsonQuoted(*id) << "}\n";
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
