#include "invoicing/month_statements.h"

namespace seteli::invoicing {

Result<std::vector<store::BalanceRow>> StatementsToWrite(
    store::RunStore& store, YearMonth month, const std::vector<store::BalanceRow>& rows,
    const std::map<std::string, std::set<std::string>>& drawn_by,
    const std::set<std::string>& committed) {
  auto stored = store.ListBalanceStatements(month.ToString());
  if (!stored.ok()) return stored.error();
  std::set<std::string> before;
  for (const store::BalanceRow& b : stored.value()) before.insert(b.decision_id);
  std::vector<store::BalanceRow> out;
  for (const store::BalanceRow& b : rows) {
    bool with_settlement = false;
    if (auto it = drawn_by.find(b.decision_id); it != drawn_by.end()) {
      for (const std::string& p : it->second) {
        with_settlement = with_settlement || committed.count(p);
      }
    }
    if (with_settlement || !before.count(b.decision_id)) out.push_back(b);
  }
  return out;
}

}  // namespace seteli::invoicing
