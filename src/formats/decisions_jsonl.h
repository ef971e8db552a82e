// Loading voucher decisions from JSON Lines, checked against the rulebook:
// the services exist, a value the rulebook leaves to the decision is given
// and within its range, a balance service has a balance. The client must
// be a pseudonymous ID: a Finnish personal identity code is refused.
#ifndef SETELI_FORMATS_DECISIONS_JSONL_H_
#define SETELI_FORMATS_DECISIONS_JSONL_H_

#include <string>
#include <string_view>

#include "seteli/decision.h"
#include "seteli/rulebook.h"
#include "seteli/status.h"

namespace seteli::formats {

// One decision from one JSON object; errors carry `where` ("file:line").
Result<Decision> ParseDecisionJson(std::string_view json, const Rulebook& rulebook,
                                   const std::string& where);
Result<DecisionBook> ParseDecisions(const std::string& text, const std::string& file,
                                    const Rulebook& rulebook);
Result<DecisionBook> LoadDecisions(const std::string& path, const Rulebook& rulebook);

// Whether `text` holds the shape of a personal identity code (henkilötunnus)
// anywhere, once spaces are dropped and letters upper-cased.
bool LooksLikePersonalIdentityCode(std::string_view text);

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_DECISIONS_JSONL_H_
