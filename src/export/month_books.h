// The input of the finance exports and of `reconcile`: everything finance
// knows about one month, as plain values. The store (or a test) fills it;
// nothing in src/export reads a database, a clock or a config file.
//
//   MonthBooks books;
//   books.month = YearMonth(2024, 5);
//   books.settlements = month_settlement.settlements;   // from SettleMonth or the store
//   books.balances = month_settlement.balances;
//   books.provider_names["2345678-0"] = "Hoivapalvelu Kuusi Oy";
//   books.invoices.push_back({.provider = "2345678-0", .reference = "2345 67820 24058",
//                             .number = "1001", .date = ..., .total = ...,
//                             .status = InvoiceStatus::kAccepted});
//   books.accounts.accounts_payable = "2871";
//
// All money is seteli::Money (exact cents). Clients are pseudonymous IDs.
#ifndef SETELI_EXPORT_MONTH_BOOKS_H_
#define SETELI_EXPORT_MONTH_BOOKS_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "export/cost_coding.h"
#include "seteli/date.h"
#include "seteli/money.h"
#include "seteli/rulebook.h"
#include "seteli/settlement.h"
#include "seteli/settlement_state.h"

namespace seteli::exports {

// The sum of `amount` (a member or a function of an item) over `items`:
// the exports' totals.
template <class Item, class Amount>
Money SumOf(const std::vector<Item>& items, Amount amount) {
  Money m;
  for (const Item& item : items) m += std::invoke(amount, item);
  return m;
}

// Where a provider's settlement of the month stands in the monthly run
// (ToString gives "open", "settled", ...).
using ::seteli::SettlementState;

struct SettlementStatus {
  SettlementState state = SettlementState::kOpen;
  std::string held_reason;  // for kHeld: why finance holds the payment
  bool self_billed = false;  // the engine drew up the provider's invoice
};

enum class InvoiceStatus { kAccepted, kRejected };
const char* InvoiceStatusName(InvoiceStatus s);  // "accepted", "rejected"

// A provider's invoice to the organizer as received and checked.
struct ReceivedInvoice {
  std::string provider;   // seller business ID
  std::string reference;  // laskuviite as on the invoice (may be empty or unknown)
  std::string number;     // the seller's invoice number
  Date date;              // date of issue
  Money total;
  InvoiceStatus status = InvoiceStatus::kAccepted;
  std::vector<std::string> rejection_codes;  // contract codes, for kRejected
  std::optional<Date> due_date = {};         // when known; else by the payment term
};

// A self-billing invoice (itselaskutus) the organizer drew up in the
// provider's name for its settlement of the month.
struct IssuedInvoice {
  std::string provider;
  std::string number;  // "IL-000017"
  Date date;
  std::optional<Date> due_date = {};
  std::optional<Money> total = {};  // as on the invoice, when read
};

// The organizer's chart of accounts for voucher costs (from the config).
// The expense account of a line is looked up by service code first, then by
// the service's exemption class.
struct ChartOfAccounts {
  std::map<std::string, std::string> expense_by_service;
  std::map<ServiceClass, std::string> expense_by_class;
  std::string accounts_payable;       // ostovelat, credited per provider
  std::string prior_period;           // edellisen kauden oikaisut
  // The expense account for a line, or "" when the chart has none.
  const std::string& ExpenseAccount(const std::string& service, ServiceClass c) const;
};

struct MonthBooks {
  YearMonth month;
  // One per provider, ordered by business ID (as SettleMonth gives them).
  // Lines with the kPriorPeriod flag correct `original_month`.
  std::vector<Settlement> settlements;
  // By provider business ID; a provider not named here is kOpen.
  std::map<std::string, SettlementStatus> statuses;
  // Every invoice received for this month's settlements, in any order.
  std::vector<ReceivedInvoice> invoices;
  // The self-billing invoices drawn up for this month's settlements.
  std::vector<IssuedInvoice> self_billing_invoices;
  std::vector<BalanceStatement> balances;
  // Business ID -> name, for the reconciliation export and the journal text.
  std::map<std::string, std::string> provider_names;
  ChartOfAccounts accounts;
  // For the purchase ledger and the State Treasury table (from the config).
  CostCoding cost_coding;

  SettlementStatus StatusOf(const std::string& provider) const;
  // Where a line's cost is booked in the purchase ledger and the Treasury
  // table: cost_coding's rules, the journal's expense account when they
  // name none.
  Coding CodingOf(const SettlementLine& line) const;
  // "" when the provider has no name here.
  const std::string& ProviderName(const std::string& provider) const;
};

}  // namespace seteli::exports

#endif  // SETELI_EXPORT_MONTH_BOOKS_H_
