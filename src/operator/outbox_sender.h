// Sends the outbox to the operator: claims due messages in the store, posts
// each (framed), and records the outcome. A 2xx reply marks it sent; a
// transport failure or 5xx schedules another attempt after a backoff with
// jitter; the retry limit or a 4xx (the operator refuses it for good) marks
// it failed with the last error, for finance to see and requeue.
//
// Exactly once with the operator's help: a message keeps its MessageId on
// every resend, so when a reply is lost after the operator accepted (or the
// daemon dies between the reply and MarkSent) the operator drops the
// resend as a duplicate. Claims are leases, so a sender that dies frees
// its messages; several daemons on one PostgreSQL never claim the same one.
//
//   OutboxSender sender(store, PostTo(client, url), options, &metrics);
//   sender.Start();   // worker threads until Stop()
//   sender.SendDue(); // or one pass, for tests and `seteli outbox --send`
#ifndef SETELI_OPERATOR_OUTBOX_SENDER_H_
#define SETELI_OPERATOR_OUTBOX_SENDER_H_

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "operator/backoff.h"
#include "operator/exchange_metrics.h"
#include "operator/https_client.h"
#include "store/outbox_store.h"

namespace seteli::exchange {

// Posts one framed message; the seam a test replaces.
using Transport = std::function<Result<HttpResponse>(const std::string& framed)>;

// What became of one attempt that did not deliver, for the log: the daemon
// writes a warning for each `retry` and an error for each give-up
// (`failed`, `refused`), so the on-call engineer hears of a failing
// operator link from the log as well as from the metrics.
struct SendFailure {
  std::string message_id;
  std::string result;  // retry, failed (given up), refused (4xx: given up)
  int attempt = 0;
  std::string error;
  int64_t retry_in_ms = 0;  // for a retry
};
using SendFailureLog = std::function<void(const SendFailure&)>;

// The real transport: POST to `url` with the client.
Transport PostTo(HttpsClient client, Url url);

struct SenderOptions {
  int workers = 1;          // sending threads
  int batch = 8;            // messages claimed at once per thread
  int lease_seconds = 120;  // longer than an attempt can take
  int max_attempts = 10;    // then failed
  BackoffPolicy backoff;
  int idle_poll_ms = 1000;  // how often an idle sender looks for due messages
};

class OutboxSender {
 public:
  OutboxSender(store::OutboxStore* store, Transport transport, SenderOptions options,
               ExchangeMetrics* metrics, SendFailureLog log = {});
  ~OutboxSender();
  OutboxSender(const OutboxSender&) = delete;
  OutboxSender& operator=(const OutboxSender&) = delete;

  // One pass: claims a batch and sends it. Returns how many were claimed
  // (0: nothing due), or the store's error.
  Result<int> SendDue();

  void Start();
  // Stops the workers after the attempt in flight; unsent claims expire.
  void Stop();
  // Wakes idle workers (a message was just queued).
  void Nudge();

 private:
  void SendOne(const store::OutboxMessage& m, std::mt19937_64& rng);
  // Counts and logs a failed attempt; then the caller records it.
  void Failed(const store::OutboxMessage& m, const std::string& result, const std::string& error,
              int64_t retry_in_ms = 0);
  void Work(unsigned seed);

  store::OutboxStore* store_;
  Transport transport_;
  SenderOptions options_;
  ExchangeMetrics* metrics_;
  SendFailureLog log_;
  Backoff backoff_;
  std::vector<std::thread> workers_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable wake_;
};

}  // namespace seteli::exchange

#endif  // SETELI_OPERATOR_OUTBOX_SENDER_H_
