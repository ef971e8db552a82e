// A month at a glance for finance: first what needs action
// (needs_action.h) and whether the month was run, then totals by provider
// and by service, how the invoices stand, and what is held or rejected and
// why. Built from the same books and reconciliation rows as the exports,
// so its numbers are the exports' numbers. Served as JSON
// (GET /v1/months/{month}) and as a page (overview_page.h).
//
//   MonthOverview o = BuildOverview(books, rejected_events, activity);
//   std::string json = OverviewJson(o);
#ifndef SETELI_BOOKS_MONTH_OVERVIEW_H_
#define SETELI_BOOKS_MONTH_OVERVIEW_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "books/month_activity.h"
#include "books/needs_action.h"
#include "export/line_source.h"
#include "export/month_books.h"
#include "export/reconcile.h"
#include "seteli/settlement.h"

namespace seteli::books {

struct Totals {
  int64_t line_count = 0;
  Money price;
  Money voucher;
  Money copay;
};

struct ProviderSummary {
  std::string business_id;
  std::string name;
  std::string reference;
  std::string state;   // settlement state
  std::string status;  // reconciliation status: accepted, rejected, missing, held
  Totals totals;
  Money invoiced;      // accepted invoices
  Money difference;    // voucher - invoiced
  std::vector<std::string> invoice_numbers;
  std::vector<std::string> rejection_codes;
  std::string held_reason;
};

struct ServiceSummary {
  std::string service;
  ServiceClass service_class = ServiceClass::kSocial;
  Totals totals;
};

struct RejectedInvoiceItem {
  std::string provider;
  std::string number;
  std::string date;
  Money total;
  std::vector<std::string> codes;
};

// What the month's first line says, in this order of precedence.
enum class Headline {
  kNotRun,            // no run went through: nothing to reconcile yet
  kDoesNotReconcile,  // some books check fails
  kNeedsAction,       // the books hold, but something is open
  kReconciles,        // nothing open, every check passes
};
const char* HeadlineName(Headline h);  // "not_run", "does_not_reconcile", ...

struct MonthOverview {
  YearMonth month;
  Headline headline = Headline::kNotRun;
  MonthActivity activity;
  NeedsAction needs_action;
  // Service code -> its name in the rulebook (Finnish), for the page.
  std::map<std::string, std::string> service_names;
  Totals totals;                       // every line of the month's settlements
  std::vector<ProviderSummary> providers;  // by business ID
  std::vector<ServiceSummary> services;    // by service code
  std::map<std::string, int> status_counts;   // reconciliation status -> providers
  std::map<std::string, int> invoice_counts;  // accepted / rejected -> invoices
  std::vector<RejectedInvoiceItem> rejected_invoices;
  std::vector<Rejection> rejected_events;     // events the month's settling rejects
  // Reconcile(books); for a month not run, month_not_run alone.
  std::vector<exports::Failure> failures;
};

// `rejected_events`: what settling the month's stored events rejects (the
// caller settles; the books hold only what was accepted).
MonthOverview BuildOverview(const exports::MonthBooks& books,
                            std::vector<Rejection> rejected_events, MonthActivity activity);
// The same with the lines read from `lines` (the books' own lines left
// empty): twice, once for the sums and once for Reconcile, holding sums
// only. Errors: those of `lines`.
Result<MonthOverview> BuildOverview(const exports::MonthBooks& books, exports::LineSource& lines,
                                    std::vector<Rejection> rejected_events, MonthActivity activity);

// The overview as one JSON object, opening with the headline, the run and
// what needs action; amounts are strings with a dot and two decimals, as
// in the API elsewhere.
std::string OverviewJson(const MonthOverview& o);

}  // namespace seteli::books

#endif  // SETELI_BOOKS_MONTH_OVERVIEW_H_
