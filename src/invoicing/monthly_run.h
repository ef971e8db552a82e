// The monthly invoicing run: settles a month for every provider (or one),
// closes it, and queues self-billing invoices, on the store.
//
//   MonthlyRun run(store, ctx, drafter);
//   Result<RunReport> r = run.Execute({.month = YearMonth(2024, 5)}, progress);
//
// The run settles one group of clients at a time (event_groups.h), spills
// each provider's lines to a temporary file (line_spill.h) and keeps only
// running totals, so its memory is bounded by the largest group, not the
// month. A provider's lines come in the order of its clients' groups, each
// group's in the order of service.
//
// Each provider-month is written in one transaction (its settlement, lines,
// invoice number and outbox message), so a run killed at any point and run
// again gives the same settlements, references and invoice numbers, with no
// duplicates and no gaps. A settled provider-month is never rewritten:
// events recorded, corrected or voided later for it become prior_period
// lines in the next open month's settlement.
#ifndef SETELI_INVOICING_MONTHLY_RUN_H_
#define SETELI_INVOICING_MONTHLY_RUN_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "invoicing/corrected_invoices.h"
#include "invoicing/event_groups.h"
#include "invoicing/run_lease.h"
#include "invoicing/run_options.h"
#include "outbound/self_billing_rows.h"
#include "seteli/settle.h"
#include "store/store.h"

namespace seteli::invoicing {

enum class Outcome { kSettled, kHeld, kAlreadySettled, kNothingToSettle };
const char* OutcomeName(Outcome o);

struct ProviderOutcome {
  std::string provider;
  Outcome outcome = Outcome::kSettled;
  Settlement settlement;  // lines only with RunOptions::keep_lines
  int line_count = 0;
  std::string held_reason;
  std::optional<int64_t> invoice_number;  // self-billing
  int adjustment_lines = 0;
};

struct RunReport {
  store::RunRecord record;
  std::vector<ProviderOutcome> providers;
  std::vector<Rejection> rejected;  // events of the month the run did not settle
  // True when the run created nothing: the month was settled before.
  bool nothing_new = false;
  // What the run read and settled: groups of clients settled from the
  // balances the previous month's run left (only their events that reach
  // the month), from an earlier month's (a late event: their events from
  // the month after it), and from their first month; and how many stored
  // events it read.
  int groups_carried = 0;
  int groups_from_earlier = 0;
  int groups_from_history = 0;
  int64_t events_read = 0;
  // Events of the month or earlier the run left unpaid because they wait
  // for finance's review (review_queue.h), sorted; of them, how many this
  // run queued. The next run settles them once approved.
  std::vector<std::string> awaiting_review;
  int review_queued = 0;
  // Organizer credits the run's settlements carry (credit_lines.h).
  int credits_applied = 0;
};

// What a settled provider-month's self-billing document is drawn up from.
struct SelfBillingDraft {
  const Settlement& settlement;  // reference and totals; its lines are not read
  const std::vector<outbound::internal::InvoiceRowGroup>& rows;  // its lines grouped
  const Provider& provider;
  // The one the settlement was made with (the organizer, the exemption
  // wordings), never one remembered from earlier.
  const Rulebook& rulebook;
  int64_t invoice_number;  // the next of the provider's series
  // The invoices of the earlier months its prior-period lines correct: a
  // month of credits is a credit note that names them.
  std::vector<CorrectedInvoice> corrected_invoices;
};

// Draws up the self-billing Finvoice invoice (or credit note) of a settled
// provider-month: the message to queue for the operator, or why it cannot
// be drawn up (the settlement is then held with that reason).
using SelfBillingDrafter = std::function<Result<store::OutboxMessage>(const SelfBillingDraft&)>;
// Called after each provider: done so far, how many in all, which one.
using RunProgress = std::function<void(int done, int total, const std::string& provider)>;

class MonthlyRun {
 public:
  // `ctx` holds the registries the run settles with; `drafter` may be
  // empty, and then no self-billing invoice is drawn up.
  MonthlyRun(store::Store& store, const SettleContext& ctx, SelfBillingDrafter drafter);

  Result<RunReport> Execute(const RunOptions& options, const RunProgress& progress = {});

 private:
  store::Store& store_;
  const SettleContext& ctx_;
  SelfBillingDrafter drafter_;
};

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_MONTHLY_RUN_H_
