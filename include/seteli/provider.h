// Providers (palveluntuottajat): approved per service and municipality, each
// approval with its own price list.
//
//   const Provider* p = registry.Find("2345678-0");
//   const Approval* a = p->ApprovalFor("ateriapalvelu", "Mikkeli", day);
//   std::optional<Money> price = a ? a->PriceOn(day) : std::nullopt;
#ifndef SETELI_PROVIDER_H_
#define SETELI_PROVIDER_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "seteli/date.h"
#include "seteli/money.h"
#include "seteli/rulebook.h"

namespace seteli {

struct PriceStep {
  Date valid_from;
  Money unit_price;
};

struct Approval {
  std::string service;
  std::string municipality;
  Date valid_from;
  std::optional<Date> valid_to;  // inclusive
  std::vector<PriceStep> prices;  // ascending valid_from
  // Charged once for a visit cancelled too late; none means nothing.
  std::optional<Money> cancellation_fee;

  bool Covers(Date d) const { return d >= valid_from && (!valid_to || d <= *valid_to); }
  // The price in force on `d`: the latest step that started on or before it.
  std::optional<Money> PriceOn(Date d) const;
};

struct Provider {
  std::string business_id;
  std::string name;
  PostalAddress address;
  std::string einvoice_address;
  std::string einvoice_operator;
  // Registered with its operator to receive Peppol invoice responses; when
  // false a business rejection goes to `email` instead.
  bool receives_invoice_responses = false;
  std::string email;  // for notices; may be empty
  // The account the organizer pays into: required for self-billing, and
  // the only account a provider's own invoice may name (account_mismatch).
  std::string iban;
  std::string bic;
  bool self_billing = false;
  std::vector<Approval> approvals;

  const Approval* ApprovalFor(const std::string& service, const std::string& municipality,
                              Date d) const;
};

class ProviderRegistry {
 public:
  void Add(Provider p) { by_id_[p.business_id] = std::move(p); }
  const Provider* Find(const std::string& business_id) const;
  const std::map<std::string, Provider>& all() const { return by_id_; }

 private:
  std::map<std::string, Provider> by_id_;
};

}  // namespace seteli

#endif  // SETELI_PROVIDER_H_
