// A signed-in provider's pages (docs/providers.md), under /portal:
//
//   GET  /portal/visits[?replaces=ID]   record visits: one-visit form, CSV upload, template
//   POST /portal/visits                 one visit; its verdict at once
//   POST /portal/visits/upload          a CSV file; each line's verdict at once
//   GET  /portal/visits/template.csv    the CSV template (Finnish spreadsheet dialect)
//   GET  /portal/month?month=           my month: events, verdicts, flags, corrections
//   POST /portal/month/void             void one of my events
//   GET  /portal/settlement?month=      my statement of the month
//   GET  /portal/invoices               my invoices, returned ones with their reasons
//   GET  /portal/keys, POST ...         my keys (api/key_pages.h)
//
// Every page reads and writes the session's own business ID only: events
// go through the same intake as POST /v1/events with the provider's
// identity, so another provider's event is refused there.
#ifndef SETELI_API_PROVIDER_PAGES_H_
#define SETELI_API_PROVIDER_PAGES_H_

#include <map>
#include <optional>
#include <string>

#include "api/api_state.h"
#include "api/http_reply.h"
#include "api/sessions.h"

namespace seteli::api {

// The page for `request` (GET, or a POST whose CSRF token was checked),
// with its form fields; nothing when the path is not one of these.
std::optional<Reply> RouteProviderPages(ApiState& state, const Request& request,
                                        const Session& session,
                                        const std::map<std::string, std::string>& form);

// The navigation bar of a session's pages, with its sign-out form.
std::string PortalNav(const Session& session);
// The month of `month=` in the query or form, else the current month.
std::string PageMonth(const Request& r, const std::map<std::string, std::string>& form);

}  // namespace seteli::api

#endif  // SETELI_API_PROVIDER_PAGES_H_
