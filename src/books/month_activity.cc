#include "books/month_activity.h"

#include "invoicing/review_queue.h"

namespace seteli::books {
namespace {

constexpr char kReleaseAction[] = "settlements.release";
constexpr int kInvoiceLimit = 1000000;  // every invoice of a month

// "queued" hands the notice to the outbox (whose state then counts);
// "sent" is an e-mail the mail server took. Anything else reached no one.
bool NoticeOnItsWay(const std::string& outcome) { return outcome == "sent" || outcome == "queued"; }

Result<std::vector<Release>> ReleasesOf(store::AuditLog& store, const std::string& month) {
  auto records = store.ListAuditOf(kReleaseAction, " " + month);
  if (!records.ok()) return records.error();
  std::vector<Release> out;
  for (const store::AuditRecord& r : records.value()) {
    // The subject is "provider month" (invoicing/release.cc).
    const std::string& subject = r.entry.subject;
    out.push_back({r.at, r.entry.actor, subject.substr(0, subject.size() - month.size() - 1),
                   r.entry.detail});
  }
  return out;
}

Result<std::vector<store::OutboxMessage>> UnsentOf(store::OutboxStore& store,
                                                   const std::string& month) {
  std::vector<store::OutboxMessage> out;
  for (const char* state : {store::kOutboxQueued, store::kOutboxFailed}) {
    auto messages = store.ListOutbox(state);
    if (!messages.ok()) return messages.error();
    for (store::OutboxMessage& m : messages.value()) {
      if (m.month == month) out.push_back(std::move(m));
    }
  }
  return out;
}

Result<std::vector<UndeliveredNotice>> UndeliveredNoticesOf(store::InvoiceStore& store,
                                                            const std::string& month) {
  auto invoices = store.ListInvoices({.provider = "", .month = month, .limit = kInvoiceLimit});
  if (!invoices.ok()) return invoices.error();
  std::vector<UndeliveredNotice> out;
  for (const store::InvoiceRecord& r : invoices.value()) {
    if (r.state != store::kInvoiceRejected || NoticeOnItsWay(r.notice_outcome)) continue;
    out.push_back({r.provider.empty() ? r.seller : r.provider, r.invoice_number, r.notice_kind,
                   r.notice_channel, r.notice_outcome.empty() ? "not_sent" : r.notice_outcome});
  }
  return out;
}

}  // namespace

bool MonthActivity::ran() const {
  for (const store::RunRecord& r : runs) {
    if (store::RanThrough(r)) return true;
  }
  return false;
}

const store::RunRecord* MonthActivity::last_run() const {
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
    if (store::RanThrough(*it)) return &*it;
  }
  return runs.empty() ? nullptr : &runs.back();
}

Result<MonthActivity> LoadMonthActivity(store::Store& store, YearMonth month) {
  const std::string m = month.ToString();
  MonthActivity a;
  auto runs = store.ListRuns(m);
  if (!runs.ok()) return runs.error();
  a.runs = std::move(runs).value();
  auto releases = ReleasesOf(store, m);
  if (!releases.ok()) return releases.error();
  a.releases = std::move(releases).value();
  auto unsent = UnsentOf(store, m);
  if (!unsent.ok()) return unsent.error();
  a.unsent = std::move(unsent).value();
  auto notices = UndeliveredNoticesOf(store, m);
  if (!notices.ok()) return notices.error();
  a.undelivered_notices = std::move(notices).value();
  auto review = invoicing::OpenReviewCount(store, month);
  if (!review.ok()) return review.error();
  a.review_queue = review.value();
  return a;
}

Error MonthNotRunError(YearMonth month) {
  const std::string m = month.ToString();
  return Error{"month_not_run",
               "kuukautta " + m + " ei ole ajettu, joten täsmäytettävää ei ole / the month " + m +
                   " has not been run: nothing to reconcile (seteli run --month " + m + ")"};
}

std::optional<Error> MonthNotRun(store::RunStore& store, YearMonth month) {
  auto runs = store.ListRuns(month.ToString());
  if (!runs.ok()) return runs.error();
  for (const store::RunRecord& r : runs.value()) {
    if (store::RanThrough(r)) return std::nullopt;
  }
  return MonthNotRunError(month);
}

}  // namespace seteli::books
