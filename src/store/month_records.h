// What the monthly run keeps: a provider's settlement of a month and its
// lines, runs, balance statements and messages waiting for the operator.
// Amounts are integer cents; months are "YYYY-MM".
#ifndef SETELI_STORE_MONTH_RECORDS_H_
#define SETELI_STORE_MONTH_RECORDS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "seteli/settlement_state.h"
#include "seteli/status.h"

namespace seteli::store {

// The stored texts of the settlement states; seteli/settlement_state.h
// owns the states and the moves between them.
inline constexpr const char* kSettled = ToString(SettlementState::kSettled);
inline constexpr const char* kHeld = ToString(SettlementState::kHeld);
inline constexpr const char* kInvoiced = ToString(SettlementState::kInvoiced);

struct SettlementRecord {
  std::string provider;
  std::string month;
  std::string state;
  std::string reference;
  std::string rulebook_version;
  int64_t price_total = 0;
  int64_t voucher_total = 0;
  int64_t copay_total = 0;
  int line_count = 0;
  std::string held_reason;
  std::string run_id;
  std::optional<int64_t> invoice_number = {};  // self-billing
  // The settlement as JSON, lines included. The store keeps each line once
  // (settlement_lines): a body written with "lines":[] last and a nonzero
  // line_count gets its lines' bodies back in order when read.
  std::string body;
  std::string created_at = {};
  std::string updated_at = {};
};

// Whether the lines of `r` are kept in settlement_lines rather than in its
// body: a body written with "lines":[] last and a nonzero line_count.
inline bool LinesKeptApart(const SettlementRecord& r) {
  static constexpr std::string_view kEmptyTail = "\"lines\":[]}";
  return r.line_count != 0 && std::string_view(r.body).ends_with(kEmptyTail);
}

// A settlement as an inbound invoice is matched against it: no body, but
// the distinct services on its lines.
struct SettlementMatch {
  std::string provider;
  std::string month;
  std::string state;
  std::string reference;
  int64_t voucher_total = 0;
  std::vector<std::string> services;
};

struct SettlementLineRow {
  std::string provider;
  std::string month;           // the settlement's month
  int line_no = 0;
  std::string event_id;
  std::string decision_id;     // the event's decision
  std::string original_month;  // prior_period lines: the corrected month; else ""
  std::string service;
  int64_t price = 0;
  int64_t voucher = 0;
  int64_t copay = 0;
  std::string body;  // the line as JSON
};

// A line as the books check reads it, a page at a time.
struct StoredLineBody {
  int line_no = 0;
  std::string event_id;  // the event_id column, which the body must name too
  std::string body;      // the line as JSON
};

struct OutboxMessage {
  std::string message_id;  // unique, kept across resends
  std::string kind;        // "self_billing_invoice", "invoice_response", ...
  std::string provider;
  std::string month;
  std::string subject;     // e.g. the invoice number
  std::string body;        // the message as sent
  std::string state = "queued";  // queued, sent, failed
  int attempts = 0;
  std::string next_attempt_at = {};
  std::string last_error = {};
  int64_t seq = 0;
};

// One provider-month written by the run, all or nothing. When
// `self_billing_message` is set, the next number of the provider's invoice
// series is taken in the same transaction and passed to it to draw up the
// message, so the series has no gaps and no invoice exists without its
// settlement.
// `lines`, then the chunks `more_lines` fills until it returns false, go in
// with line numbers as given (a month's lines need not be in memory at once).
// An error from `more_lines` rolls the whole write back and is the
// commit's answer as it was given.
// `applied_credits` are the organizer credits whose lines are among them:
// each is marked applied by this settlement in the same transaction, and a
// credit some other settlement applied first rolls it back
// (credit_conflict), so a credit is never paid back twice.
struct SettlementWrite {
  SettlementRecord settlement;
  std::vector<SettlementLineRow> lines;
  std::function<Result<bool>(std::vector<SettlementLineRow>* chunk)> more_lines = {};
  std::function<OutboxMessage(int64_t invoice_number)> self_billing_message = {};
  std::vector<std::string> applied_credits = {};
};

// The events of one decision whose months run from `month_from` to
// `month_to`: how the monthly run plans its groups without reading bodies.
struct DecisionMonths {
  std::string decision_id;
  std::string month_from;
  std::string month_to;
  int64_t events = 0;
};

struct RunRecord {
  std::string run_id;
  std::string month;
  std::string provider;  // "" for all providers
  std::string state;     // queued, running, done, failed, interrupted (kRunInterrupted)
  std::string started_at = {};
  std::string finished_at = {};
  int providers_total = 0;
  int providers_done = 0;
  int settled = 0;
  int held = 0;
  int skipped = 0;
  std::string message = {};
  // Written, not read back: for a running run, how long from this write its
  // lease lasts. Its owner writes the run again or renews the lease
  // (Store::RenewRunLease) before then, or the run reads interrupted.
  int lease_seconds = 0;
};

// A run whose owner stopped renewing its lease (killed, or its machine
// lost): it will not finish. A new run of its month carries on from what
// it committed.
inline constexpr char kRunInterrupted[] = "interrupted";

// The code that opens the message of a run that went through every
// provider but left its month failing the books check: such a run is
// stored failed (books/run_books_check.h).
inline constexpr char kMonthDoesNotReconcile[] = "month_does_not_reconcile";

// Whether a run went through every provider: done, or failed only the
// books check after it (its month is then closed all the same).
inline bool RanThrough(const RunRecord& run) {
  return run.state == "done" || (run.state == "failed" &&
                                 std::string_view(run.message).starts_with(kMonthDoesNotReconcile));
}

struct BalanceRow {
  std::string decision_id;
  std::string month;
  std::string client;
  int64_t opening = 0;
  int64_t accrual = 0;
  int64_t used = 0;
  int64_t closing = 0;
  int suspension_days = 0;
};

// A decision as the monthly run of `month` left it: `digest` what settled
// it up to that month (invoicing/run_checkpoint.h), empty when a later run
// must not rely on it, and the business IDs of the providers with lines of
// its group of clients in a month up to then, comma-separated. A balance
// decision has its closing balance of that month as the run settled it, in
// cents: the statement's, or for a month settled again in a later run (an
// event recorded late) what is left after it.
struct CheckpointRow {
  std::string decision_id;
  std::string month;
  std::string digest;
  std::string providers;
  std::optional<int64_t> closing;
};

// A housing absence: inclusive dates, an empty `to` for one still open.
// Recorded again with the same ID (typically to close it), it is replaced.
struct AbsenceRow {
  std::string absence_id;
  std::string decision_id;
  std::string from;
  std::string to;
};

}  // namespace seteli::store

#endif  // SETELI_STORE_MONTH_RECORDS_H_
