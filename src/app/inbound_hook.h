// What `seteli serve` does with each message the operator delivers, until
// the receiving module (src/receiving, InvoiceReceiver) takes over: the
// transport-level checks of the parse and schema layers, and for a message
// that fails them a Finvoiceack back to its sender through the outbox. The
// ack's MessageId is derived from the received one, so handing the same
// message on twice (after a crash) queues it once.
#ifndef SETELI_APP_INBOUND_HOOK_H_
#define SETELI_APP_INBOUND_HOOK_H_

#include "operator/inbound_endpoint.h"

namespace seteli::app {

exchange::InboundHook MakeTechnicalCheckHook(store::Store* store);

}  // namespace seteli::app

#endif  // SETELI_APP_INBOUND_HOOK_H_
