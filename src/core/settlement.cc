#include "seteli/settlement.h"

namespace seteli {

std::vector<std::string> FlagNames(uint32_t flags) {
  static const std::pair<LineFlag, const char*> kNames[] = {
      {kLateRecording, "late_recording"}, {kMonthlyCap, "monthly_cap"},
      {kQuantityCap, "quantity_cap"},     {kOverGrant, "over_grant"},
      {kOverBalance, "over_balance"},     {kPriorPeriod, "prior_period"},
      {kCancelled, "cancelled"},
  };
  std::vector<std::string> names;
  for (const auto& [flag, name] : kNames) {
    if (flags & flag) names.push_back(name);
  }
  return names;
}

}  // namespace seteli
