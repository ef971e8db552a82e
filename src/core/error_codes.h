// The project's stable error codes and the kind each one is (see
// ErrorKind in seteli/status.h): the one table KindOfCode reads. A new
// code goes here when it is first written; error_codes_test finds any
// code in src/ that is missing.
#ifndef SETELI_CORE_ERROR_CODES_H_
#define SETELI_CORE_ERROR_CODES_H_

#include <span>
#include <string_view>

#include "seteli/status.h"

namespace seteli {

struct CodeKind {
  std::string_view code;
  ErrorKind kind;
};

std::span<const CodeKind> StableErrorCodes();

}  // namespace seteli

#endif  // SETELI_CORE_ERROR_CODES_H_
