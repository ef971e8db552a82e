// The signed-in pages under /portal, in groups by who they serve
// (docs/providers.md, docs/finance.md). portal_routes.cc hands each request
// on once its session is found and, for a POST, its CSRF token checked,
// with the form's fields; a group answers the paths listed at the top of
// its file and nothing for any other path.
#ifndef SETELI_API_PAGES_H_
#define SETELI_API_PAGES_H_

#include <map>
#include <optional>
#include <string>

#include "api/api_state.h"
#include "api/http_reply.h"
#include "api/sessions.h"

namespace seteli::api {

// A provider's pages: visits, my month, my statement, my invoices
// (provider_pages.cc); the keys' paths go on to RouteKeyPages.
std::optional<Reply> RouteProviderPages(ApiState& state, const Request& request,
                                        const Session& session,
                                        const std::map<std::string, std::string>& form);
// A provider's keys (key_pages.cc).
std::optional<Reply> RouteKeyPages(ApiState& state, const Request& request, const Session& session,
                                   const std::map<std::string, std::string>& form);
// Finance's review queue and releases (finance_pages.cc).
std::optional<Reply> RouteFinancePages(ApiState& state, const Request& request,
                                       const Session& session,
                                       const std::map<std::string, std::string>& form);
// Finance's credits (credit_pages.cc).
std::optional<Reply> RouteCreditPages(ApiState& state, const Request& request,
                                      const Session& session,
                                      const std::map<std::string, std::string>& form);

// The navigation bar of a session's pages, with its sign-out form.
std::string PortalNav(const Session& session);
// The month of `month=` in the query or form, else the current month.
std::string PageMonth(const Request& r, const std::map<std::string, std::string>& form);

}  // namespace seteli::api

#endif  // SETELI_API_PAGES_H_
