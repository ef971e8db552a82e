// The organizer's rulebook (sääntökirja): the voucher services of one year
// with their units, values, caps and time bands, and what the organizer
// accepts on an invoice. Finance staff edit it once a year as YAML
// (docs/formats.md); the core only sees this value type.
//
//   const Service* s = rulebook.Find("lapsiperheiden-kotipalvelu");
//   if (s && s->price_cap && unit_price > *s->price_cap) ...
#ifndef SETELI_RULEBOOK_H_
#define SETELI_RULEBOOK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "seteli/money.h"

namespace seteli {

enum class Unit { kHour, kDay, kMeal, kVisit, kVoucher };
enum class ServiceClass { kHealth, kSocial };

const char* UnitName(Unit u);                 // "hour", "day", ...
std::optional<Unit> UnitNamed(std::string_view name);  // UnitName's inverse
const char* ServiceClassName(ServiceClass c);  // "health", "social"

// How the voucher value per unit is set.
struct ValueRule {
  enum class Kind { kFixed, kRange, kIndividual, kPerResident, kBalance };
  Kind kind = Kind::kFixed;
  Money fixed;                  // kFixed
  Money min, max;               // kRange: the decision's value must lie within
  Money first_resident;         // kPerResident
  Money each_further;           // kPerResident
};

// A part of an hourly event priced as its own service.
struct Band {
  enum class Days { kWeekdays, kWeekend, kAll };
  std::string service;
  Days days = Days::kAll;
  // Minutes of the day; both absent means the whole day. A `to` earlier
  // than `from` wraps past midnight.
  std::optional<int> from_minute;
  std::optional<int> to_minute;
};

struct Service {
  std::string code;
  std::string name;
  ServiceClass service_class = ServiceClass::kSocial;
  // Of both classes (home care: home help is social, home nursing health):
  // either exemption basis is accepted. Costs go under service_class.
  bool both_classes = false;
  Unit unit = Unit::kHour;
  ValueRule value;
  std::optional<Money> price_cap;            // per unit
  std::optional<Money> monthly_voucher_cap;  // euros per client per month
  std::optional<Quantity> monthly_quantity_cap;  // units per client per month
  bool client_free = false;
  bool weekdays_only = false;
  int paid_absence_days = 0;  // day units: absence days still paid, per absence
  // Day units: the days are the started 24-hour periods from the arrival
  // (`start`), not calendar days (family-carer relief, seed 001).
  bool days_from_arrival = false;
  std::vector<Band> bands;
};

struct PostalAddress {
  std::string street;
  std::string postcode;
  std::string city;
};

struct Organizer {
  std::string name;
  std::string business_id;
  PostalAddress address;
  std::string einvoice_address;
  std::string einvoice_operator;  // the intermediator, e.g. BAWCFI22
};

struct Rulebook {
  Organizer organizer;
  int year = 0;
  int recording_deadline_days = 5;
  // How long after the service an event may still be recorded at all
  // (`recording_window_days`); older ones are rejected
  // outside_recording_window. 0: no window.
  int recording_window_days = 0;
  // The day of the month (1..28) on which the previous month is settled
  // (`settlement_day`): a daemon with a schedule runs the month then, and
  // what is recorded for it later goes into the next run as prior_period
  // lines. 0: not set; the serve config's schedule day is used.
  int settlement_day = 0;
  std::vector<std::string> health_exemption_bases;
  std::vector<std::string> social_exemption_bases;
  std::vector<std::string> non_payable_rows;
  // The line flags (LineFlag bits, settlement.h) whose events wait for
  // finance's review before they are paid (`review_flags:`); 0: none wait.
  uint32_t review_flags = 0;
  std::vector<Service> services;
  // Fields whose figures the sources do not give (`unverified:` in the
  // YAML, e.g. "organizer.business_id"): the commands warn at start.
  std::vector<std::string> unverified;
  // Identifies the exact rulebook text a figure was computed with
  // ("2024-3f2a9c0d1e2b"); set by whoever loads it.
  std::string version;

  const Service* Find(const std::string& code) const;
  // The service whose bands name `code`, if `code` is a band service.
  const Service* BandParent(const std::string& code) const;
  const std::vector<std::string>& ExemptionBases(ServiceClass c) const {
    return c == ServiceClass::kHealth ? health_exemption_bases : social_exemption_bases;
  }
};

}  // namespace seteli

#endif  // SETELI_RULEBOOK_H_
