// Internal to core: the checks an event must pass on its own, and its
// pieces priced with the provider's unit price and the voucher's unit value.
// What is decided here never changes with the order of events; caps and
// balances, which do, are the ledger's (voucher_ledger.h).
#ifndef SETELI_CORE_EVENT_PRICING_H_
#define SETELI_CORE_EVENT_PRICING_H_

#include <optional>
#include <vector>

#include "core/event_split.h"
#include "seteli/settle.h"

namespace seteli {

// One unit of any service is this many ticks; an hourly minute is 1000.
// Grants and quantity caps count in ticks so hours and units share a scale.
inline constexpr int64_t kTicksPerUnit = 60000;

struct PricedPiece {
  EventPiece piece;
  Money unit_price;
  std::optional<Money> unit_value;  // none for balance services
  Money price;
  int64_t ticks = 0;
  Quantity quantity;  // billed units (hours rounded to 1/1000 for hourly)
};

struct PricedEvent {
  const Event* event = nullptr;
  const Provider* provider = nullptr;
  const Decision* decision = nullptr;
  const Service* service = nullptr;
  std::vector<PricedPiece> pieces;
  bool late = false;
  // A visit cancelled too late: one piece at the cancellation fee, which
  // the voucher never pays and which uses no grant, cap or balance.
  bool cancelled = false;
};

// All the order-independent checks, in the documented precedence, and the
// priced pieces of an acceptable event.
Result<PricedEvent> PriceEvent(const SettleContext& ctx, const Event& e);

}  // namespace seteli

#endif  // SETELI_CORE_EVENT_PRICING_H_
