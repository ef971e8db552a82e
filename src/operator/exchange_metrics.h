// Counters of the exchange with the operator for GET /metrics (Prometheus
// text): sends by result, received messages by result, and gauges read
// from the store at render time (queue length, oldest queued message's
// age, failed messages). Thread-safe.
#ifndef SETELI_OPERATOR_EXCHANGE_METRICS_H_
#define SETELI_OPERATOR_EXCHANGE_METRICS_H_

#include <map>
#include <mutex>
#include <string>

#include "store/store.h"

namespace seteli::exchange {

class ExchangeMetrics {
 public:
  // result: "sent", "retry" (failed, will try again), "failed" (given up),
  // "refused" (the operator said 4xx: given up at once).
  void CountSend(const std::string& result);
  // result: "stored", "duplicate", "invalid", "resumed" (stored before a
  // crash, handed on at the next start).
  void CountReceived(const std::string& result);
  long long Sends(const std::string& result) const;
  long long Received(const std::string& result) const;

  // The counters, plus the outbox gauges from `store` (left out when the
  // store does not answer), ages by the store's clock.
  std::string Render(store::Store* store) const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, long long> sends_;
  std::map<std::string, long long> received_;
};

// Seconds from a store timestamp ("2024-05-03T06:00:00.123Z") to the
// clock's now.
double AgeSeconds(const std::string& utc, const Clock& clock);

}  // namespace seteli::exchange

#endif  // SETELI_OPERATOR_EXCHANGE_METRICS_H_
