#include "invoicing/run_checkpoints.h"

#include <map>
#include <optional>

#include "invoicing/carry_plan.h"

namespace seteli::invoicing {
namespace {

std::optional<int64_t> ClosingOf(const std::map<std::string, int64_t>& closing,
                                 const std::string& id) {
  auto c = closing.find(id);
  return c == closing.end() ? std::nullopt : std::optional<int64_t>(c->second);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> OpenedCheckpoints(const RunPlan& plan) {
  std::vector<std::pair<std::string, std::string>> open;
  for (size_t gi = 0; gi < plan.events.groups.size(); ++gi) {
    const auto& after = plan.carries.after[gi];
    const std::string first = after ? after->next().ToString() : "";
    for (const std::string& id : plan.events.groups[gi].decision_ids) open.emplace_back(id, first);
  }
  return open;
}

std::vector<store::CheckpointRow> ClosingCheckpoints(const RunPlan& plan,
                                                     const SettledGroups& groups,
                                                     const std::vector<store::BalanceRow>& balances,
                                                     const CheckpointDigest& digest) {
  // This month's closing balances are theirs, now that the statements
  // are in.
  std::map<std::string, int64_t> closing_now;
  for (const store::BalanceRow& b : balances) closing_now[b.decision_id] = b.closing;
  const std::string month = plan.month.ToString();
  std::vector<store::CheckpointRow> out;
  for (size_t gi = 0; gi < plan.events.groups.size(); ++gi) {
    const bool clean = groups.clean[gi];
    const std::string seen = JoinProviders(groups.providers_of[gi]);
    const std::string before = JoinProviders(groups.providers_before[gi]);
    for (const std::string& id : plan.events.groups[gi].decision_ids) {
      std::string d = clean ? digest.Of(id, plan.events.EventsThrough(id)) : "";
      out.push_back({id, month, std::move(d), seen, ClosingOf(closing_now, id)});
      if (clean && groups.previous_again[gi]) {
        out.push_back({id, plan.previous.ToString(), digest.Of(id, plan.events.EventsBefore(id)),
                       before, ClosingOf(groups.closing_previous, id)});
      }
    }
  }
  return out;
}

YearMonth OldestCheckpointKept(YearMonth month) {
  for (int i = 0; i < kCheckpointMonths; ++i) month = month.prev();
  return month;
}

}  // namespace seteli::invoicing
