// The one map from an error's kind to the command line's exit code.
#include "app/cli_exit_codes.h"

#include <gtest/gtest.h>

#include "core/error_codes.h"

namespace seteli::app {
namespace {

TEST(CliExitCodes, NotFoundIsRejectedInputAndTheRestNothingDone) {
  EXPECT_EQ(ExitCode(ErrorKind::kNotFound), 1);
  for (ErrorKind k : {ErrorKind::kInvalid, ErrorKind::kFailedPrecondition, ErrorKind::kAborted,
                      ErrorKind::kUnavailable, ErrorKind::kResourceExhausted, ErrorKind::kDataLoss,
                      ErrorKind::kInternal}) {
    EXPECT_EQ(ExitCode(k), 2) << ToString(k);
  }
}

TEST(CliExitCodes, EveryStableCodeExitsOneOrTwo) {
  for (const CodeKind& c : StableErrorCodes()) {
    int exit = ExitCode(c.kind);
    EXPECT_TRUE(exit == 1 || exit == 2) << c.code;
  }
  EXPECT_EQ(ExitCode(KindOfCode("month_not_run")), 1);  // docs/monthly-run.md
  EXPECT_EQ(ExitCode(KindOfCode("schema_too_new")), 2);
  EXPECT_EQ(ExitCode(KindOfCode("store_corrupt")), 2);
}

}  // namespace
}  // namespace seteli::app
