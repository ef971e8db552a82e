// Command-line options of the form "--name value" and "--flag", with
// positional arguments collected in order. Shared by the commands, which
// start alike:
//
//   CommandStart start = StartCommand(argc, argv, {"--config", "--month"}, {"--dry-run"},
//                                     {"--config", "--month"}, kUsage);
//   if (!start.args) return start.exit_code;  // --help, or a usage error
//   const CliArgs& a = *start.args;
#ifndef SETELI_APP_CLI_ARGS_H_
#define SETELI_APP_CLI_ARGS_H_

#include <initializer_list>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/command.h"
#include "seteli/status.h"

namespace seteli::app {

class CliArgs {
 public:
  // argv[0] is the command name. "--help" is always accepted as a flag.
  static Result<CliArgs> Parse(int argc, char** argv, std::initializer_list<const char*> options,
                               std::initializer_list<const char*> flags);

  std::optional<std::string> Get(const std::string& name) const;
  bool Flag(const std::string& name) const { return flags_.count(name) > 0; }
  const std::vector<std::string>& positional() const { return positional_; }
  // An error naming the first of `names` that is missing, if any.
  std::optional<Error> Require(std::initializer_list<const char*> names) const;

 private:
  std::map<std::string, std::string> values_;
  std::set<std::string> flags_;
  std::vector<std::string> positional_;
};

// Prints `e` as one line to stderr and returns the usage exit code.
int UsageError(const Error& e, const char* usage);

// What every command does first: parses argv with `options` and `flags`,
// answers --help by printing `usage` (exit 0), and refuses an option it
// does not know or a missing one of `required` (a usage error, exit 2).
// `args` is set when the command goes on; otherwise it returns `exit_code`.
struct CommandStart {
  std::optional<CliArgs> args;
  int exit_code = 0;
};
CommandStart StartCommand(int argc, char** argv, std::initializer_list<const char*> options,
                          std::initializer_list<const char*> flags,
                          std::initializer_list<const char*> required, const char* usage);

// Prints each note as a `warning:` line to stderr.
void Warn(const std::vector<std::string>& notes);

// A listing command's output: "N `what`", then each record of `listed`
// printed by `print`; exit 0. A failure to list is printed instead (exit 2).
template <class Record, class Print>
int PrintList(const Result<std::vector<Record>>& listed, const std::string& what, Print print) {
  if (!listed.ok()) return UsageError(listed.error(), "");
  std::cout << listed.value().size() << " " << what << "\n";
  for (const Record& r : listed.value()) print(r);
  return kExitOk;
}

}  // namespace seteli::app

#endif  // SETELI_APP_CLI_ARGS_H_
