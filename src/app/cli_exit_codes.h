// The one place an error's kind becomes the command line's exit code. The
// contract's codes: 0 success; 1 the input was read but something in it
// was rejected; 2 usage or configuration error, nothing done.
#ifndef SETELI_APP_CLI_EXIT_CODES_H_
#define SETELI_APP_CLI_EXIT_CODES_H_

#include "seteli/status.h"

namespace seteli::app {

// not_found is 1: the input was read, but what it names (a month no run
// has settled, a settlement) is not there, as a rejected event is 1. Every
// other kind is 2: nothing was done, and the fix is in the configuration,
// the store or the program, not in the input.
int ExitCode(ErrorKind kind);

// Prints `e` as one line to stderr and returns its exit code.
int Failed(const Error& e);

}  // namespace seteli::app

#endif  // SETELI_APP_CLI_EXIT_CODES_H_
