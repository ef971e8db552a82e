// The warnings for a rulebook's unverified fields (`unverified:` in the
// YAML, docs/formats.md): figures the organizer's sources do not give, such
// as a placeholder business ID. `seteli serve` and `seteli validate` print
// them at start; they never stop a command.
//
//   for (const std::string& w : UnverifiedFieldWarnings(rb, path)) std::cerr << w << "\n";
//   // "essote-2020.yaml: organizer.business_id: vahvistamaton arvo ... / unverified value ..."
#ifndef SETELI_FORMATS_UNVERIFIED_FIELDS_H_
#define SETELI_FORMATS_UNVERIFIED_FIELDS_H_

#include <string>
#include <vector>

#include "seteli/rulebook.h"

namespace seteli::formats {

// One line a field, starting with `source` (the file, or the version of a
// stored rulebook), Finnish first, English beside; empty when all are verified.
std::vector<std::string> UnverifiedFieldWarnings(const Rulebook& rulebook,
                                                 const std::string& source);

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_UNVERIFIED_FIELDS_H_
