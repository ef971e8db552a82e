// Internal to formats: one flat JSON object (an event, an absence) read in
// one pass with simdjson, for the hot paths that read millions of small
// records: the daemon's POST /v1/events, `seteli ingest` and the monthly
// run reading stored events. The typed readers behave like JsonFields'
// (same codes, same messages); a field whose value is an object or array
// is kept only as "not a string or number".
//
//   JsonRecord r = JsonRecord::Parse(R"({"event_id":"E1","quantity":2})");
//   r.AllowOnly({"event_id", "quantity"});
//   std::string id = r.Text("event_id");   // FieldError when not a string
//
// Keys and string values are views into the parser's buffer: a record is
// valid until the next Parse on the same thread. Not thread-safe to share.
#ifndef SETELI_FORMATS_JSON_RECORD_H_
#define SETELI_FORMATS_JSON_RECORD_H_

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "seteli/date.h"
#include "seteli/money.h"
#include "seteli/time.h"

namespace simdjson::dom {
class parser;
}

namespace seteli::formats {

class JsonRecord {
 public:
  enum class Kind { kNull, kString, kNumber, kBool, kOther };
  struct Value {
    Kind kind = Kind::kNull;
    std::string_view text;  // a string's unescaped text; a bool's true or false
    std::string number;     // a number's decimal form
  };

  JsonRecord();
  ~JsonRecord();
  JsonRecord(JsonRecord&&) noexcept;
  JsonRecord& operator=(JsonRecord&&) noexcept;

  // Parses `json` as one JSON object; a FieldError (invalid_json) on
  // anything else, and on a key given twice.
  static JsonRecord Parse(std::string_view json);

  // Sets `key` (a later value for the same key wins, as in Poco::JSON).
  // The record keeps the views: `key` and `value.text` must outlive it.
  void Set(std::string_view key, Value value);

  void AllowOnly(std::initializer_list<const char*> known) const;
  // Present and not null.
  bool Has(const char* key) const;
  std::string Text(const char* key) const;
  std::optional<std::string> OptionalText(const char* key) const;
  Quantity QuantityField(const char* key) const;  // a decimal string or number
  Date DateField(const char* key) const;
  std::optional<Date> OptionalDate(const char* key) const;
  Instant Time(const char* key) const;
  // true or false, as JSON or as the text "true" / "false" (a CSV cell);
  // `fallback` when absent.
  bool Flag(const char* key, bool fallback) const;
  // The value of `key` when it is a string, else empty (for error reports).
  std::string_view StringOrEmpty(const char* key) const;

 private:
  const Value* Find(std::string_view key) const;
  const Value& Get(const char* key) const;  // FieldError when absent or null
  std::string_view NonEmptyString(const char* key) const;  // FieldError otherwise

  std::vector<std::pair<std::string_view, Value>> fields_;
  std::unique_ptr<simdjson::dom::parser> owned_;  // for a document too big to keep
};

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_JSON_RECORD_H_
