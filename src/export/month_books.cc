#include "export/month_books.h"

namespace seteli::exports {

namespace {
const std::string kNone;
}  // namespace

const char* InvoiceStatusName(InvoiceStatus s) {
  return s == InvoiceStatus::kAccepted ? "accepted" : "rejected";
}

const std::string& ChartOfAccounts::ExpenseAccount(const std::string& service,
                                                   ServiceClass c) const {
  auto s = expense_by_service.find(service);
  if (s != expense_by_service.end()) return s->second;
  auto k = expense_by_class.find(c);
  if (k != expense_by_class.end()) return k->second;
  return kNone;
}

SettlementStatus MonthBooks::StatusOf(const std::string& provider) const {
  auto it = statuses.find(provider);
  return it == statuses.end() ? SettlementStatus{} : it->second;
}

Coding MonthBooks::CodingOf(const SettlementLine& line) const {
  Coding c = cost_coding.CodingOf(line.service_class, line.municipality);
  if (c.account.empty()) c.account = accounts.ExpenseAccount(line.service, line.service_class);
  return c;
}

const std::string& MonthBooks::ProviderName(const std::string& provider) const {
  auto it = provider_names.find(provider);
  return it == provider_names.end() ? kNone : it->second;
}

}  // namespace seteli::exports
