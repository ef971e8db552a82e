// YAML to JSON text, for registries that arrive as YAML files (providers)
// but are kept and served as JSON. Plain scalars that read as booleans,
// null or numbers become those; quoted and other scalars become strings.
#ifndef SETELI_FORMATS_YAML_JSON_H_
#define SETELI_FORMATS_YAML_JSON_H_

#include <yaml-cpp/yaml.h>

#include <string>

namespace seteli::formats {

std::string YamlToJson(const YAML::Node& node);

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_YAML_JSON_H_
