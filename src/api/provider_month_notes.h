// What the organizer decided about a provider's events, for its "My month"
// page (docs/providers.md): each event's review (waiting, approved, or
// refused with the reason and finance's text) and the credits finance gave
// of the month's events. The page is the provider's own channel: what a
// refusal or a credit says reaches it here before any run.
#ifndef SETELI_API_PROVIDER_MONTH_NOTES_H_
#define SETELI_API_PROVIDER_MONTH_NOTES_H_

#include <map>
#include <string>

#include "api/api_state.h"

namespace seteli::api {

// event ID -> the review's state in words (HTML), for the events of
// `provider` in `month` that went to review; empty when the store cannot
// say (the page still lists the events).
std::map<std::string, std::string> ReviewNotes(ApiState& state, const std::string& provider,
                                               const std::string& month);

// A section listing the credits of `provider`'s events settled in
// `month`, each with its amount, reason and text and whether a run has
// carried it; "" when there are none.
std::string CreditNotes(ApiState& state, const std::string& provider, const std::string& month);

}  // namespace seteli::api

#endif  // SETELI_API_PROVIDER_MONTH_NOTES_H_
