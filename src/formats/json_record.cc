#include "formats/json_record.h"

#include <simdjson.h>

#include <charconv>
#include <cmath>

#include "formats/json_fields.h"

namespace seteli::formats {
namespace {

// Documents up to this size are parsed with the thread's own parser, which
// keeps its buffers between calls; a bigger one gets a parser of its own,
// so one huge line does not pin its memory to the thread.
constexpr size_t kKeptCapacity = 64 * 1024;

// A number's decimal form, as Poco::JSON's Var::toString gave it: integers
// as written, fractions in the shortest fixed notation that reads back.
std::string DecimalForm(simdjson::dom::element v) {
  if (v.is_int64()) return std::to_string(v.get_int64().value_unsafe());
  if (v.is_uint64()) return std::to_string(v.get_uint64().value_unsafe());
  double d = v.get_double().value_unsafe();
  if (d == 0) return "0";
  char buf[400];
  auto format = std::fabs(d) < 1e21 ? std::chars_format::fixed : std::chars_format::scientific;
  auto end = std::to_chars(buf, buf + sizeof buf, d, format).ptr;
  return std::string(buf, end);
}

JsonRecord::Value ValueOf(simdjson::dom::element v) {
  switch (v.type()) {
    case simdjson::dom::element_type::NULL_VALUE:
      return {JsonRecord::Kind::kNull, {}, {}};
    case simdjson::dom::element_type::STRING:
      return {JsonRecord::Kind::kString, v.get_string().value_unsafe(), {}};
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE:
      return {JsonRecord::Kind::kNumber, {}, DecimalForm(v)};
    case simdjson::dom::element_type::BOOL:
      return {JsonRecord::Kind::kBool, v.get_bool().value_unsafe() ? "true" : "false", {}};
    default:
      return {JsonRecord::Kind::kOther, {}, {}};
  }
}

[[noreturn]] void Fail(const std::string& code, const std::string& message) {
  JsonFields::Fail(code, message);
}

}  // namespace

JsonRecord::JsonRecord() = default;
JsonRecord::~JsonRecord() = default;
JsonRecord::JsonRecord(JsonRecord&&) noexcept = default;
JsonRecord& JsonRecord::operator=(JsonRecord&&) noexcept = default;

JsonRecord JsonRecord::Parse(std::string_view json) {
  thread_local simdjson::dom::parser kept;
  JsonRecord record;
  simdjson::dom::parser* parser = &kept;
  if (json.size() > kKeptCapacity) {
    record.owned_ = std::make_unique<simdjson::dom::parser>();
    parser = record.owned_.get();
  }
  simdjson::dom::element doc;
  auto error = parser->parse(json.data(), json.size(), true).get(doc);
  if (error) Fail("invalid_json", std::string("not valid JSON: ") + simdjson::error_message(error));
  simdjson::dom::object obj;
  if (doc.get_object().get(obj)) Fail("invalid_json", "expected a JSON object");
  record.fields_.reserve(obj.size());
  for (simdjson::dom::key_value_pair field : obj) {
    // Readers differ on which of two values wins: refused, not guessed.
    if (record.Find(field.key))
      Fail("invalid_json", "not valid JSON: duplicate key \"" + std::string(field.key) + "\"");
    record.Set(field.key, ValueOf(field.value));
  }
  return record;
}

void JsonRecord::Set(std::string_view key, Value value) {
  for (auto& [k, v] : fields_) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  fields_.emplace_back(key, std::move(value));
}

void JsonRecord::AllowOnly(std::initializer_list<const char*> known) const {
  // Of several unknown fields, the first in key order is named, as before.
  const std::string_view* unknown = nullptr;
  for (const auto& [key, value] : fields_) {
    bool ok = false;
    for (const char* k : known) ok = ok || key == k;
    if (!ok && (!unknown || key < *unknown)) unknown = &key;
  }
  if (unknown) Fail("unknown_field", "unknown field '" + std::string(*unknown) + "'");
}

const JsonRecord::Value* JsonRecord::Find(std::string_view key) const {
  for (const auto& [k, v] : fields_) {
    if (k == key) return &v;
  }
  return nullptr;
}

bool JsonRecord::Has(const char* key) const {
  const Value* v = Find(key);
  return v && v->kind != Kind::kNull;
}

const JsonRecord::Value& JsonRecord::Get(const char* key) const {
  const Value* v = Find(key);
  if (!v || v->kind == Kind::kNull) Fail("missing_field", "'" + std::string(key) + "' is required");
  return *v;
}

std::string_view JsonRecord::NonEmptyString(const char* key) const {
  const Value& v = Get(key);
  if (v.kind != Kind::kString) Fail("wrong_type", "'" + std::string(key) + "' must be a string");
  if (v.text.empty()) Fail("missing_field", "'" + std::string(key) + "' is empty");
  return v.text;
}

std::string JsonRecord::Text(const char* key) const { return std::string(NonEmptyString(key)); }

std::optional<std::string> JsonRecord::OptionalText(const char* key) const {
  if (!Has(key)) return std::nullopt;
  return Text(key);
}

Quantity JsonRecord::QuantityField(const char* key) const {
  const Value& v = Get(key);
  if (v.kind == Kind::kString) return QuantityOf(key, v.text);
  if (v.kind == Kind::kNumber) return QuantityOf(key, v.number);
  Fail("wrong_type", "'" + std::string(key) + "' must be a decimal string or number");
}

Date JsonRecord::DateField(const char* key) const { return DateOf(key, NonEmptyString(key)); }

std::optional<Date> JsonRecord::OptionalDate(const char* key) const {
  if (!Has(key)) return std::nullopt;
  return DateField(key);
}

Instant JsonRecord::Time(const char* key) const { return TimeOf(key, NonEmptyString(key)); }

bool JsonRecord::Flag(const char* key, bool fallback) const {
  if (!Has(key)) return fallback;
  const Value& v = Get(key);
  if ((v.kind == Kind::kBool || v.kind == Kind::kString) &&
      (v.text == "true" || v.text == "false")) {
    return v.text == "true";
  }
  Fail("wrong_type", "'" + std::string(key) + "' must be true or false");
}

std::string_view JsonRecord::StringOrEmpty(const char* key) const {
  const Value* v = Find(key);
  return v && v->kind == Kind::kString ? v->text : std::string_view();
}

}  // namespace seteli::formats
