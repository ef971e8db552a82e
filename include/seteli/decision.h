// Voucher decisions (palvelusetelipäätökset), their balances, and housing
// absences.
//
// A decision names the client (a pseudonymous ID, never a personal identity
// code), the service or services, the providers the client chose, the
// municipality and the validity; where the rulebook leaves it open, the
// voucher value; optionally a monthly grant, or a euro balance that accrues
// monthly (a personal budget or a veterans' voucher).
#ifndef SETELI_DECISION_H_
#define SETELI_DECISION_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "seteli/date.h"
#include "seteli/money.h"

namespace seteli {

// Inclusive dates; an open end runs on.
struct DateRange {
  Date from;
  std::optional<Date> to;
  bool Contains(Date d) const { return d >= from && (!to || d <= *to); }
};

struct BalancePlan {
  Money opening;
  Money accrual;  // per month, pro rata by active days
};

struct Decision {
  std::string id;
  std::string client;
  std::vector<std::string> services;
  std::string municipality;
  DateRange validity;
  std::vector<std::string> providers;
  std::optional<Money> voucher_value;
  int residents = 1;
  std::optional<Quantity> granted_per_month;
  // Months whose grant differs from granted_per_month (the family carer's
  // two or three days off depend on that month's days of care).
  std::map<YearMonth, Quantity> granted_months;
  // This client's own monthly voucher cap, replacing the rulebook's.
  std::optional<Money> monthly_voucher_cap;
  std::optional<BalancePlan> balance;
  std::vector<DateRange> suspensions;

  bool Covers(const std::string& service) const;
  bool Chose(const std::string& business_id) const;
  // The units granted for `month`, if the decision grants any.
  std::optional<Quantity> GrantFor(YearMonth month) const;
};

struct Absence {
  std::string id;
  std::string decision_id;
  DateRange days;
};

class DecisionBook {
 public:
  DecisionBook() = default;
  // A copy indexes its own decisions, not the original's.
  DecisionBook(const DecisionBook& other);
  DecisionBook& operator=(const DecisionBook& other);
  DecisionBook(DecisionBook&&) = default;
  DecisionBook& operator=(DecisionBook&&) = default;

  void Add(Decision d);
  // The same absence ID again replaces the earlier record (typically the
  // open end filled in later), whichever decision that one named.
  void AddAbsence(Absence a);
  const Decision* Find(const std::string& id) const;
  const std::vector<Absence>& AbsencesOf(const std::string& decision_id) const;
  const std::map<std::string, Decision>& all() const { return by_id_; }

 private:
  void Reindex();

  std::map<std::string, Decision> by_id_;
  // by_id_ hashed, for Find once per event: the ordered map's walk of
  // string comparisons was a tenth of settling a month.
  std::unordered_map<std::string_view, const Decision*> index_;
  std::map<std::string, std::vector<Absence>> absences_;
  std::map<std::string, std::string> absence_decision_;  // absence ID -> decision ID
};

// The accrual of `plan` for `month`, pro rata by the days the decision is
// valid and not suspended: accrual x active_days / days_in_month, rounded once.
// Zero for a decision without a balance. `active_days` and
// `suspension_days`, when given, receive the day counts.
Money MonthlyAccrual(const Decision& d, YearMonth month, int* active_days = nullptr,
                     int* suspension_days = nullptr);

}  // namespace seteli

#endif  // SETELI_DECISION_H_
