#include "seteli/settlement.h"

namespace seteli {

namespace {

constexpr std::pair<LineFlag, std::string_view> kNames[] = {
    {kLateRecording, "late_recording"}, {kMonthlyCap, "monthly_cap"},
    {kQuantityCap, "quantity_cap"},     {kOverGrant, "over_grant"},
    {kOverBalance, "over_balance"},     {kPriorPeriod, "prior_period"},
    {kCancelled, "cancelled"},
};

}  // namespace

uint32_t FlagNamed(std::string_view name) {
  for (const auto& [flag, n] : kNames) {
    if (n == name) return flag;
  }
  return 0;
}

std::vector<std::string> FlagNames(uint32_t flags) {
  std::vector<std::string> names;
  for (const auto& [flag, name] : kNames) {
    if (flags & flag) names.emplace_back(name);
  }
  return names;
}

}  // namespace seteli
