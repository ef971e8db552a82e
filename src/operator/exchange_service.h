// The exchange as `seteli serve` runs it: from the config's `operator:`
// block, the outbox sender, the inbound listener and the mailbox poller,
// with their metrics. Inbound messages left unprocessed (a crash, a dead
// daemon on the same store, a failed hand-on) are handed on at start and
// then by the inbound retrier while the daemon runs.
//
//   auto ex = ExchangeService::Start(config, store, hook);   // then
//   ex.value()->Stop();                                        // at SIGTERM
#ifndef SETELI_OPERATOR_EXCHANGE_SERVICE_H_
#define SETELI_OPERATOR_EXCHANGE_SERVICE_H_

#include <memory>

#include "operator/exchange_metrics.h"
#include "operator/inbound_endpoint.h"
#include "operator/inbound_listener.h"
#include "operator/inbound_retrier.h"
#include "operator/mailbox_poller.h"
#include "operator/operator_config.h"
#include "operator/outbox_sender.h"

namespace seteli::exchange {

class ExchangeService {
 public:
  // `send_log` hears of every send attempt that did not deliver.
  static Result<std::unique_ptr<ExchangeService>> Start(const OperatorConfig& config,
                                                        store::Store* store, InboundHook hook,
                                                        SendFailureLog send_log = {});
  ~ExchangeService() { Stop(); }
  void Stop();

  int inbound_port() const { return inbound_port_; }
  std::string RenderMetrics() const { return metrics_.Render(store_); }

 private:
  explicit ExchangeService(store::Store* store) : store_(store) {}

  store::Store* store_;
  ExchangeMetrics metrics_;
  std::unique_ptr<InboundEndpoint> endpoint_;
  std::unique_ptr<InboundRetrier> retrier_;
  std::unique_ptr<InboundListener> listener_;
  std::unique_ptr<OutboxSender> sender_;
  std::unique_ptr<MailboxPoller> poller_;
  int inbound_port_ = 0;
};

}  // namespace seteli::exchange

#endif  // SETELI_OPERATOR_EXCHANGE_SERVICE_H_
