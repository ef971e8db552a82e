#include "formats/unverified_fields.h"

namespace seteli::formats {

std::vector<std::string> UnverifiedFieldWarnings(const Rulebook& rulebook,
                                                 const std::string& source) {
  std::vector<std::string> out;
  for (const std::string& field : rulebook.unverified) {
    out.push_back(
        source + ": " + field +
        ": vahvistamaton arvo, jota lähteet eivät anna; tarkista se ennen tuotantokäyttöä / "
        "unverified value the sources do not give; confirm it before production use");
  }
  return out;
}

}  // namespace seteli::formats
