// The `seteli COMMAND ...` subcommands. Each command lives in its own
// `*_command.cc` file in this folder and registers itself:
//
//   static const CommandRegistration kSettle{
//       {"settle", "settle a month from files", &RunSettle}};
//
// Exit codes everywhere: 0 success; 1 input read but something in it was
// rejected; 2 usage or configuration error, nothing done.
#ifndef SETELI_APP_COMMAND_H_
#define SETELI_APP_COMMAND_H_

#include <map>
#include <string>

namespace seteli::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRejected = 1;
inline constexpr int kExitUsage = 2;

struct Command {
  const char* name;
  const char* summary;
  // argv[0] is the command name.
  int (*run)(int argc, char** argv);
};

class CommandRegistration {
 public:
  explicit CommandRegistration(Command c);
};

const std::map<std::string, Command>& Commands();

}  // namespace seteli::app

#endif  // SETELI_APP_COMMAND_H_
