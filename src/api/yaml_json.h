// YAML to JSON text, for registries that arrive as YAML files (providers)
// but are kept and served as JSON. Plain scalars that read as booleans,
// null or numbers become those; quoted and other scalars become strings.
#ifndef SETELI_API_YAML_JSON_H_
#define SETELI_API_YAML_JSON_H_

#include <yaml-cpp/yaml.h>

#include <string>

namespace seteli::api {

std::string YamlToJson(const YAML::Node& node);

}  // namespace seteli::api

#endif  // SETELI_API_YAML_JSON_H_
