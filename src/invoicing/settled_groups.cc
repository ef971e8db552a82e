#include "invoicing/settled_groups.h"

namespace seteli::invoicing {

SettledGroups::SettledGroups(size_t groups)
    : clean(groups, 1), previous_again(groups, 0), providers_before(groups), providers_of(groups) {}

void SettledGroups::Add(size_t gi, GroupOutcome& outcome) {
  if (!outcome.clean) clean[gi] = 0;
  for (const auto& [provider, share] : outcome.shares) must_commit[provider].insert(gi);
  providers.insert(outcome.providers.begin(), outcome.providers.end());
  providers_of[gi] = std::move(outcome.providers);
  if (outcome.providers_before) {
    previous_again[gi] = 1;
    providers_before[gi] = std::move(*outcome.providers_before);
  }
  for (const auto& [id, closing] : outcome.closing_previous) closing_previous[id] = closing;
  for (auto& [id, by] : outcome.drawn_by) drawn_by[id].insert(by.begin(), by.end());
  for (store::BalanceRow& b : outcome.balances) balances.push_back(std::move(b));
  decisions.insert(outcome.decisions.begin(), outcome.decisions.end());
  for (Rejection& r : outcome.rejected) rejected.push_back(std::move(r));
}

void SettledGroups::NotCommitted(const std::string& provider) {
  for (size_t gi : must_commit[provider]) clean[gi] = 0;  // its lines are another run's
}

}  // namespace seteli::invoicing
