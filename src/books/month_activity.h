// What the store knows of a month besides its books: whether and when it
// was run, who released which held settlement (the audit log), and what
// was to reach providers but has not: messages in the outbox not sent and
// notices of rejected invoices that found no channel. The month overview
// (month_overview.h) reads it for its "what needs action" block; the CLI
// and the overview say "not run" from the one MonthNotRun.
//
//   auto a = LoadMonthActivity(*store, YearMonth(2024, 5));
//   if (!a.value().ran()) ...;                       // month_not_run
#ifndef SETELI_BOOKS_MONTH_ACTIVITY_H_
#define SETELI_BOOKS_MONTH_ACTIVITY_H_

#include <optional>
#include <string>
#include <vector>

#include "seteli/date.h"
#include "seteli/status.h"
#include "store/store.h"

namespace seteli::books {

// A held settlement released by finance, as the audit log has it.
struct Release {
  std::string at;
  std::string actor;
  std::string provider;
  std::string reason;
};

// A rejected invoice whose notice to the provider went nowhere: no route,
// no e-mail address, no mail server, or the sending failed.
struct UndeliveredNotice {
  std::string provider;
  std::string invoice_number;
  std::string kind;     // finvoice_ack, invoice_response, or "" (none drawn up)
  std::string channel;  // operator, email, api
  std::string outcome;  // e.g. "no_email", "failed: ..."
};

struct MonthActivity {
  std::vector<store::RunRecord> runs;  // oldest first
  std::vector<Release> releases;       // oldest first
  // Of this month, queued or failed (self-billing invoices and notices).
  std::vector<store::OutboxMessage> unsent;
  std::vector<UndeliveredNotice> undelivered_notices;
  // Events of this month or earlier waiting for the organizer's review
  // before they are paid (invoicing/review_queue.h).
  int review_queue = 0;

  // Some run went through every provider (RanThrough): the month is closed.
  bool ran() const;
  // The latest run that went through, else the latest run; null for none.
  const store::RunRecord* last_run() const;
};

Result<MonthActivity> LoadMonthActivity(store::Store& store, YearMonth month);

// month_not_run, with a sentence in Finnish and English, for a month that
// no run went through: it has nothing to reconcile or export, and an empty
// month must not pass for one that reconciles.
Error MonthNotRunError(YearMonth month);

// MonthNotRunError when no run of `month` went through; the store's error
// when it cannot say; nothing when the month was run.
std::optional<Error> MonthNotRun(store::RunStore& store, YearMonth month);

}  // namespace seteli::books

#endif  // SETELI_BOOKS_MONTH_ACTIVITY_H_
