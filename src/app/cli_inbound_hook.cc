#include "app/inbound_hook.h"
#include "operator/frame_reader.h"
#include "receiving/invoice_receiver.h"

namespace seteli::app {

exchange::InboundHook MakeReceivingHook(daemon::DaemonState& state) {
  return [&state](const store::InboundMessage& m) -> Result<store::Done> {
    // The inbound side stored the message under this frame, so it reads.
    auto framed = exchange::SplitFramedMessages(m.raw);
    if (!framed.ok()) return store::Done{};  // stored raw; nothing to answer to
    std::shared_ptr<const daemon::Catalog> catalog = state.catalogs.Get();
    receiving::InvoiceReceiver receiver(
        {state.store.get(), &catalog->rulebook, &catalog->providers, state.mailer.get()});
    store::InboundFence fence = store::FenceOf(m);
    auto receipt = receiver.ReceiveFramed(m.raw, framed.value()[0].header, "system:operator", &fence);
    if (!receipt.ok()) return receipt.error();
    return store::Done{};
  };
}

}  // namespace seteli::app
