// Organizer credits (hyvitys) as the store keeps them: finance's credit of
// a settled event's voucher part, and which run applied it (docs/finance.md,
// "Credits"). Amounts are integer cents; months are "YYYY-MM".
#ifndef SETELI_STORE_CREDIT_RECORDS_H_
#define SETELI_STORE_CREDIT_RECORDS_H_

#include <cstdint>
#include <string>

namespace seteli::store {

struct CreditRecord {
  std::string credit_id;  // the caller's, or derived from the request
  std::string provider;
  std::string event_id;  // the credited event
  std::string month;     // the settled month credited
  int64_t amount = 0;    // cents credited, positive
  std::string reason_code;
  std::string text;  // finance's words to the provider
  // The credit's prior_period line as JSON, drawn up when it was given
  // (seteli/organizer_credit.h): the run commits it as it is.
  std::string line;
  std::string created_by = {};  // actor label
  std::string created_at = {};
  std::string applied_month = {};  // the settlement month that carries it; "" until then
  std::string applied_run = {};
};

struct CreditQuery {
  std::string month = {};          // credited month; "" any
  std::string provider = {};       // "" any
  std::string event_id = {};       // "" any
  std::string credit_id = {};      // "" any
  std::string applied_month = {};  // "" any
  bool unapplied_only = false;
};

}  // namespace seteli::store

#endif  // SETELI_STORE_CREDIT_RECORDS_H_
