#include "app/cli_exit_codes.h"

#include <iostream>

#include "app/command.h"

namespace seteli::app {

int ExitCode(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kNotFound:
      return kExitRejected;
    case ErrorKind::kInvalid:
    case ErrorKind::kFailedPrecondition:
    case ErrorKind::kAborted:
    case ErrorKind::kUnavailable:
    case ErrorKind::kResourceExhausted:
    case ErrorKind::kDataLoss:
    case ErrorKind::kInternal:
      return kExitUsage;
  }
  return kExitUsage;
}

int Failed(const Error& e) {
  std::cerr << ToLine(e) << "\n";
  return ExitCode(e.kind);
}

}  // namespace seteli::app
