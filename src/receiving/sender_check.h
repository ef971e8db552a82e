// Who may invoice as a provider over the operator network: only the
// e-invoice address and intermediator the provider registry has for the
// seller. The frame's From is all the operator vouches for; the seller and
// amounts inside the message are whatever the sender wrote. A message from
// any other address in a provider's name is rejected (sender_mismatch), so
// a stranger on the network can neither get an invoice accepted nor take
// the settlement's invoice slot from the provider; its notice goes to the
// registered address (notice_delivery.h), never back to the stranger.
//
//   if (auto e = CheckSender(frame, provider)) report.errors.push_back(*e);
#ifndef SETELI_RECEIVING_SENDER_CHECK_H_
#define SETELI_RECEIVING_SENDER_CHECK_H_

#include <optional>

#include "finvoice/validation_report.h"
#include "outbound/transmission_frame.h"
#include "seteli/provider.h"

namespace seteli::receiving {

// True when `from` is the provider's registered address and intermediator
// (spaces aside; the intermediator, a BIC-like code, case aside too).
bool IsRegisteredSender(const outbound::FrameParty& from, const Provider& provider);

// sender_mismatch when the frame's From is not the registered sender of
// `provider` (the seller the message names); nothing for an unknown seller,
// which the organizer layer refuses on its own (unknown_seller).
std::optional<finvoice::InvoiceError> CheckSender(const outbound::TransmissionHeader& frame,
                                                  const Provider* provider);

}  // namespace seteli::receiving

#endif  // SETELI_RECEIVING_SENDER_CHECK_H_
