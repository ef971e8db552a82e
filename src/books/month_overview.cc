#include "books/month_overview.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

#include "export/reconciliation_export.h"

namespace seteli::books {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

void Add(Totals& t, const SettlementLine& l) {
  ++t.line_count;
  t.price += l.price;
  t.voucher += l.voucher;
  t.copay += l.copay;
}

ProviderSummary SummaryOf(const exports::ReconciliationRow& r) {
  ProviderSummary p;
  p.business_id = r.provider;
  p.name = r.provider_name;
  p.reference = r.reference;
  p.state = ToString(r.state);
  p.status = exports::ReconciliationStatusName(r.status);
  p.totals = {r.line_count, r.price_total, r.voucher_total, r.copay_total};
  p.invoiced = r.invoiced_total;
  p.difference = r.difference;
  for (const exports::ReceivedInvoice* i : r.invoices) p.invoice_numbers.push_back(i->number);
  p.rejection_codes = r.rejection_codes;
  p.held_reason = r.held_reason;
  return p;
}

// The month's lines summed by service (`services`) and counted by
// settlement (`line_counts`), in one reading.
Result<bool> SumLines(const exports::MonthBooks& books, exports::LineSource& lines,
                      std::vector<ServiceSummary>& services, std::vector<int64_t>& line_counts) {
  std::map<std::string, ServiceSummary> by_service;
  line_counts.assign(books.settlements.size(), 0);
  auto read = exports::ForEachLine(books, lines, [&](const Settlement& s, const SettlementLine& l) {
    ++line_counts[static_cast<size_t>(&s - books.settlements.data())];
    ServiceSummary& x = by_service[l.service];
    x.service = l.service;
    x.service_class = l.service_class;
    Add(x.totals, l);
  });
  if (!read.ok()) return read.error();
  for (auto& [code, summary] : by_service) services.push_back(std::move(summary));
  return true;
}

Object::Ptr TotalsJson(const Totals& t) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("line_count", t.line_count);
  o->set("price_total", t.price.ToString());
  o->set("voucher_total", t.voucher.ToString());
  o->set("copay_total", t.copay.ToString());
  return o;
}

Array::Ptr Strings(const std::vector<std::string>& v) {
  Array::Ptr a = new Array;
  for (const std::string& s : v) a->add(s);
  return a;
}

Object::Ptr ProviderJson(const ProviderSummary& p) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("business_id", p.business_id);
  o->set("name", p.name);
  o->set("reference", p.reference);
  o->set("settlement_state", p.state);
  o->set("status", p.status);
  o->set("totals", TotalsJson(p.totals));
  o->set("invoiced_total", p.invoiced.ToString());
  o->set("difference", p.difference.ToString());
  o->set("invoice_numbers", Strings(p.invoice_numbers));
  o->set("rejection_codes", Strings(p.rejection_codes));
  o->set("held_reason", p.held_reason);
  return o;
}

Object::Ptr CountsJson(const std::map<std::string, int>& counts) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const auto& [k, n] : counts) o->set(k, n);
  return o;
}

Array::Ptr RejectedJson(const MonthOverview& o) {
  Array::Ptr a = new Array;
  for (const RejectedInvoiceItem& i : o.rejected_invoices) {
    Object::Ptr x = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    x->set("kind", "invoice");
    x->set("business_id", i.provider);
    x->set("invoice_number", i.number);
    x->set("date", i.date);
    x->set("total", i.total.ToString());
    x->set("codes", Strings(i.codes));
    a->add(x);
  }
  for (const Rejection& r : o.rejected_events) {
    Object::Ptr x = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    x->set("kind", "event");
    x->set("event_id", r.event_id);
    x->set("code", r.code);
    x->set("message", r.message);
    a->add(x);
  }
  return a;
}

Object::Ptr RunJson(const MonthActivity& a) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  const store::RunRecord* run = a.last_run();
  o->set("ran", a.ran());
  if (!run) return o;
  o->set("run_id", run->run_id);
  o->set("state", run->state);
  o->set("provider", run->provider);
  o->set("started_at", run->started_at);
  o->set("finished_at", run->finished_at);
  o->set("settled", run->settled);
  o->set("held", run->held);
  return o;
}

Array::Ptr ReleasesJson(const std::vector<Release>& releases) {
  Array::Ptr a = new Array;
  for (const Release& r : releases) {
    Object::Ptr x = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    x->set("at", r.at);
    x->set("actor", r.actor);
    x->set("business_id", r.provider);
    x->set("reason", r.reason);
    a->add(x);
  }
  return a;
}

Array::Ptr GapsJson(const std::vector<InvoiceGap>& gaps) {
  Array::Ptr a = new Array;
  for (const InvoiceGap& g : gaps) {
    Object::Ptr x = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    x->set("business_id", g.business_id);
    x->set("name", g.name);
    x->set("reference", g.reference);
    x->set("voucher_total", g.voucher_total.ToString());
    Array::Ptr invoices = new Array;
    for (const InvoiceGap::Rejected& i : g.invoices) {
      Object::Ptr y = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
      y->set("invoice_number", i.number);
      y->set("total", i.total.ToString());
      y->set("codes", Strings(i.codes));
      invoices->add(y);
    }
    x->set("invoices", invoices);
    a->add(x);
  }
  return a;
}

Array::Ptr MessagesJson(const std::vector<MessageGap>& messages) {
  Array::Ptr a = new Array;
  for (const MessageGap& m : messages) {
    Object::Ptr x = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    x->set("message_id", m.message_id);
    x->set("business_id", m.business_id);
    x->set("kind", m.kind);
    x->set("subject", m.subject);
    x->set("state", m.state);
    x->set("attempts", m.attempts);
    x->set("last_error", m.last_error);
    a->add(x);
  }
  return a;
}

Object::Ptr NeedsActionJson(const NeedsAction& n) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("count", static_cast<int64_t>(n.count()));
  Array::Ptr held = new Array;
  for (const HeldItem& h : n.held) {
    Object::Ptr x = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    x->set("business_id", h.business_id);
    x->set("name", h.name);
    x->set("voucher_total", h.voucher_total.ToString());
    x->set("reason", h.reason);
    held->add(x);
  }
  o->set("held", held);
  o->set("rejected_invoices", GapsJson(n.rejected_invoices));
  o->set("missing_invoices", GapsJson(n.missing_invoices));
  Object::Ptr review = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  review->set("count", n.review_queue);
  o->set("review_queue", review);
  o->set("self_billing_undelivered", MessagesJson(n.self_billing_undelivered));
  Array::Ptr notices = new Array;
  for (const UndeliveredNotice& u : n.notices_undelivered) {
    Object::Ptr x = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    x->set("business_id", u.provider);
    x->set("invoice_number", u.invoice_number);
    x->set("kind", u.kind);
    x->set("channel", u.channel);
    x->set("outcome", u.outcome);
    notices->add(x);
  }
  o->set("notices_undelivered", notices);
  o->set("outbox_failures", MessagesJson(n.outbox_failures));
  return o;
}

Headline HeadlineOf(const MonthOverview& o) {
  if (!o.activity.ran()) return Headline::kNotRun;
  if (!o.failures.empty()) return Headline::kDoesNotReconcile;
  if (o.needs_action.count() > 0) return Headline::kNeedsAction;
  return Headline::kReconciles;
}

}  // namespace

const char* HeadlineName(Headline h) {
  switch (h) {
    case Headline::kNotRun:
      return "not_run";
    case Headline::kDoesNotReconcile:
      return "does_not_reconcile";
    case Headline::kNeedsAction:
      return "needs_action";
    case Headline::kReconciles:
      return "reconciles";
  }
  return "not_run";
}

MonthOverview BuildOverview(const exports::MonthBooks& books,
                            std::vector<Rejection> rejected_events, MonthActivity activity) {
  exports::BooksLines lines(books);
  // The books' own lines cannot fail to read.
  return BuildOverview(books, lines, std::move(rejected_events), std::move(activity)).value();
}

Result<MonthOverview> BuildOverview(const exports::MonthBooks& books, exports::LineSource& lines,
                                    std::vector<Rejection> rejected_events,
                                    MonthActivity activity) {
  MonthOverview o;
  o.month = books.month;
  o.activity = std::move(activity);
  std::vector<int64_t> line_counts;
  auto summed = SumLines(books, lines, o.services, line_counts);
  if (!summed.ok()) return summed.error();
  const std::vector<exports::ReconciliationRow> rows =
      exports::ReconciliationRows(books, line_counts);
  for (const exports::ReconciliationRow& r : rows) {
    o.providers.push_back(SummaryOf(r));
    ++o.status_counts[o.providers.back().status];
  }
  o.needs_action = FindNeedsAction(rows, o.activity);
  for (const ServiceSummary& s : o.services) {
    o.totals.line_count += s.totals.line_count;
    o.totals.price += s.totals.price;
    o.totals.voucher += s.totals.voucher;
    o.totals.copay += s.totals.copay;
  }
  for (const exports::ReceivedInvoice& i : books.invoices) {
    ++o.invoice_counts[exports::InvoiceStatusName(i.status)];
    if (i.status != exports::InvoiceStatus::kRejected) continue;
    o.rejected_invoices.push_back({i.provider, i.number, i.date.ToString(), i.total,
                                   i.rejection_codes});
  }
  o.rejected_events = std::move(rejected_events);
  auto failures = exports::Reconcile(books, lines);
  if (!failures.ok()) return failures.error();
  o.failures = std::move(failures).value();
  if (!o.activity.ran()) {
    const Error not_run = MonthNotRunError(books.month);
    o.failures = {{not_run.code, not_run.message}};
  }
  o.headline = HeadlineOf(o);
  return o;
}

std::string OverviewJson(const MonthOverview& o) {
  Object::Ptr root = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  root->set("month", o.month.ToString());
  root->set("headline", HeadlineName(o.headline));
  root->set("run", RunJson(o.activity));
  root->set("needs_action", NeedsActionJson(o.needs_action));
  root->set("releases", ReleasesJson(o.activity.releases));
  root->set("totals", TotalsJson(o.totals));
  Array::Ptr providers = new Array;
  for (const ProviderSummary& p : o.providers) providers->add(ProviderJson(p));
  root->set("providers", providers);
  Array::Ptr services = new Array;
  for (const ServiceSummary& s : o.services) {
    Object::Ptr x = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    x->set("service", s.service);
    x->set("class", ServiceClassName(s.service_class));
    x->set("totals", TotalsJson(s.totals));
    services->add(x);
  }
  root->set("services", services);
  root->set("status_counts", CountsJson(o.status_counts));
  root->set("invoice_counts", CountsJson(o.invoice_counts));
  Array::Ptr held = new Array;
  for (const ProviderSummary& p : o.providers) {
    if (p.held_reason.empty() && p.state != "held") continue;
    Object::Ptr x = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    x->set("business_id", p.business_id);
    x->set("voucher_total", p.totals.voucher.ToString());
    x->set("reason", p.held_reason);
    held->add(x);
  }
  root->set("held", held);
  root->set("rejected", RejectedJson(o));
  Array::Ptr failures = new Array;
  for (const exports::Failure& f : o.failures) {
    Object::Ptr x = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    x->set("code", f.code);
    x->set("message", f.message);
    failures->add(x);
  }
  root->set("reconciles", o.failures.empty());
  root->set("failures", failures);
  std::ostringstream out;
  root->stringify(out);
  return out.str();
}

}  // namespace seteli::books
