#include "operator/exchange_service.h"

#include <unistd.h>

#include <cstdio>
#include <random>

namespace seteli::exchange {
namespace {

// This process among the daemons on one store: host, pid and a random
// part (a pid comes back after a reboot).
std::string DaemonName() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::mt19937_64 rng{std::random_device{}()};
  char nonce[17];
  std::snprintf(nonce, sizeof nonce, "%016llx", static_cast<unsigned long long>(rng()));
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + nonce;
}

}  // namespace

Result<std::unique_ptr<ExchangeService>> ExchangeService::Start(const OperatorConfig& c,
                                                                store::Store* store,
                                                                InboundHook hook,
                                                                SendFailureLog send_log) {
  std::unique_ptr<ExchangeService> s(new ExchangeService(store));
  InboundOptions inbound{{DaemonName(), c.inbound_lease_seconds}, c.sender.backoff};
  s->endpoint_ =
      std::make_unique<InboundEndpoint>(store, std::move(hook), inbound, &s->metrics_);
  s->retrier_ = std::make_unique<InboundRetrier>(store, s->endpoint_.get(), c.inbound_retry_ms);
  s->retrier_->Start();  // its first pass hands on what a crash left, beside the listener
  if (!c.inbound_listen.empty()) {
    size_t colon = c.inbound_listen.rfind(':');
    InboundListenOptions o;
    o.host = c.inbound_listen.substr(0, colon);
    o.port = colon == std::string::npos ? 0 : std::stoi(c.inbound_listen.substr(colon + 1));
    o.certificate = c.inbound_certificate;
    o.key = c.inbound_key;
    o.tls = c.inbound_tls;
    o.limits = c.inbound_limits;
    o.token_sha256 = c.inbound_token_sha256;
    s->listener_ = std::make_unique<InboundListener>(s->endpoint_.get(), o);
    auto port = s->listener_->Start();
    if (!port.ok()) return port.error();
    s->inbound_port_ = port.value();
  }
  if (!c.endpoint.empty()) {
    s->sender_ = std::make_unique<OutboxSender>(
        store, PostTo(HttpsClient(c.https), ParseUrl(c.endpoint).value()), c.sender, &s->metrics_,
        std::move(send_log));
    s->sender_->Start();
  }
  if (!c.mailbox_url.empty()) {
    auto url = ParseUrl(c.mailbox_url);
    if (!url.ok()) return url.error();
    s->poller_ = std::make_unique<MailboxPoller>(HttpsClient(c.https), url.value(),
                                                 s->endpoint_.get(), c.mailbox_poll_seconds);
    s->poller_->Start();
  }
  return s;
}

void ExchangeService::Stop() {
  if (poller_) poller_->Stop();
  if (listener_) listener_->Stop();
  if (retrier_) retrier_->Stop();
  if (sender_) sender_->Stop();
}

}  // namespace seteli::exchange
