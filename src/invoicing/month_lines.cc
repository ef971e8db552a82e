#include "invoicing/month_lines.h"

#include "seteli/adjustment.h"

namespace seteli::invoicing {

int64_t ProviderLines::count() const {
  int64_t n = current.count();
  for (const auto& [m, spill] : adjustments) n += spill.count();
  return n;
}

std::optional<Error> ProviderLines::error() const {
  if (current.error()) return current.error();
  for (const auto& [m, spill] : adjustments) {
    if (spill.error()) return spill.error();
  }
  return std::nullopt;
}

std::optional<std::string> ProviderLines::HoldReason(const Rulebook& rulebook) const {
  if (current_reason) return current_reason;
  if (!adjustment_reasons.empty()) return adjustment_reasons.begin()->second;
  if (below_zero) return seteli::HoldReason(Settlement{}, rulebook, {*below_zero});
  return std::nullopt;
}

void ProviderLines::Rewind() {
  current.Rewind();
  for (auto& [m, spill] : adjustments) spill.Rewind();
}

std::optional<LineSpill::Entry> ProviderLines::Next() {
  if (auto e = current.Next()) return e;
  for (auto& [m, spill] : adjustments) {
    if (auto e = spill.Next()) return e;
  }
  return std::nullopt;
}

void MonthLines::Add(std::map<std::string, ProviderShare> shares) {
  for (auto& [provider, share] : shares) {
    ProviderLines& p = lines_[provider];
    for (UnpaidRemainder& u : share.unpaid) p.unpaid.push_back(std::move(u));
    if (!p.current_reason) p.current_reason = std::move(share.month.hold_reason);
    Spill(std::move(share.month.lines), p.current, p);
    for (auto& [m, adj] : share.corrections) {
      p.adjustment_lines += static_cast<int>(adj.lines.size());
      if (adj.hold_reason) p.adjustment_reasons.emplace(m, std::move(*adj.hold_reason));
      Spill(std::move(adj.lines), p.adjustments[m], p);
    }
    const auto& below = share.below_zero;
    if (below && (!p.below_zero || below->decision_id < p.below_zero->decision_id)) {
      p.below_zero = below;
    }
  }
}

void MonthLines::AddCredits(const std::string& provider, std::vector<PendingCredit> credits) {
  ProviderLines& p = lines_[provider];
  std::map<YearMonth, std::vector<SettlementLine>> by_month;
  for (PendingCredit& c : credits) {
    p.credit_ids.push_back(std::move(c.credit_id));
    by_month[*c.line.original_month].push_back(std::move(c.line));
  }
  for (auto& [m, lines] : by_month) {
    p.adjustment_lines += static_cast<int>(lines.size());
    Spill(std::move(lines), p.adjustments[m], p);
  }
}

void MonthLines::Spill(std::vector<SettlementLine> lines, LineSpill& spill, ProviderLines& p) {
  for (const SettlementLine& l : lines) {
    p.price += l.price;
    p.voucher += l.voucher;
    p.copay += l.copay;
  }
  writer_.Add(&spill, std::move(lines));
}

std::optional<Error> MonthLines::Finish() {
  writer_.Finish();
  for (const auto& [provider, p] : lines_) {
    if (auto e = p.error()) return e;
  }
  return std::nullopt;
}

ProviderLines* MonthLines::Find(const std::string& provider) {
  auto it = lines_.find(provider);
  return it == lines_.end() ? nullptr : &it->second;
}

}  // namespace seteli::invoicing
