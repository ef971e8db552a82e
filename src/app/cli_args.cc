#include "app/cli_args.h"

#include <cstring>
#include <iostream>

#include "app/command.h"

namespace seteli::app {

Result<CliArgs> CliArgs::Parse(int argc, char** argv, std::initializer_list<const char*> options,
                               std::initializer_list<const char*> flags) {
  CliArgs out;
  auto in = [](std::initializer_list<const char*> list, const char* s) {
    for (const char* x : list) {
      if (!std::strcmp(x, s)) return true;
    }
    return false;
  };
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (!std::strcmp(a, "--help") || !std::strcmp(a, "-h") || in(flags, a)) {
      out.flags_.insert(!std::strcmp(a, "-h") ? "--help" : a);
    } else if (in(options, a)) {
      if (i + 1 >= argc) return Error{"usage", std::string(a) + " needs a value"};
      out.values_[a] = argv[++i];
    } else if (a[0] == '-' && a[1] == '-') {
      return Error{"usage", std::string("unknown option ") + a};
    } else {
      out.positional_.push_back(a);
    }
  }
  return out;
}

std::optional<std::string> CliArgs::Get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::optional<Error> CliArgs::Require(std::initializer_list<const char*> names) const {
  for (const char* n : names) {
    if (!values_.count(n)) return Error{"usage", std::string(n) + " is required"};
  }
  return std::nullopt;
}

int UsageError(const Error& e, const char* usage) {
  std::cerr << ToLine(e) << "\n" << usage;
  return kExitUsage;
}

CommandStart StartCommand(int argc, char** argv, std::initializer_list<const char*> options,
                          std::initializer_list<const char*> flags,
                          std::initializer_list<const char*> required, const char* usage) {
  auto args = CliArgs::Parse(argc, argv, options, flags);
  if (!args.ok()) return {std::nullopt, UsageError(args.error(), usage)};
  if (args.value().Flag("--help")) {
    std::cout << usage;
    return {std::nullopt, kExitOk};
  }
  if (auto missing = args.value().Require(required))
    return {std::nullopt, UsageError(*missing, usage)};
  return {std::move(args.value()), kExitOk};
}

void Warn(const std::vector<std::string>& notes) {
  for (const std::string& note : notes) std::cerr << "warning: " << note << "\n";
}

}  // namespace seteli::app
