#include "formats/yaml_fields.h"

#include <fstream>
#include <sstream>

namespace seteli::formats {

YamlFields::YamlFields(std::string file, const YAML::Node& map, std::string context)
    : file_(std::move(file)), map_(map), context_(std::move(context)) {
  if (!map_.IsMap()) Fail(map_, "invalid_value", context_ + " must be a mapping");
}

std::string YamlFields::Where(const YAML::Node& at) const {
  int line = at.Mark().line >= 0 ? at.Mark().line + 1 : map_.Mark().line + 1;
  return file_ + ":" + std::to_string(line);
}

void YamlFields::Fail(const YAML::Node& at, const std::string& code,
                      const std::string& message) const {
  throw LoadError{Error{code, message, Where(at)}};
}

void YamlFields::Fail(const char* key, const std::string& code, const std::string& message) const {
  Fail(Has(key) ? map_[key] : map_, code, context_ + ": " + key + ": " + message);
}

void YamlFields::AllowOnly(std::initializer_list<const char*> known) const {
  for (const auto& kv : map_) {
    std::string key = kv.first.Scalar();
    bool ok = false;
    for (const char* k : known) ok = ok || key == k;
    if (!ok) Fail(kv.first, "unknown_key", context_ + ": unknown key '" + key + "'");
  }
}

bool YamlFields::Has(const char* key) const {
  return map_[key].IsDefined() && !map_[key].IsNull();
}

YAML::Node YamlFields::Get(const char* key) const {
  if (!Has(key)) Fail(map_, "missing_field", context_ + ": '" + key + "' is required");
  return map_[key];
}

std::string YamlFields::Text(const char* key) const {
  YAML::Node n = Get(key);
  if (!n.IsScalar()) Fail(key, "invalid_value", "expected a single value");
  return n.Scalar();
}

std::optional<std::string> YamlFields::OptionalText(const char* key) const {
  if (!Has(key)) return std::nullopt;
  return Text(key);
}

Money YamlFields::Amount(const char* key) const {
  std::string text = Text(key);
  auto m = Money::Parse(text);
  if (!m.ok()) Fail(key, "invalid_amount", m.error().message);
  if (m.value().negative()) Fail(key, "negative_amount", "'" + text + "' is negative");
  return m.value();
}

std::optional<Money> YamlFields::OptionalAmount(const char* key) const {
  if (!Has(key)) return std::nullopt;
  return Amount(key);
}

Date YamlFields::DateField(const char* key) const {
  auto d = Date::Parse(Text(key));
  if (!d.ok()) Fail(key, "invalid_date", d.error().message);
  return d.value();
}

std::optional<Date> YamlFields::OptionalDate(const char* key) const {
  if (!Has(key)) return std::nullopt;
  return DateField(key);
}

bool YamlFields::Flag(const char* key, bool fallback) const {
  if (!Has(key)) return fallback;
  std::string t = Text(key);
  if (t == "true") return true;
  if (t == "false") return false;
  Fail(key, "invalid_value", "expected true or false, not '" + t + "'");
}

int YamlFields::Integer(const char* key, int fallback, int min, int max) const {
  if (!Has(key)) return fallback;
  std::string t = Text(key);
  size_t used = 0;
  int v = 0;
  try {
    v = std::stoi(t, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != t.size() || v < min || v > max) {
    Fail(key, "invalid_value",
         "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
             ", not '" + t + "'");
  }
  return v;
}

YamlFields YamlFields::Child(const char* key) const {
  YAML::Node n = Get(key);
  if (!n.IsMap()) Fail(key, "invalid_value", "expected a mapping");
  return YamlFields(file_, n, context_ + "." + key);
}

YAML::Node ParseYaml(const std::string& text, const std::string& file) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw LoadError{Error{"yaml_syntax", e.msg, file + ":" + std::to_string(e.mark.line + 1)}};
  }
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"read_failed", "cannot read " + path, path};
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return Error{"read_failed", "error reading " + path, path};
  return s.str();
}

}  // namespace seteli::formats
