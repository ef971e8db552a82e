#include "seteli/rulebook.h"

namespace seteli {

const char* UnitName(Unit u) {
  switch (u) {
    case Unit::kHour: return "hour";
    case Unit::kDay: return "day";
    case Unit::kMeal: return "meal";
    case Unit::kVisit: return "visit";
    case Unit::kVoucher: return "voucher";
  }
  return "?";
}

std::optional<Unit> UnitNamed(std::string_view name) {
  for (Unit u : {Unit::kHour, Unit::kDay, Unit::kMeal, Unit::kVisit, Unit::kVoucher}) {
    if (name == UnitName(u)) return u;
  }
  return std::nullopt;
}

const char* ServiceClassName(ServiceClass c) {
  return c == ServiceClass::kHealth ? "health" : "social";
}

const Service* Rulebook::Find(const std::string& code) const {
  for (const Service& s : services) {
    if (s.code == code) return &s;
  }
  return nullptr;
}

const Service* Rulebook::BandParent(const std::string& code) const {
  for (const Service& s : services) {
    for (const Band& b : s.bands) {
      if (b.service == code) return &s;
    }
  }
  return nullptr;
}

}  // namespace seteli
