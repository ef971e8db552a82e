// Loading the organizer's rulebook from YAML (format: docs/formats.md and
// the contract). Every error names the file, the line and the field:
//
//   auto rb = LoadRulebook("config/rulebooks/essote-2020.yaml");
//   if (!rb.ok()) std::cerr << ToLine(rb.error());   // "...yaml:41: unknown_key: ..."
#ifndef SETELI_FORMATS_RULEBOOK_YAML_H_
#define SETELI_FORMATS_RULEBOOK_YAML_H_

#include <string>

#include "seteli/rulebook.h"
#include "seteli/status.h"

namespace seteli::formats {

// `file` names the source in errors. The version is the year and the first
// twelve hex digits of the text's SHA-256, unless the file sets `version`.
Result<Rulebook> ParseRulebook(const std::string& text, const std::string& file);
Result<Rulebook> LoadRulebook(const std::string& path);

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_RULEBOOK_YAML_H_
