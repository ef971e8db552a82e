#include "invoicing/credit_lines.h"

#include "formats/settlement_json.h"

namespace seteli::invoicing {

Result<std::map<std::string, std::vector<PendingCredit>>> PendingCredits(store::CreditStore& store,
                                                                         const RunPlan& plan) {
  auto credits =
      store.ListCredits({.provider = plan.provider.value_or(""), .unapplied_only = true});
  if (!credits.ok()) return credits.error();
  std::map<std::string, std::vector<PendingCredit>> out;
  for (const store::CreditRecord& c : credits.value()) {
    // A credit of this month or a later one waits for a later run; one
    // whose provider this run does not commit, for that provider's next.
    if (c.month >= plan.month.ToString() || !plan.Commits(c.provider)) continue;
    auto line = formats::ParseLineJson(c.line);
    if (!line.ok()) {
      return Error{"store_corrupt", "credit " + c.credit_id + ": " + line.error().message};
    }
    out[c.provider].push_back({c.credit_id, std::move(line.value())});
  }
  return out;
}

}  // namespace seteli::invoicing
