// seteli demo: the shipped fixture month, end to end, on files. Prints a
// per-provider summary and where the outputs are.
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>

#include "app/cli_args.h"
#include "app/command.h"
#include "formats/decisions_jsonl.h"
#include "formats/events_input.h"
#include "formats/providers_yaml.h"
#include "formats/rulebook_yaml.h"
#include "formats/settlement_json.h"
#include "seteli/settle.h"

namespace seteli::app {
namespace {

namespace fs = std::filesystem;

constexpr char kUsage[] =
    "usage: seteli demo [--fixtures DIR] [--out DIR] [--month YYYY-MM]\n"
    "Settles the shipped fixture month (fixtures/, May 2024) and writes the\n"
    "results under out/demo/.\n";

fs::path DefaultFixtures() {
  if (fs::exists("fixtures/rulebook.yaml")) return "fixtures";
  return fs::path(SETELI_SOURCE_DIR) / "fixtures";
}

int Fail(const Error& e) {
  std::cerr << ToLine(e) << "\n";
  return kExitUsage;
}

void PrintSummary(const MonthSettlement& m, const ProviderRegistry& providers) {
  std::cout << "Settlement " << m.month.ToString() << " (rulebook " << m.rulebook_version << ")\n";
  std::cout << std::left << std::setw(11) << "provider" << std::setw(34) << "name"
            << std::setw(18) << "reference" << std::right << std::setw(7) << "lines"
            << std::setw(12) << "price" << std::setw(12) << "voucher" << std::setw(12) << "copay"
            << "\n";
  Money price, voucher, copay;
  for (const Settlement& s : m.settlements) {
    const Provider* p = providers.Find(s.provider);
    std::string name = p ? p->name : "";
    if (name.size() > 32) name.resize(32);
    std::cout << std::left << std::setw(11) << s.provider << std::setw(34) << name
              << std::setw(18) << s.reference << std::right << std::setw(7) << s.lines.size()
              << std::setw(12) << s.price_total.ToString() << std::setw(12)
              << s.voucher_total.ToString() << std::setw(12) << s.copay_total.ToString() << "\n";
    price += s.price_total;
    voucher += s.voucher_total;
    copay += s.copay_total;
  }
  std::cout << std::left << std::setw(63) << "total" << std::right << std::setw(7) << ""
            << std::setw(12) << price.ToString() << std::setw(12) << voucher.ToString()
            << std::setw(12) << copay.ToString() << "\n";
  std::cout << m.rejected.size() << " events rejected:";
  std::map<std::string, int> by_code;
  for (const Rejection& r : m.rejected) ++by_code[r.code];
  for (const auto& [code, n] : by_code) std::cout << " " << code << " " << n;
  std::cout << "\n";
}

int RunDemo(int argc, char** argv) {
  auto args = CliArgs::Parse(argc, argv, {"--fixtures", "--out", "--month"}, {});
  if (!args.ok()) return UsageError(args.error(), kUsage);
  if (args.value().Flag("--help")) {
    std::cout << kUsage;
    return kExitOk;
  }
  fs::path dir = args.value().Get("--fixtures").value_or(DefaultFixtures().string());
  fs::path out = args.value().Get("--out").value_or("out/demo");
  auto month = YearMonth::Parse(args.value().Get("--month").value_or("2024-05"));
  if (!month.ok()) return UsageError(month.error(), kUsage);

  auto rulebook = formats::LoadRulebook((dir / "rulebook.yaml").string());
  if (!rulebook.ok()) return Fail(rulebook.error());
  auto providers = formats::LoadProviders((dir / "providers.yaml").string());
  if (!providers.ok()) return Fail(providers.error());
  auto decisions = formats::LoadDecisions((dir / "decisions.jsonl").string(), rulebook.value());
  if (!decisions.ok()) return Fail(decisions.error());
  auto stream = formats::LoadEvents((dir / "events.jsonl").string());
  if (!stream.ok()) return Fail(stream.error());
  for (Absence& a : stream.value().absences) decisions.value().AddAbsence(std::move(a));

  SettleContext ctx{&rulebook.value(), &providers.value(), &decisions.value()};
  MonthSettlement m = SettleMonth(ctx, stream.value().events, month.value());
  for (Rejection& r : stream.value().malformed) m.rejected.push_back(std::move(r));

  std::error_code ec;
  fs::create_directories(out, ec);
  fs::path file = out / "settlement.json";
  {
    std::ofstream f(file.string() + ".tmp");
    formats::WriteJson(formats::MonthSettlementJson(m), f);
    if (!f) return Fail({"write_failed", "cannot write " + file.string()});
  }
  fs::rename(file.string() + ".tmp", file, ec);
  if (ec) return Fail({"write_failed", "cannot write " + file.string() + ": " + ec.message()});

  PrintSummary(m, providers.value());
  std::cout << "\nOutputs:\n  settlement: " << file.string() << "\n";
  return kExitOk;
}

const CommandRegistration kDemo{{"demo", "settle the shipped fixture month end to end", &RunDemo}};

}  // namespace
}  // namespace seteli::app
