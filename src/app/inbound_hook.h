// What `seteli serve` does with each message the operator delivers: the
// receiver (src/receiving) takes it with its frame, with the rulebook and
// providers current at that moment: every validation layer, the verdict
// stored (accepted, or rejected with every reason), and a rejection's
// notice queued in the outbox back to the frame's From. Handing the same
// message on twice (after a crash) resumes it rather than judging it again.
#ifndef SETELI_APP_INBOUND_HOOK_H_
#define SETELI_APP_INBOUND_HOOK_H_

#include "daemon/daemon_state.h"
#include "operator/inbound_endpoint.h"

namespace seteli::app {

exchange::InboundHook MakeReceivingHook(daemon::DaemonState& state);

}  // namespace seteli::app

#endif  // SETELI_APP_INBOUND_HOOK_H_
