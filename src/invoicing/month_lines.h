// What the run has of each provider's month while it settles group after
// group: the lines in temporary files (line_spill.h), written on a thread
// of their own (spill_writer.h), running totals, and what would hold the
// settlement (HoldReason's checks, made on each group's lines as they
// come: the first line that fails, else the lowest balance decision the
// lines draw on that closes below zero).
//
//   MonthLines lines;
//   lines.Add(std::move(outcome.shares));   // after each group
//   lines.Finish();                         // every line in its file
//   ProviderLines* p = lines.Find("2345678-0");
#ifndef SETELI_INVOICING_MONTH_LINES_H_
#define SETELI_INVOICING_MONTH_LINES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "invoicing/credit_lines.h"
#include "invoicing/group_settlement.h"
#include "invoicing/line_spill.h"
#include "invoicing/spill_writer.h"
#include "seteli/money.h"
#include "seteli/rulebook.h"
#include "seteli/settlement.h"

namespace seteli::invoicing {

struct ProviderLines {
  LineSpill current;
  std::map<YearMonth, LineSpill> adjustments;  // by the month corrected
  Money price, voucher, copay;
  int adjustment_lines = 0;
  std::optional<std::string> current_reason;
  std::map<YearMonth, std::string> adjustment_reasons;
  std::optional<BalanceStatement> below_zero;
  // Client-free remainders the voucher did not pay (in no total).
  std::vector<UnpaidRemainder> unpaid;
  // The organizer credits among the adjustments (credit_lines.h), which
  // the commit marks applied.
  std::vector<std::string> credit_ids;

  int64_t count() const;
  // The first spill that could not be written or read back.
  std::optional<Error> error() const;
  std::optional<std::string> HoldReason(const Rulebook& rulebook) const;
  // Every spill from its first line: this month's, then the corrections by
  // month.
  void Rewind();
  std::optional<LineSpill::Entry> Next();
};

class MonthLines {
 public:
  // Queues the group's lines of each provider for their files and adds
  // them to the totals and the reasons to hold.
  void Add(std::map<std::string, ProviderShare> shares);
  // Queues a provider's organizer credits' lines with its corrections of
  // the months they credit.
  void AddCredits(const std::string& provider, std::vector<PendingCredit> credits);
  // Returns once every queued line is in its file; then the first spill
  // that failed, if any.
  std::optional<Error> Finish();
  // A provider's lines; null when no group had any for it.
  ProviderLines* Find(const std::string& provider);

 private:
  // Queues `lines` for `spill` and adds them to `p`'s totals.
  void Spill(std::vector<SettlementLine> lines, LineSpill& spill, ProviderLines& p);

  std::map<std::string, ProviderLines> lines_;
  SpillWriter writer_;  // declared after `lines_`: it stops before their files close
};

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_MONTH_LINES_H_
