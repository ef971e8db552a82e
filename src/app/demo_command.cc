// seteli demo: the shipped fixture month end to end on the embedded SQLite
// store: registries and events in, the month run, settlement statements
// and self-billing Finvoice invoices out. Prints where everything is.
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <set>

#include "app/cli_args.h"
#include "app/cli_file_ingest.h"
#include "app/cli_files.h"
#include "app/command.h"
#include "app/self_billing_drafter.h"
#include "books/month_exports.h"
#include "books/store_books.h"
#include "config/config.h"
#include "daemon/daemon_setup.h"
#include "export/output_file.h"
#include "formats/settlement_json.h"
#include "invoicing/monthly_run.h"
#include "outbound/settlement_statement.h"
#include "receiving/invoice_receiver.h"

namespace seteli::app {
namespace {

namespace fs = std::filesystem;

constexpr char kUsage[] =
    "usage: seteli demo [--fixtures DIR] [--out DIR] [--month YYYY-MM]\n"
    "Runs the shipped fixture month (fixtures/, May 2024) end to end on a new\n"
    "SQLite store under DIR (default out/demo): ingest, the monthly run,\n"
    "settlement statements (JSON and HTML), self-billing Finvoice invoices, a\n"
    "provider invoice accepted and a malformed one returned with its notice,\n"
    "the four finance exports and the reconciliation check.\n";

// The provider invoices the demo receives: one good, one that is returned.
constexpr char kGoodInvoice[] = "invoices/good/2345678-0-2024-05.xml";
constexpr char kBadInvoice[] = "invoices/malformed/total_mismatch.xml";

fs::path DefaultFixtures() {
  if (fs::exists("fixtures/rulebook.yaml")) return "fixtures";
  return fs::path(SETELI_SOURCE_DIR) / "fixtures";
}

int Fail(const Error& e) {
  std::cerr << ToLine(e) << "\n";
  return kExitUsage;
}

// The demo makes its folders under --out as it goes.
Result<bool> WriteDemoFile(const fs::path& path, std::string_view text) {
  return exports::WriteOutputFile(path, text, exports::Folders::kCreate);
}

// A fresh store and a config naming the fixtures, under `out`.
Result<fs::path> WriteConfig(const fs::path& fixtures, const fs::path& out) {
  std::error_code ec;
  for (const char* f : {"seteli.db", "seteli.db-wal", "seteli.db-shm"}) fs::remove(out / f, ec);
  fs::path abs = fs::absolute(fixtures);
  fs::path config = out / "seteli.conf";
  auto written = WriteDemoFile(config,
                               "# Written by seteli demo.\nlisten: 127.0.0.1:0\n"
                               "store: sqlite:" +
                                   fs::absolute(out / "seteli.db").string() +
                                   "\n"
                                   "rulebook: " +
                                   (abs / "rulebook.yaml").string() +
                                   "\n"
                                   "providers: " +
                                   (abs / "providers.yaml").string() +
                                   "\n"
                                   "decisions: " +
                                   (abs / "decisions.jsonl").string() +
                                   "\n"
                                   "tokens: []\n");
  if (!written.ok()) return written.error();
  return config;
}

void PrintSummary(const invoicing::RunReport& r, const ProviderRegistry& providers) {
  std::cout << "\nSettlement " << r.record.month << "\n"
            << std::left << std::setw(11) << "provider" << std::setw(34) << "name" << std::setw(18)
            << "reference" << std::right << std::setw(7) << "lines" << std::setw(12) << "price"
            << std::setw(12) << "voucher" << std::setw(12) << "copay" << "  state\n";
  Money price, voucher, copay;
  for (const invoicing::ProviderOutcome& p : r.providers) {
    const Settlement& s = p.settlement;
    const Provider* pr = providers.Find(p.provider);
    std::string name = pr ? pr->name : "";
    if (name.size() > 32) name.resize(32);
    std::cout << std::left << std::setw(11) << s.provider << std::setw(34) << name << std::setw(18)
              << s.reference << std::right << std::setw(7) << s.lines.size() << std::setw(12)
              << s.price_total.ToString() << std::setw(12) << s.voucher_total.ToString()
              << std::setw(12) << s.copay_total.ToString() << "  " << invoicing::OutcomeName(p.outcome)
              << (p.invoice_number ? " (self-billing invoice " + std::to_string(*p.invoice_number) + ")" : "")
              << "\n";
    price += s.price_total;
    voucher += s.voucher_total;
    copay += s.copay_total;
  }
  std::cout << std::left << std::setw(70) << "total" << std::right << std::setw(12)
            << price.ToString() << std::setw(12) << voucher.ToString() << std::setw(12)
            << copay.ToString() << "\n";
  std::map<std::string, int> by_code;
  for (const Rejection& rej : r.rejected) ++by_code[rej.code];
  std::cout << r.rejected.size() << " events of the month not settled:";
  for (const auto& [code, n] : by_code) std::cout << " " << code << " " << n;
  std::cout << "\n";
}

// The statement of each settled provider-month, as JSON and as HTML.
Result<int> WriteStatements(const invoicing::RunReport& r, const daemon::Catalog& catalog,
                            const std::vector<BalanceStatement>& balances, const fs::path& dir) {
  int n = 0;
  for (const invoicing::ProviderOutcome& p : r.providers) {
    const Provider* provider = catalog.providers.Find(p.provider);
    if (!provider || p.settlement.lines.empty()) continue;
    std::string base = p.provider + "-" + r.record.month;
    std::ostringstream json;
    formats::WriteJson(formats::SettlementJson(p.settlement), json);
    if (auto w = WriteDemoFile(dir / (base + ".json"), json.str()); !w.ok()) return w.error();
    auto html = outbound::BuildSettlementStatement(
        p.settlement, *provider, catalog.rulebook, outbound::BalancesFor(p.settlement, balances));
    if (!html.ok()) return html.error();
    if (auto w = WriteDemoFile(dir / (base + ".html"), html.value()); !w.ok()) return w.error();
    ++n;
  }
  return n;
}

int RunDemo(int argc, char** argv) {
  CommandStart start = StartCommand(argc, argv, {"--fixtures", "--out", "--month"}, {}, {}, kUsage);
  if (!start.args) return start.exit_code;
  const CliArgs& a = *start.args;
  fs::path fixtures = a.Get("--fixtures").value_or(DefaultFixtures().string());
  fs::path out = a.Get("--out").value_or("out/demo");
  auto month = YearMonth::Parse(a.Get("--month").value_or("2024-05"));
  if (!month.ok()) return UsageError(month.error(), kUsage);

  auto config_path = WriteConfig(fixtures, out);
  if (!config_path.ok()) return Fail(config_path.error());
  auto config = config::LoadServeConfig(config_path.value().string());
  if (!config.ok()) return Fail(config.error());
  std::vector<std::string> notes;
  auto state = daemon::OpenDaemonState(config.value(), "demo", &notes);
  Warn(notes);
  if (!state.ok()) return Fail(state.error());
  store::Store& store = *state.value()->store;

  std::cout << "1. Ingest " << (fixtures / "events.jsonl").string() << " into "
            << (out / "seteli.db").string() << "\n";
  Tally tally;
  if (!IngestFile(*state.value(), (fixtures / "events.jsonl").string(), tally)) return kExitUsage;
  std::cout << "   " << tally.accepted << " accepted, " << tally.duplicate << " duplicate, "
            << tally.rejected << " rejected (listed above), " << tally.absences << " absences\n";

  std::cout << "2. Monthly run " << month.value().ToString() << "\n";
  auto catalog = state.value()->catalogs.Get();
  SettleContext ctx = catalog->context();
  invoicing::MonthlyRun run(store, ctx, MakeSelfBillingDrafter());
  invoicing::RunOptions options{month.value()};
  options.keep_lines = true;  // the statements below are drawn from the report
  auto report = run.Execute(options);
  if (!report.ok()) return Fail(report.error());
  PrintSummary(report.value(), catalog->providers);

  auto balances = books::LoadBalanceStatements(store, month.value());
  if (!balances.ok()) return Fail(balances.error());
  auto statements = WriteStatements(report.value(), *catalog, balances.value(), out / "statements");
  if (!statements.ok()) return Fail(statements.error());
  auto invoices = WriteQueuedInvoices(store, month.value().ToString(), out / "outbox");
  if (!invoices.ok()) return Fail(invoices.error());

  std::cout << "3. Provider invoices in\n";
  receiving::InvoiceReceiver receiver({&store, &catalog->rulebook, &catalog->providers, nullptr});
  int notices = 0;
  for (const char* name : {kGoodInvoice, kBadInvoice}) {
    std::ifstream in(fixtures / name, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    if (!in) return Fail({"read_failed", "cannot read " + (fixtures / name).string()});
    auto receipt = receiver.Receive(bytes.str(), "api", "demo");
    if (!receipt.ok()) return Fail(receipt.error());
    for (const receiving::InvoiceVerdict& v : receipt.value().invoices) {
      std::cout << "   " << name << ": invoice " << v.record.invoice_number << " of " << v.record.seller
                << " " << v.record.state;
      std::set<std::string> codes;
      for (const finvoice::InvoiceError& e : v.reasons) codes.insert(e.code);
      for (const std::string& code : codes) std::cout << " [" << code << "]";
      if (!v.record.notice_kind.empty()) {
        fs::path notice = out / "notices" / (v.record.seller + "-" + v.record.invoice_number + "-" +
                                             v.record.notice_kind + ".xml");
        if (auto w = WriteDemoFile(notice, v.record.notice); !w.ok()) return Fail(w.error());
        std::cout << "; " << v.record.notice_kind << " to the provider (" << v.record.notice_channel
                  << ")";
        ++notices;
      }
      std::cout << "\n";
    }
  }

  std::cout << "4. Finance exports and reconciliation\n";
  auto exported = books::WriteMonthExports(store, month.value(), config.value().accounts,
                                           (out / "exports").string());
  if (!exported.ok()) return Fail(exported.error());
  for (const exports::Failure& f : exported.value().failures) {
    std::cout << "   does not reconcile: " << exports::ToLine(f) << "\n";
  }
  if (exported.value().failures.empty()) std::cout << "   the month reconciles\n";

  std::cout << "\nOutputs:\n"
            << "  store:                 " << (out / "seteli.db").string() << " (config "
            << config_path.value().string() << ")\n"
            << "  settlement statements: " << (out / "statements").string() << "/ ("
            << statements.value() << " providers, JSON and HTML)\n"
            << "  self-billing Finvoice: " << (out / "outbox").string() << "/ (" << invoices.value()
            << " invoices, queued for the operator)\n"
            << "  invoice notices:       " << (out / "notices").string() << "/ (" << notices
            << ")\n"
            << "  finance exports:       " << (out / "exports").string() << "/ ("
            << exported.value().files.size() << " CSV files with .sha256 and .manifest.json)\n";
  return exported.value().failures.empty() ? kExitOk : kExitRejected;
}

const CommandRegistration kDemo{{"demo", "run the shipped fixture month end to end", &RunDemo}};

}  // namespace
}  // namespace seteli::app
