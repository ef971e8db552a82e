// What the monthly run keeps of every group it settled, once their lines
// are spilled (month_lines.h): for the report, the balance statements and
// the checkpoints it writes when its providers are committed.
//
//   SettledGroups groups(plan.events.groups.size());
//   groups.Add(gi, std::move(outcome));
#ifndef SETELI_INVOICING_SETTLED_GROUPS_H_
#define SETELI_INVOICING_SETTLED_GROUPS_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "invoicing/group_settlement.h"
#include "seteli/settlement.h"
#include "store/store.h"

namespace seteli::invoicing {

struct SettledGroups {
  explicit SettledGroups(size_t groups);

  // Takes what group `gi`'s outcome holds but its shares, which are left
  // for MonthLines.
  void Add(size_t gi, GroupOutcome& outcome);
  // The providers the run committed nothing of (another run was first):
  // the groups with lines of theirs are not clean.
  void NotCommitted(const std::string& provider);

  // Per group (index into EventPlan::groups). A group is clean when, after
  // this run, every closed month up to this one agrees with its stored
  // lines for every provider: whatever differs goes into a settlement this
  // run commits, else the group is not clean. The next month's run trusts
  // only clean groups.
  std::vector<char> clean;
  // The groups that settle the previous month again, with the providers
  // with lines up to it: a checkpoint of the previous month is written
  // for them too, so a late event of this month sends them back one month
  // only (a client whose provider records late every month).
  std::vector<char> previous_again;
  std::vector<std::set<std::string>> providers_before;
  // Per group, the providers with lines in a month up to this one.
  std::vector<std::set<std::string>> providers_of;
  // Their closing balances of the previous month as settled again, for
  // those checkpoints, by decision (less than the month's statement when
  // the event recorded late used some of it).
  std::map<std::string, int64_t> closing_previous;
  std::map<std::string, std::set<size_t>> must_commit;  // provider -> groups with its lines
  // Per decision, the providers with lines of this month on it: its
  // balance statement is written only with one of their settlements.
  std::map<std::string, std::set<std::string>> drawn_by;
  std::vector<store::BalanceRow> balances;  // of the month
  std::set<std::string> decisions;          // settled by some group
  // With lines this month or in an earlier one: a provider with lines only
  // in earlier months is reported nothing_to_settle.
  std::set<std::string> providers;
  std::vector<Rejection> rejected;  // in the order the groups came
};

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_SETTLED_GROUPS_H_
