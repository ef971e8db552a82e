#include "seteli/settlement_state.h"

#include <array>
#include <string>
#include <utility>

namespace seteli {
namespace {

using enum SettlementState;

constexpr std::array kMoves = std::to_array<std::pair<SettlementState, SettlementState>>({
    {kOpen, kSettled},      // the run settles
    {kOpen, kHeld},         // the run holds (a failed check)
    {kHeld, kSettled},      // finance releases
    {kSettled, kInvoiced},  // a matching invoice is accepted
    {kInvoiced, kSettled},  // its invoice is fully credited: waits for a new one
});

constexpr std::array kAll = {kOpen, kSettled, kHeld, kInvoiced};

}  // namespace

std::optional<SettlementState> ParseSettlementState(std::string_view text) {
  for (SettlementState s : kAll) {
    if (text == ToString(s)) return s;
  }
  return std::nullopt;
}

bool CanMove(SettlementState from, SettlementState to) {
  for (const auto& [f, t] : kMoves) {
    if (f == from && t == to) return true;
  }
  return false;
}

Result<SettlementState> Move(SettlementState from, SettlementState to) {
  if (CanMove(from, to)) return to;
  return Error{"illegal_settlement_transition", std::string("a settlement cannot move from ") +
                                                    ToString(from) + " to " + ToString(to)};
}

}  // namespace seteli
