// The month overview as one self-contained HTML page for finance staff
// (GET /v1/months/{month}/page): the headline (not run, does not
// reconcile, N items need action, reconciles), the run, then what needs
// action (#needs-action, one row per item with data-kind) and the
// releases, then the totals, providers, services and an inline SVG bar
// chart. Inline CSS, no scripts and nothing fetched from elsewhere; fits a
// 1280 px window. Finnish first with English beside and codes in small
// print; amounts with a decimal comma and a no-break space between
// thousands ("40 065,53"). Every amount cell also carries its value as
// `data-value="40065.53"`, for scripts and tests. The page is a function
// of the overview alone, to be served behind any sign-in.
//
//   std::string html = OverviewHtml(BuildOverview(books, rejected));
#ifndef SETELI_BOOKS_OVERVIEW_PAGE_H_
#define SETELI_BOOKS_OVERVIEW_PAGE_H_

#include <string>

#include "books/month_overview.h"

namespace seteli::books {

// With `release_csrf` (a signed-in page's CSRF token), each held settlement
// carries a form that releases it with a reason: POST /portal/finance/release.
std::string OverviewHtml(const MonthOverview& o, const std::string& release_csrf = "");

// "40 065,53" with U+00A0 between the thousands; "-5,00".
std::string FinnishAmount(Money m);

// A stored UTC instant ("2026-12-07T01:19:08.457Z") as finance reads it, in
// Helsinki time: "7.12.2026 klo 3.19". Anything unreadable as it is.
std::string HelsinkiTime(const std::string& utc);

}  // namespace seteli::books

#endif  // SETELI_BOOKS_OVERVIEW_PAGE_H_
