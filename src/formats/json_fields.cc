#include "formats/json_fields.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "formats/strict_json.h"

namespace seteli::formats {

void JsonFields::Fail(const std::string& code, const std::string& message) {
  throw FieldError{code, message};
}

Poco::JSON::Object::Ptr ParseJsonObject(std::string_view text) {
  Poco::Dynamic::Var v;
  try {
    v = ParseStrictJson(std::string(text));
  } catch (const Poco::Exception& e) {
    JsonFields::Fail("invalid_json", "not valid JSON: " + e.message());
  }
  if (v.type() != typeid(Poco::JSON::Object::Ptr)) {
    JsonFields::Fail("invalid_json", "expected a JSON object");
  }
  return v.extract<Poco::JSON::Object::Ptr>();
}

Quantity QuantityOf(const char* key, std::string_view text) {
  auto q = Quantity::Parse(text);
  if (!q.ok()) JsonFields::Fail("invalid_quantity", std::string(key) + ": " + q.error().message);
  return q.value();
}

Date DateOf(const char* key, std::string_view text) {
  auto d = Date::Parse(text);
  if (!d.ok()) JsonFields::Fail("invalid_date", std::string(key) + ": " + d.error().message);
  return d.value();
}

Instant TimeOf(const char* key, std::string_view text) {
  auto t = Instant::Parse(text);
  if (!t.ok()) JsonFields::Fail("invalid_time", std::string(key) + ": " + t.error().message);
  return t.value();
}

void JsonFields::AllowOnly(std::initializer_list<const char*> known) const {
  for (const auto& [key, value] : *obj_) {
    bool ok = false;
    for (const char* k : known) ok = ok || key == k;
    if (!ok) Fail("unknown_field", "unknown field '" + key + "'");
  }
}

std::vector<std::string> JsonFields::Keys() const {
  std::vector<std::string> keys;
  for (const auto& [key, value] : *obj_) keys.push_back(key);
  return keys;
}

bool JsonFields::Has(const char* key) const { return obj_->has(key) && !obj_->isNull(key); }

Poco::Dynamic::Var JsonFields::Get(const char* key) const {
  if (!Has(key)) Fail("missing_field", "'" + std::string(key) + "' is required");
  return obj_->get(key);
}

std::string JsonFields::Text(const char* key) const {
  Poco::Dynamic::Var v = Get(key);
  if (!v.isString()) Fail("wrong_type", "'" + std::string(key) + "' must be a string");
  std::string s = v.extract<std::string>();
  if (s.empty()) Fail("missing_field", "'" + std::string(key) + "' is empty");
  return s;
}

std::optional<std::string> JsonFields::OptionalText(const char* key) const {
  if (!Has(key)) return std::nullopt;
  return Text(key);
}

std::string JsonFields::Decimal(const char* key) const {
  Poco::Dynamic::Var v = Get(key);
  if (v.isString()) return v.extract<std::string>();
  if (v.isNumeric()) return v.toString();
  Fail("wrong_type", "'" + std::string(key) + "' must be a decimal string or number");
}

Money JsonFields::Amount(const char* key) const {
  auto m = Money::Parse(Decimal(key));
  if (!m.ok()) Fail("invalid_amount", std::string(key) + ": " + m.error().message);
  if (m.value().negative()) Fail("negative_amount", std::string(key) + " is negative");
  return m.value();
}

std::optional<Money> JsonFields::OptionalAmount(const char* key) const {
  if (!Has(key)) return std::nullopt;
  return Amount(key);
}

Quantity JsonFields::QuantityField(const char* key) const { return QuantityOf(key, Decimal(key)); }

Date JsonFields::DateField(const char* key) const { return DateOf(key, Text(key)); }

std::optional<Date> JsonFields::OptionalDate(const char* key) const {
  if (!Has(key)) return std::nullopt;
  return DateField(key);
}

Instant JsonFields::Time(const char* key) const { return TimeOf(key, Text(key)); }

std::optional<Instant> JsonFields::OptionalTime(const char* key) const {
  if (!Has(key)) return std::nullopt;
  return Time(key);
}

int JsonFields::Integer(const char* key, int fallback, int min, int max) const {
  if (!Has(key)) return fallback;
  Poco::Dynamic::Var v = Get(key);
  if (!v.isInteger()) Fail("wrong_type", "'" + std::string(key) + "' must be a whole number");
  int64_t n = v.convert<int64_t>();
  if (n < min || n > max) {
    Fail("invalid_value", "'" + std::string(key) + "' must be from " + std::to_string(min) +
                              " to " + std::to_string(max));
  }
  return static_cast<int>(n);
}

std::vector<std::string> JsonFields::TextList(const char* key) const {
  Poco::Dynamic::Var v = Get(key);
  if (v.type() != typeid(Poco::JSON::Array::Ptr)) {
    Fail("wrong_type", "'" + std::string(key) + "' must be a list of strings");
  }
  std::vector<std::string> out;
  for (const auto& item : *v.extract<Poco::JSON::Array::Ptr>()) {
    if (!item.isString()) Fail("wrong_type", "'" + std::string(key) + "' must be a list of strings");
    out.push_back(item.extract<std::string>());
  }
  return out;
}

std::optional<JsonFields> JsonFields::Child(const char* key) const {
  if (!Has(key)) return std::nullopt;
  Poco::Dynamic::Var v = Get(key);
  if (v.type() != typeid(Poco::JSON::Object::Ptr)) {
    Fail("wrong_type", "'" + std::string(key) + "' must be an object");
  }
  return JsonFields(v.extract<Poco::JSON::Object::Ptr>());
}

std::vector<JsonFields> JsonFields::Children(const char* key) const {
  std::vector<JsonFields> out;
  if (!Has(key)) return out;
  Poco::Dynamic::Var v = Get(key);
  if (v.type() != typeid(Poco::JSON::Array::Ptr)) {
    Fail("wrong_type", "'" + std::string(key) + "' must be a list");
  }
  for (const auto& item : *v.extract<Poco::JSON::Array::Ptr>()) {
    if (item.type() != typeid(Poco::JSON::Object::Ptr)) {
      Fail("wrong_type", "'" + std::string(key) + "' must be a list of objects");
    }
    out.emplace_back(item.extract<Poco::JSON::Object::Ptr>());
  }
  return out;
}

}  // namespace seteli::formats
