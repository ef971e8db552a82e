// A month at a glance for finance: totals by provider and by service, how
// the invoices stand, and what is held or rejected and why. Built from the
// same books and reconciliation rows as the exports, so its numbers are the
// exports' numbers. Served as JSON (GET /v1/months/{month}) and as a page
// (overview_page.h).
//
//   MonthOverview o = BuildOverview(books, rejected_events);
//   std::string json = OverviewJson(o);
#ifndef SETELI_BOOKS_MONTH_OVERVIEW_H_
#define SETELI_BOOKS_MONTH_OVERVIEW_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

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

struct MonthOverview {
  YearMonth month;
  Totals totals;                       // every line of the month's settlements
  std::vector<ProviderSummary> providers;  // by business ID
  std::vector<ServiceSummary> services;    // by service code
  std::map<std::string, int> status_counts;   // reconciliation status -> providers
  std::map<std::string, int> invoice_counts;  // accepted / rejected -> invoices
  std::vector<RejectedInvoiceItem> rejected_invoices;
  std::vector<Rejection> rejected_events;     // events the month's settling rejects
  std::vector<exports::Failure> failures;     // Reconcile(books)
};

// `rejected_events`: what settling the month's stored events rejects (the
// caller settles; the books hold only what was accepted).
MonthOverview BuildOverview(const exports::MonthBooks& books,
                            std::vector<Rejection> rejected_events);

// The overview as one JSON object; amounts are strings with a dot and two
// decimals, as in the API elsewhere.
std::string OverviewJson(const MonthOverview& o);

}  // namespace seteli::books

#endif  // SETELI_BOOKS_MONTH_OVERVIEW_H_
