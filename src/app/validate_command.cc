// `seteli validate [--rulebook R --providers P] [--settlements S] FILE.xml ...`
//
// Validates Finvoice invoices (bare, inside a SOAP transmission frame, or a
// batch of frame+message pairs): one JSON object per invoice on stdout in
// the contract's shape, one `file:line: code: message` line per finding on
// stderr. Exit 0 when every invoice is valid, 1 when any is not, 2 on a
// usage or configuration error (nothing is validated then).
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/command.h"
#include "finvoice/batch_validation.h"
#include "finvoice/invoice_validator.h"
#include "finvoice/settlement_index.h"
#include "formats/providers_yaml.h"
#include "formats/rulebook_yaml.h"
#include "formats/unverified_fields.h"

namespace seteli::app {
namespace {

constexpr const char* kUsage =
    "usage: seteli validate [--rulebook R --providers P] [--settlements S] [--max-bytes N] [--jobs N] FILE.xml ...\n"
    "\n"
    "Validates Finvoice invoices (1.3, 2.0, 2.01, 3.0; bare, after a SOAP transmission frame,\n"
    "or a batch of frame+message pairs). Prints one JSON object per invoice:\n"
    "  {\"file\",\"valid\",\"invoice_number\",\"seller\",\"errors\":[{\"code\",\"layer\",\"path\",\n"
    "   \"message_fi\",\"message_en\"}]}\n"
    "and one 'file:line: code: message' line per finding on stderr.\n"
    "\n"
    "Layers: parse and schema (Finvoice 3.0 XSD) and vat always; organizer with\n"
    "--rulebook and --providers (reference and total checks also need --settlements).\n"
    "\n"
    "options:\n"
    "  --rulebook R      the organizer's rulebook (YAML)\n"
    "  --providers P     the approved providers (YAML)\n"
    "  --settlements S   the month's settlement.json from `seteli settle`\n"
    "  --max-bytes N     refuse files larger than N bytes (default 16777216)\n"
    "  --jobs N          validate N files at a time (default: the number of cores);\n"
    "                    the output is in the order of the files either way\n"
    "  --help            this text\n"
    "\n"
    "exit: 0 all valid, 1 some invoice invalid, 2 usage or configuration error\n";

struct Args {
  std::string rulebook;
  std::string providers;
  std::string settlements;
  size_t max_bytes = finvoice::kDefaultMaxInputBytes;
  int jobs = 0;  // 0: the number of cores
  std::vector<std::string> files;
  bool help = false;
};

int Usage(const std::string& why) {
  std::cerr << "seteli validate: " << why << "\n" << kUsage;
  return kExitUsage;
}

// Parses argv; returns an error sentence, or nothing when fine.
std::optional<std::string> ParseArgs(int argc, char** argv, Args& a) {
  bool options_done = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (options_done || arg.empty() || arg[0] != '-' || arg == "-") {
      a.files.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    if (arg == "--help" || arg == "-h") {
      a.help = true;
      continue;
    }
    std::string name = arg, value;
    bool has_value = false;
    if (size_t eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    if (name != "--rulebook" && name != "--providers" && name != "--settlements" &&
        name != "--max-bytes" && name != "--jobs") {
      return "unknown option '" + arg + "'";
    }
    if (!has_value) {
      if (i + 1 >= argc) return name + " needs a value";
      value = argv[++i];
    }
    if (value.empty()) return name + " needs a value";
    if (name == "--rulebook") a.rulebook = value;
    if (name == "--providers") a.providers = value;
    if (name == "--settlements") a.settlements = value;
    if (name == "--max-bytes") {
      char* end = nullptr;
      errno = 0;
      unsigned long long n = std::strtoull(value.c_str(), &end, 10);
      if (errno || !end || *end || value[0] == '-' || n == 0) return "--max-bytes needs a positive number";
      a.max_bytes = static_cast<size_t>(n);
    }
    if (name == "--jobs") {
      char* end = nullptr;
      errno = 0;
      long n = std::strtol(value.c_str(), &end, 10);
      if (errno || !end || *end || n < 1 || n > 256) return "--jobs needs a number from 1 to 256";
      a.jobs = static_cast<int>(n);
    }
  }
  return std::nullopt;
}

int RunValidate(int argc, char** argv) {
  Args args;
  if (auto why = ParseArgs(argc, argv, args)) return Usage(*why);
  if (args.help) {
    std::cout << kUsage;
    return kExitOk;
  }
  if (args.files.empty()) return Usage("no FILE.xml given");
  if (args.rulebook.empty() != args.providers.empty()) {
    return Usage("--rulebook and --providers go together");
  }
  if (!args.settlements.empty() && args.rulebook.empty()) {
    return Usage("--settlements needs --rulebook and --providers");
  }
  for (const std::string& f : args.files) {
    if (::access(f.c_str(), R_OK) != 0) {
      std::cerr << f << ": unreadable: " << std::strerror(errno) << "\n";
      return kExitUsage;
    }
  }

  std::optional<Rulebook> rulebook;
  std::optional<ProviderRegistry> providers;
  std::optional<finvoice::SettlementIndex> settlements;
  if (!args.rulebook.empty()) {
    Result<Rulebook> rb = formats::LoadRulebook(args.rulebook);
    if (!rb.ok()) {
      std::cerr << ToLine(rb.error()) << "\n";
      return kExitUsage;
    }
    rulebook = std::move(rb).value();
    for (const std::string& w : formats::UnverifiedFieldWarnings(*rulebook, args.rulebook)) {
      std::cerr << w << " (warning)\n";
    }
    Result<ProviderRegistry> pr = formats::LoadProviders(args.providers);
    if (!pr.ok()) {
      std::cerr << ToLine(pr.error()) << "\n";
      return kExitUsage;
    }
    providers = std::move(pr).value();
  }
  if (!args.settlements.empty()) {
    Result<finvoice::SettlementIndex> s = finvoice::LoadSettlementIndex(args.settlements);
    if (!s.ok()) {
      std::cerr << ToLine(s.error()) << "\n";
      return kExitUsage;
    }
    settlements = std::move(s).value();
  }

  finvoice::OrganizerContext organizer;
  finvoice::ValidateOptions options;
  options.limits.max_bytes = args.max_bytes;
  if (rulebook) {
    organizer.rulebook = &*rulebook;
    organizer.providers = &*providers;
    organizer.settlements = settlements ? &*settlements : nullptr;
    options.organizer = &organizer;
  }

  int jobs = args.jobs > 0 ? args.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool all_valid = true;
  finvoice::ValidateFiles(args.files, options, jobs, [&](const std::string& file, finvoice::FileReports& reports) {
    if (!reports.ok()) {
      std::cerr << ToLine(reports.error()) << "\n";
      all_valid = false;
      return;
    }
    for (const finvoice::InvoiceReport& r : reports.value()) {
      std::cout << finvoice::ToJsonLine(r) << "\n";
      for (const finvoice::InvoiceError& e : r.errors) std::cerr << finvoice::ToStderrLine(file, e) << "\n";
      for (const finvoice::InvoiceError& w : r.warnings) {
        std::cerr << finvoice::ToStderrLine(file, w) << " (warning)\n";
      }
      all_valid = all_valid && r.valid();
    }
  });
  std::cout.flush();
  return all_valid ? kExitOk : kExitRejected;
}

const CommandRegistration kValidate{
    {"validate", "validate Finvoice invoices (parse, schema, VAT, organizer)", &RunValidate}};

}  // namespace
}  // namespace seteli::app
