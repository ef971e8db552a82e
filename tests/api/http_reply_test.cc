// The one map from an error's kind to an HTTP status.
#include "api/http_reply.h"

#include <gtest/gtest.h>

#include "core/error_codes.h"

namespace seteli::api {
namespace {

TEST(HttpReply, EveryKindHasItsStatus) {
  EXPECT_EQ(HttpStatus(ErrorKind::kInvalid), 400);
  EXPECT_EQ(HttpStatus(ErrorKind::kNotFound), 404);
  EXPECT_EQ(HttpStatus(ErrorKind::kFailedPrecondition), 409);
  EXPECT_EQ(HttpStatus(ErrorKind::kAborted), 409);
  EXPECT_EQ(HttpStatus(ErrorKind::kUnavailable), 503);
  EXPECT_EQ(HttpStatus(ErrorKind::kResourceExhausted), 503);
  EXPECT_EQ(HttpStatus(ErrorKind::kDataLoss), 500);
  EXPECT_EQ(HttpStatus(ErrorKind::kInternal), 500);
}

TEST(HttpReply, EveryStableCodeAnswersAnErrorStatus) {
  for (const CodeKind& c : StableErrorCodes()) {
    Reply r = ErrorReply(Error{std::string(c.code), "x"});
    EXPECT_GE(r.status, 400) << c.code;
    EXPECT_LT(r.status, 600) << c.code;
  }
}

// What docs/api.md promises: a failed store is 503 (retry later); a
// damaged one is 500, for retrying will not mend it.
TEST(HttpReply, StoreErrorsByKind) {
  EXPECT_EQ(ErrorReply(Error{"store_unavailable", "x"}).status, 503);
  EXPECT_EQ(ErrorReply(Error{"store_full", "x"}).status, 503);
  EXPECT_EQ(ErrorReply(Error{"store_corrupt", "x"}).status, 500);
  EXPECT_EQ(ErrorReply(Error{"failed_precondition", "x"}, 422).status, 409);
  EXPECT_EQ(ErrorReply(Error{"invalid_value", "x"}, 422).status, 422);
  EXPECT_EQ(ErrorReply(Error{"store_unavailable", "x"}, 422).status, 503);
}

}  // namespace
}  // namespace seteli::api
