// seteli settle: a month settled from files, no database.
#include <future>
#include <iostream>

#include "app/cli_args.h"
#include "app/command.h"
#include "export/output_file.h"
#include "formats/decisions_jsonl.h"
#include "formats/packed_events.h"
#include "formats/providers_yaml.h"
#include "formats/rulebook_yaml.h"
#include "seteli/settle.h"
#include "settling/streamed_month.h"

namespace seteli::app {
namespace {

constexpr char kUsage[] =
    "usage: seteli settle --rulebook R --providers P --decisions D --events E --month YYYY-MM\n"
    "                     [--out F] [--reference national|rf]\n"
    "Settles the month from files and prints settlement.json (or writes it to F).\n"
    "Exit 0: every event settled; 1: some event was rejected (listed in \"rejected\"\n"
    "and on stderr); 2: a usage or configuration error, nothing written.\n";

int Fail(const Error& e) {
  std::cerr << ToLine(e) << "\n";
  return kExitUsage;
}

int RunSettle(int argc, char** argv) {
  CommandStart start = StartCommand(
      argc, argv,
      {"--rulebook", "--providers", "--decisions", "--events", "--month", "--out", "--reference"},
      {}, {"--rulebook", "--providers", "--decisions", "--events", "--month"}, kUsage);
  if (!start.args) return start.exit_code;
  const CliArgs& a = *start.args;
  if (!a.positional().empty()) return UsageError({"usage", "unexpected " + a.positional()[0]}, kUsage);
  auto month = YearMonth::Parse(*a.Get("--month"));
  if (!month.ok()) return UsageError(month.error(), kUsage);
  std::string ref = a.Get("--reference").value_or("national");
  if (ref != "national" && ref != "rf") return UsageError({"usage", "--reference is national or rf"}, kUsage);

  auto rulebook = formats::LoadRulebook(*a.Get("--rulebook"));
  if (!rulebook.ok()) return Fail(rulebook.error());
  auto providers = formats::LoadProviders(*a.Get("--providers"));
  if (!providers.ok()) return Fail(providers.error());
  // The events are read while the decisions are.
  auto reading = std::async(std::launch::async,
                            [&a] { return formats::LoadPackedEvents(*a.Get("--events")); });
  auto decisions = formats::LoadDecisions(*a.Get("--decisions"), rulebook.value());
  auto file = reading.get();
  if (!decisions.ok()) return Fail(decisions.error());
  if (!file.ok()) return Fail(file.error());
  for (Absence& ab : file.value().absences) decisions.value().AddAbsence(std::move(ab));

  SettleContext ctx{&rulebook.value(), &providers.value(), &decisions.value(),
                    ref == "rf" ? ReferenceKind::kRf : ReferenceKind::kFinnish};
  // Malformed lines join the rejections, all in input order.
  std::vector<Rejection> rejected = std::move(file.value().malformed);
  auto settle = [&](std::ostream& out) {
    return settling::SettleStreamed(ctx, file.value().events, month.value(), out, rejected);
  };
  if (auto out = a.Get("--out")) {
    exports::OutputFile output(*out, exports::Folders::kCreate);
    auto written = settle(output.stream());
    if (!written.ok()) return Fail(written.error());
    auto w = output.Commit();
    if (!w.ok()) return Fail(w.error());
  } else {
    auto written = settle(std::cout);
    if (!written.ok()) return Fail(written.error());
  }
  for (const Rejection& r : rejected) {
    // A malformed line's message already starts with its "file:line: ".
    std::string where = r.source + ":" + std::to_string(r.line) + ": ";
    std::string message = r.message.rfind(where, 0) == 0 ? r.message.substr(where.size()) : r.message;
    std::cerr << where << r.code << ": " << message << "\n";
  }
  return rejected.empty() ? kExitOk : kExitRejected;
}

const CommandRegistration kSettle{{"settle", "settle a month from files (no database)", &RunSettle}};

}  // namespace
}  // namespace seteli::app
