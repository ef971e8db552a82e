#include "operator/outbox_sender.h"

#include "operator/frame_reader.h"

namespace seteli::exchange {
namespace {

// 408, 425 and 429 ask to come back later; any other 4xx is a refusal.
bool Refused(int status) {
  return status >= 400 && status < 500 && status != 408 && status != 425 && status != 429;
}

std::string Clip(const std::string& s) { return s.size() > 300 ? s.substr(0, 300) + "..." : s; }

}  // namespace

Transport PostTo(HttpsClient client, Url url) {
  return [client = std::move(client), url = std::move(url)](const std::string& framed) {
    return client.Post(url, framed, {{"Content-Type", "text/xml; charset=utf-8"},
                                     {"SOAPAction", "\"\""}});
  };
}

OutboxSender::OutboxSender(store::OutboxStore* store, Transport transport, SenderOptions options,
                           ExchangeMetrics* metrics, SendFailureLog log)
    : store_(store),
      transport_(std::move(transport)),
      options_(options),
      metrics_(metrics),
      log_(std::move(log)),
      backoff_(options.backoff) {}

OutboxSender::~OutboxSender() { Stop(); }

void OutboxSender::Failed(const store::OutboxMessage& m, const std::string& result,
                          const std::string& error, int64_t retry_in_ms) {
  metrics_->CountSend(result);
  if (log_) log_({m.message_id, result, m.attempts + 1, error, retry_in_ms});
}

void OutboxSender::SendOne(const store::OutboxMessage& m, std::mt19937_64& rng) {
  int attempt = m.attempts + 1;
  auto framed = FrameForSending(m.body);
  if (!framed.ok()) {  // never sendable: no point in retrying
    Failed(m, "failed", ToLine(framed.error()));
    (void)store_->MarkFailed(m.message_id, ToLine(framed.error()));
    return;
  }
  Result<HttpResponse> reply = transport_(framed.value());
  std::string error;
  if (reply.ok() && reply.value().status / 100 == 2) {
    metrics_->CountSend("sent");
    (void)store_->MarkSent(m.message_id);  // lost: the claim expires, resend is a duplicate
    return;
  }
  if (reply.ok()) {
    error = "HTTP " + std::to_string(reply.value().status) + ": " + Clip(reply.value().body);
    if (Refused(reply.value().status)) {
      Failed(m, "refused", error);
      (void)store_->MarkFailed(m.message_id, error);
      return;
    }
  } else {
    error = ToLine(reply.error());
  }
  if (attempt >= options_.max_attempts) {
    std::string why = "after " + std::to_string(attempt) + " attempts: " + error;
    Failed(m, "failed", why);
    (void)store_->MarkFailed(m.message_id, why);
    return;
  }
  int64_t delay = backoff_.Delay(attempt, rng);
  Failed(m, "retry", error, delay);
  (void)store_->MarkAttemptFailed(m.message_id, error, delay);
}

Result<int> OutboxSender::SendDue() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  auto claimed = store_->ClaimDueMessages(options_.batch, options_.lease_seconds);
  if (!claimed.ok()) return claimed.error();
  for (const store::OutboxMessage& m : claimed.value()) {
    if (stopping_) break;  // the rest of the claim expires
    SendOne(m, rng);
  }
  return static_cast<int>(claimed.value().size());
}

void OutboxSender::Work(unsigned) {
  while (!stopping_) {
    auto sent = SendDue();
    if (sent.ok() && sent.value() > 0) continue;
    std::unique_lock<std::mutex> lock(mu_);
    wake_.wait_for(lock, std::chrono::milliseconds(options_.idle_poll_ms),
                   [this] { return stopping_.load(); });
  }
}

void OutboxSender::Start() {
  for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this, i] { Work(i); });
}

void OutboxSender::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
  workers_.clear();
}

void OutboxSender::Nudge() { wake_.notify_all(); }

}  // namespace seteli::exchange
