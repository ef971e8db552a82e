// Where a provider's settlement of a month stands, and the moves it may
// make: the one owner of both. The store keeps the state as text
// (ToString), the exports and the month overview show it, and every
// change of a stored state asks Move first.
//
//              run                 invoice accepted
//   (open) ---------> settled ------------------------> invoiced
//     |                 ^    <------------------------
//     | run, held       |       invoice fully credited
//     +-----------> held+ release
//
//   auto to = Move(SettlementState::kHeld, SettlementState::kSettled);
//   if (!to.ok()) return to.error();  // illegal_settlement_transition
#ifndef SETELI_SETTLEMENT_STATE_H_
#define SETELI_SETTLEMENT_STATE_H_

#include <optional>
#include <string_view>

#include "seteli/status.h"

namespace seteli {

enum class SettlementState {
  kOpen,      // no settlement stored yet: the month's run has not reached it
  kSettled,   // settled; waits for the provider's invoice (or is self-billed)
  kHeld,      // a check failed: finance holds the payment until a release
  kInvoiced,  // a matching invoice was accepted
};

// "open", "settled", "held", "invoiced": the stored and exported text.
constexpr const char* ToString(SettlementState s) {
  switch (s) {
    case SettlementState::kOpen:
      return "open";
    case SettlementState::kSettled:
      return "settled";
    case SettlementState::kHeld:
      return "held";
    case SettlementState::kInvoiced:
      return "invoiced";
  }
  return "open";
}
// The state `text` names, or nothing.
std::optional<SettlementState> ParseSettlementState(std::string_view text);

// Whether a settlement may move from `from` to `to` (the diagram above).
bool CanMove(SettlementState from, SettlementState to);
// `to` when the move is allowed, else illegal_settlement_transition
// (failed_precondition: the settlement is not where the move starts).
Result<SettlementState> Move(SettlementState from, SettlementState to);

}  // namespace seteli

#endif  // SETELI_SETTLEMENT_STATE_H_
