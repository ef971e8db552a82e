// Internal to formats: reading one JSON object (a line of a JSON Lines
// file or an element of an API body) field by field. Every failure names
// the field; the caller adds the file and line.
#ifndef SETELI_FORMATS_JSON_FIELDS_H_
#define SETELI_FORMATS_JSON_FIELDS_H_

#include <Poco/JSON/Object.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "seteli/date.h"
#include "seteli/money.h"
#include "seteli/status.h"
#include "seteli/time.h"

namespace seteli::formats {

// Thrown by the readers below; caught at the loader's edge.
struct FieldError {
  std::string code;
  std::string message;
};

// Parses `text` as one JSON object; a FieldError on anything else.
Poco::JSON::Object::Ptr ParseJsonObject(std::string_view text);

// The conversions behind the typed readers here and in JsonRecord; a
// FieldError naming `key` when `text` does not convert.
Quantity QuantityOf(const char* key, std::string_view text);
Date DateOf(const char* key, std::string_view text);
Instant TimeOf(const char* key, std::string_view text);

class JsonFields {
 public:
  explicit JsonFields(Poco::JSON::Object::Ptr obj) : obj_(std::move(obj)) {}

  void AllowOnly(std::initializer_list<const char*> known) const;
  bool Has(const char* key) const;
  std::string Text(const char* key) const;
  std::optional<std::string> OptionalText(const char* key) const;
  // A decimal given as a string or a JSON number.
  std::string Decimal(const char* key) const;
  Money Amount(const char* key) const;  // not negative
  std::optional<Money> OptionalAmount(const char* key) const;
  Quantity QuantityField(const char* key) const;
  Date DateField(const char* key) const;
  std::optional<Date> OptionalDate(const char* key) const;
  Instant Time(const char* key) const;
  std::optional<Instant> OptionalTime(const char* key) const;
  int Integer(const char* key, int fallback, int min, int max) const;
  std::vector<std::string> TextList(const char* key) const;
  std::optional<JsonFields> Child(const char* key) const;
  std::vector<JsonFields> Children(const char* key) const;
  // The object's keys, in key order.
  std::vector<std::string> Keys() const;

  [[noreturn]] static void Fail(const std::string& code, const std::string& message);

 private:
  Poco::Dynamic::Var Get(const char* key) const;
  Poco::JSON::Object::Ptr obj_;
};

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_JSON_FIELDS_H_
