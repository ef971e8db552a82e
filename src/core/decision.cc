#include "seteli/decision.h"

#include <algorithm>

namespace seteli {

bool Decision::Covers(const std::string& service) const {
  return std::find(services.begin(), services.end(), service) != services.end();
}

bool Decision::Chose(const std::string& business_id) const {
  return std::find(providers.begin(), providers.end(), business_id) != providers.end();
}

std::optional<Quantity> Decision::GrantFor(YearMonth month) const {
  auto it = granted_months.find(month);
  if (it != granted_months.end()) return it->second;
  return granted_per_month;
}

void DecisionBook::AddAbsence(Absence a) {
  auto [it, fresh] = absence_decision_.try_emplace(a.id, a.decision_id);
  if (!fresh) {
    std::vector<Absence>& earlier = absences_[it->second];
    std::erase_if(earlier, [&](const Absence& e) { return e.id == a.id; });
    it->second = a.decision_id;
  }
  absences_[a.decision_id].push_back(std::move(a));
}

DecisionBook::DecisionBook(const DecisionBook& other)
    : by_id_(other.by_id_), absences_(other.absences_), absence_decision_(other.absence_decision_) {
  Reindex();
}

DecisionBook& DecisionBook::operator=(const DecisionBook& other) {
  if (this == &other) return *this;
  by_id_ = other.by_id_;
  absences_ = other.absences_;
  absence_decision_ = other.absence_decision_;
  Reindex();
  return *this;
}

void DecisionBook::Reindex() {
  index_.clear();
  for (const auto& [id, d] : by_id_) index_.emplace(id, &d);
}

void DecisionBook::Add(Decision d) {
  auto [it, fresh] = by_id_.try_emplace(d.id);
  it->second = std::move(d);
  if (fresh) index_.emplace(it->first, &it->second);
}

const Decision* DecisionBook::Find(const std::string& id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : it->second;
}

const std::vector<Absence>& DecisionBook::AbsencesOf(const std::string& decision_id) const {
  static const std::vector<Absence> kNone;
  auto it = absences_.find(decision_id);
  return it == absences_.end() ? kNone : it->second;
}

Money MonthlyAccrual(const Decision& d, YearMonth month, int* active_days, int* suspension_days) {
  int active = 0, suspended = 0;
  for (Date day = month.first(); day <= month.last(); day = day.AddDays(1)) {
    if (!d.validity.Contains(day)) continue;
    bool away = std::any_of(d.suspensions.begin(), d.suspensions.end(),
                            [&](const DateRange& s) { return s.Contains(day); });
    (away ? suspended : active) += 1;
  }
  if (active_days) *active_days = active;
  if (suspension_days) *suspension_days = suspended;
  if (!d.balance) return Money();
  return Money::MulDiv(d.balance->accrual, active, month.days());
}

}  // namespace seteli
