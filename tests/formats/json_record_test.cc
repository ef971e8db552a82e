// JsonRecord: the simdjson reader behind the event loaders, which must
// answer exactly as the Poco::JSON reader did (codes, messages, which of
// several problems is named).
#include "formats/json_record.h"

#include <gtest/gtest.h>

#include "formats/json_fields.h"

namespace seteli::formats {
namespace {

// The FieldError `read` throws, or {"", ""} when it throws none.
template <class Read>
FieldError ErrorOf(Read&& read) {
  try {
    read();
  } catch (const FieldError& e) {
    return e;
  }
  return {"", ""};
}

TEST(JsonRecord, ReadsStringsNumbersAndNulls) {
  JsonRecord r = JsonRecord::Parse(
      R"({"id":"E\u00e41","q":1.50,"n":3,"big":12345678901234567890,"none":null,"list":[1]})");
  EXPECT_EQ(r.Text("id"), "E\xc3\xa4" "1");
  EXPECT_EQ(r.QuantityField("q").ToString(), "1.5");
  EXPECT_EQ(r.QuantityField("n").ToString(), "3");
  EXPECT_TRUE(r.Has("big"));
  EXPECT_FALSE(r.Has("none"));  // null is as absent
  EXPECT_FALSE(r.OptionalText("none").has_value());
  EXPECT_TRUE(r.Has("list"));
  EXPECT_EQ(r.StringOrEmpty("id"), "E\xc3\xa4" "1");
  EXPECT_EQ(r.StringOrEmpty("n"), "");
}

// Readers differ on which of two values wins; the daemon keeps the bytes
// it took, so a key given twice is refused rather than read one way.
TEST(JsonRecord, AKeyGivenTwiceIsRefused) {
  FieldError e = ErrorOf([] { JsonRecord::Parse(R"({"a":"first","a":"second"})"); });
  EXPECT_EQ(e.code, "invalid_json");
  EXPECT_EQ(e.message, "not valid JSON: duplicate key \"a\"");
}

TEST(JsonRecord, ErrorsNameTheFieldAsBefore) {
  JsonRecord r = JsonRecord::Parse(R"({"s":7,"e":"","q":true,"d":"2024-02-30","t":"noon"})");
  FieldError e = ErrorOf([&] { r.Text("s"); });
  EXPECT_EQ(e.code, "wrong_type");
  EXPECT_EQ(e.message, "'s' must be a string");
  e = ErrorOf([&] { r.Text("e"); });
  EXPECT_EQ(e.code, "missing_field");
  EXPECT_EQ(e.message, "'e' is empty");
  e = ErrorOf([&] { r.Text("absent"); });
  EXPECT_EQ(e.message, "'absent' is required");
  e = ErrorOf([&] { r.QuantityField("q"); });
  EXPECT_EQ(e.message, "'q' must be a decimal string or number");
  EXPECT_EQ(ErrorOf([&] { r.DateField("d"); }).code, "invalid_date");
  EXPECT_EQ(ErrorOf([&] { r.Time("t"); }).code, "invalid_time");
}

TEST(JsonRecord, NamesTheFirstUnknownFieldInKeyOrder) {
  JsonRecord r = JsonRecord::Parse(R"({"zebra":1,"id":"x","apple":null})");
  FieldError e = ErrorOf([&] { r.AllowOnly({"id"}); });
  EXPECT_EQ(e.code, "unknown_field");
  EXPECT_EQ(e.message, "unknown field 'apple'");
  EXPECT_EQ(ErrorOf([&] { r.AllowOnly({"id", "zebra", "apple"}); }).code, "");
}

TEST(JsonRecord, RefusesWhatIsNotOneJsonObject) {
  for (const char* text : {"", "{", R"({"a":1} x)", R"({"a":1}{})", "[1]", R"("text")",
                           R"({"a":nul})", "{\"a\":\"\xff\"}"}) {
    FieldError e = ErrorOf([&] { JsonRecord::Parse(text); });
    EXPECT_EQ(e.code, "invalid_json") << text;
  }
  EXPECT_EQ(ErrorOf([&] { JsonRecord::Parse("[1]"); }).message, "expected a JSON object");
  EXPECT_EQ(ErrorOf([&] { JsonRecord::Parse("{"); }).message.rfind("not valid JSON: ", 0), 0u);
}

TEST(JsonRecord, ABigDocumentIsReadToo) {
  std::string worker(200000, 'w');
  JsonRecord big = JsonRecord::Parse(R"({"worker":")" + worker + R"("})");
  EXPECT_EQ(big.Text("worker"), worker);
  JsonRecord small = JsonRecord::Parse(R"({"id":"x"})");  // the thread's parser, unaffected
  EXPECT_EQ(small.Text("id"), "x");
  EXPECT_EQ(big.Text("worker").size(), worker.size());
}

}  // namespace
}  // namespace seteli::formats
