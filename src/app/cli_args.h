// Command-line options of the form "--name value" and "--flag", with
// positional arguments collected in order. Shared by the commands.
//
//   auto args = CliArgs::Parse(argc, argv, {"--month", "--out"}, {"--dry-run"});
//   if (!args.ok()) return Usage(args.error());
#ifndef SETELI_APP_CLI_ARGS_H_
#define SETELI_APP_CLI_ARGS_H_

#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

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

// Prints each note as a `warning:` line to stderr.
void Warn(const std::vector<std::string>& notes);

}  // namespace seteli::app

#endif  // SETELI_APP_CLI_ARGS_H_
