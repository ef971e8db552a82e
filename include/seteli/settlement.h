// What settling produces: lines that split each event's price into the
// voucher part (paid by the organizer) and the client's co-payment, grouped
// into one settlement per provider and month, plus the rejected events.
//
// Every total is the sum of its lines, and every line satisfies
// price = voucher + copay exactly.
#ifndef SETELI_SETTLEMENT_H_
#define SETELI_SETTLEMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "seteli/date.h"
#include "seteli/money.h"
#include "seteli/rulebook.h"
#include "seteli/time.h"

namespace seteli {

// Flags on accepted lines, as a bit set.
enum LineFlag : uint32_t {
  kLateRecording = 1u << 0,
  kMonthlyCap = 1u << 1,
  kQuantityCap = 1u << 2,
  kOverGrant = 1u << 3,
  kOverBalance = 1u << 4,
  kPriorPeriod = 1u << 5,
  kCancelled = 1u << 6,
};
// The flag names of `flags` in a fixed order ("late_recording", ...).
std::vector<std::string> FlagNames(uint32_t flags);
// The flag of `name` ("monthly_cap"), or 0 for a name that is none.
uint32_t FlagNamed(std::string_view name);

struct SettlementLine {
  std::string event_id;
  std::string decision_id;
  std::string client;
  std::string provider;
  std::string service;
  std::string municipality;
  ServiceClass service_class = ServiceClass::kSocial;
  Unit unit = Unit::kHour;
  Date date;
  Quantity quantity;             // hours for hourly lines (rounded for show)
  std::optional<int> minutes;    // hourly lines: the exact measure
  std::optional<Instant> from;   // hourly lines: the part of the event
  std::optional<Instant> to;
  Money unit_price;
  Money price;
  Money voucher;
  Money copay;
  uint32_t flags = 0;
  std::string rulebook_version;
  // For prior_period lines: the month whose settlement they correct.
  std::optional<YearMonth> original_month;
  // An organizer credit's line (organizer_credit.h): its reason code and
  // finance's text, for the statements. Empty on every other line.
  std::string note = {};
};

// What a client-free event delivered beyond its grant or quantity cap: paid
// by no one, in no total, reported so the provider and finance see it.
struct UnpaidRemainder {
  std::string event_id;
  std::string provider;
  std::string service;
  Date date;                   // the first day of the event in the month
  Quantity quantity;           // in the service's unit (hours for hourly services)
  std::optional<int> minutes;  // hourly services: the exact measure
  Money price;
  std::string code;  // over_grant or quantity_cap: the first step that cut
};

struct Settlement {
  std::string provider;
  YearMonth month;
  std::string reference;  // laskuviite
  Money price_total;
  Money voucher_total;
  Money copay_total;
  std::vector<SettlementLine> lines;
  // The provider's client-free remainders of the month, in no total.
  std::vector<UnpaidRemainder> unpaid;
};

struct Rejection {
  std::string event_id;
  std::string code;
  std::string message;
  std::string source;  // file or channel
  int line = 0;
};

// A balance decision's month (saldotiliote).
struct BalanceStatement {
  std::string decision_id;
  std::string client;
  YearMonth month;
  Money opening;
  Money accrual;
  Money used;
  Money closing;
  int suspension_days = 0;
};

struct MonthSettlement {
  YearMonth month;
  std::string rulebook_version;
  std::vector<Settlement> settlements;  // by provider business ID
  std::vector<Rejection> rejected;      // in input order
  std::vector<UnpaidRemainder> unpaid;  // every provider's, in settling order
  std::vector<BalanceStatement> balances;
};

}  // namespace seteli

#endif  // SETELI_SETTLEMENT_H_
