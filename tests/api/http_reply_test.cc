// The one map from an error's kind to an HTTP status.
#include "api/http_reply.h"

#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include "core/error_codes.h"
#include "formats/strict_json.h"

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

// Replies are concatenated from JsonQuote: a value with a quote, a
// backslash and control characters still makes valid JSON that reads back
// as the value.
TEST(HttpReply, ReplyWithQuoteAndControlCharacterIsValidJson) {
  std::string message = "sanoi \"ei\" \\ \x01\x1f\n\t/loppu";
  for (int c = 0; c < 0x20; ++c) message += static_cast<char>(c);
  Reply r = ErrorReply(400, "bad \"code\"", message);
  Poco::JSON::Object::Ptr body;
  ASSERT_NO_THROW(body = formats::ParseStrictJson(r.body).extract<Poco::JSON::Object::Ptr>())
      << r.body;
  Poco::JSON::Object::Ptr error = body->getObject("error");
  EXPECT_EQ(error->getValue<std::string>("code"), "bad \"code\"");
  EXPECT_EQ(error->getValue<std::string>("message"), message);
  EXPECT_EQ(JsonQuote("a\"b\x01"), "\"a\\\"b\\u0001\"");
}

}  // namespace
}  // namespace seteli::api
