// Internal to formats: reading YAML mappings field by field, with errors
// that name the file, the line and the field.
#ifndef SETELI_FORMATS_YAML_FIELDS_H_
#define SETELI_FORMATS_YAML_FIELDS_H_

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>

#include "seteli/date.h"
#include "seteli/money.h"
#include "seteli/status.h"

namespace seteli::formats {

// Thrown inside a loader and turned into a `Result` error at its edge, so
// the field readers stay short. Never escapes a loader.
struct LoadError {
  Error error;
};

class YamlFields {
 public:
  YamlFields(std::string file, const YAML::Node& map, std::string context);

  // Fails on any key not in `known`.
  void AllowOnly(std::initializer_list<const char*> known) const;

  bool Has(const char* key) const;
  const YAML::Node& Node() const { return map_; }
  YAML::Node Get(const char* key) const;
  std::string Text(const char* key) const;                 // required
  std::optional<std::string> OptionalText(const char* key) const;
  Money Amount(const char* key) const;                     // required, not negative
  std::optional<Money> OptionalAmount(const char* key) const;
  Date DateField(const char* key) const;
  std::optional<Date> OptionalDate(const char* key) const;
  bool Flag(const char* key, bool fallback) const;
  int Integer(const char* key, int fallback, int min, int max) const;
  // A child mapping, to read the same way.
  YamlFields Child(const char* key) const;

  [[noreturn]] void Fail(const YAML::Node& at, const std::string& code,
                         const std::string& message) const;
  [[noreturn]] void Fail(const char* key, const std::string& code, const std::string& message) const;
  std::string Where(const YAML::Node& at) const;
  const std::string& context() const { return context_; }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  YAML::Node map_;
  std::string context_;  // e.g. "service lapsiperheiden-kotipalvelu"
};

// Parses a YAML document, turning syntax errors into `yaml_syntax`.
YAML::Node ParseYaml(const std::string& text, const std::string& file);

// Reads a whole file; `read_failed` on failure.
Result<std::string> ReadFile(const std::string& path);

// Runs a loader's `read` (which throws LoadError or YAML::Exception on bad
// input) and gives its value or the error, naming `file` and the line.
template <class Read>
auto LoadYaml(const std::string& file, Read&& read) -> Result<decltype(read())> {
  try {
    return read();
  } catch (const LoadError& e) {
    return e.error;
  } catch (const YAML::Exception& e) {
    return Error{"yaml_syntax", e.msg, file + ":" + std::to_string(e.mark.line + 1)};
  }
}

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_YAML_FIELDS_H_
