// seteli: settles Finnish service vouchers and runs their e-invoicing.
#include <cstring>
#include <iostream>

#include "app/command.h"
#include "daemon/version.h"

namespace seteli::app {
namespace {

std::map<std::string, Command>& Registry() {
  static std::map<std::string, Command> registry;
  return registry;
}

void PrintUsage(std::ostream& out) {
  out << "usage: seteli COMMAND [OPTIONS]\n\ncommands:\n";
  for (const auto& [name, c] : Registry()) out << "  " << name << "\t" << c.summary << "\n";
  out << "\n'seteli COMMAND --help' for the options of a command; 'seteli --version'.\n";
}

}  // namespace

CommandRegistration::CommandRegistration(Command c) { Registry()[c.name] = c; }
const std::map<std::string, Command>& Commands() { return Registry(); }

}  // namespace seteli::app

int main(int argc, char** argv) {
  using namespace seteli::app;
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    PrintUsage(argc < 2 ? std::cerr : std::cout);
    return argc < 2 ? kExitUsage : kExitOk;
  }
  if (!std::strcmp(argv[1], "--version")) {
    std::cout << seteli::daemon::VersionLine() << "\n";
    return kExitOk;
  }
  auto it = Commands().find(argv[1]);
  if (it == Commands().end()) {
    std::cerr << "seteli: unknown command '" << argv[1] << "'\n";
    PrintUsage(std::cerr);
    return kExitUsage;
  }
  return it->second.run(argc - 1, argv + 1);
}
