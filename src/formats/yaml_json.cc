#include "formats/yaml_json.h"

#include <regex>

#include "formats/pretty_json_writer.h"

namespace seteli::formats {
namespace {

std::string Scalar(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  if (node.Tag() == "!") return JsonQuoted(s);  // quoted in the YAML
  static const std::regex kNumber(R"(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?)");
  if (s == "true" || s == "false") return s;
  if (s == "null" || s == "~") return "null";
  if (std::regex_match(s, kNumber)) return s;
  return JsonQuoted(s);
}

}  // namespace

std::string YamlToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      std::string out = "{";
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (out.size() > 1) out += ',';
        out += JsonQuoted(it->first.as<std::string>()) + ":" + YamlToJson(it->second);
      }
      return out + "}";
    }
    case YAML::NodeType::Sequence: {
      std::string out = "[";
      for (size_t i = 0; i < node.size(); ++i) out += (i ? "," : "") + YamlToJson(node[i]);
      return out + "]";
    }
    case YAML::NodeType::Scalar:
      return Scalar(node);
    default:
      return "null";
  }
}

}  // namespace seteli::formats
