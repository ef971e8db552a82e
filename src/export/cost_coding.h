// The cost coding of voucher costs for accounts payable and the State
// Treasury (config `cost_coding:`, docs/finance.md): which account and cost
// centre a line's cost goes to, by service class and municipality, and the
// Treasury's codes for those accounts and service classes.
//
//   CostCoding c;
//   c.default_coding = {"4342", "5000"};
//   c.rules.push_back({ServiceClass::kHealth, "", {"4341", ""}});
//   c.rules.push_back({std::nullopt, "Mikkeli", {"", "5100"}});
//   c.CodingOf(ServiceClass::kHealth, "Mikkeli");   // {"4341", "5100"}
//
// Plain values: the config reader (cost_coding_yaml.h) fills them.
#ifndef SETELI_EXPORT_COST_CODING_H_
#define SETELI_EXPORT_COST_CODING_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "seteli/rulebook.h"

namespace seteli::exports {

struct Coding {
  std::string account;      // kirjanpidon tili
  std::string cost_centre;  // kustannuspaikka
};

// An override: for lines of this class (any when unset) in this
// municipality (any when empty). A field left empty is taken from the next
// less specific rule.
struct CodingRule {
  std::optional<ServiceClass> service_class;
  std::string municipality;
  Coding coding;
};

// The State Treasury's codes. An account not in `accounts` is reported
// under its own number; a service's class is looked up by service code
// first, then by exemption class; "" when neither names it.
struct TreasuryCodes {
  std::map<std::string, std::string> accounts;
  std::map<std::string, std::string> by_service;
  std::map<ServiceClass, std::string> by_class;

  // A copy: an account not mapped is its own number, often a temporary.
  std::string Account(const std::string& account) const;
  const std::string& ServiceClassCode(const std::string& service, ServiceClass c) const;
};

struct CostCoding {
  // The due date of an invoice that does not carry one: its date plus this
  // (the self-billing invoices' own term, outbound/self_billing_invoice.h).
  int payment_days = 14;
  // An empty account here: the journal's expense account of the line
  // (ChartOfAccounts), so an unconfigured ledger agrees with the journal.
  Coding default_coding;
  std::vector<CodingRule> rules;
  TreasuryCodes treasury;

  // Each field from the most specific rule that sets it: class and
  // municipality, then municipality, then class, then the default.
  Coding CodingOf(ServiceClass c, const std::string& municipality) const;
};

}  // namespace seteli::exports

#endif  // SETELI_EXPORT_COST_CODING_H_
