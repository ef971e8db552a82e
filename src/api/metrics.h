// The daemon's counters, exposed at GET /metrics in the Prometheus text
// format: requests by route and status, events by verdict and rejection
// code, a histogram of batch latency, store errors. Thread-safe.
#ifndef SETELI_API_METRICS_H_
#define SETELI_API_METRICS_H_

#include <array>
#include <functional>
#include <atomic>
#include <map>
#include <mutex>
#include <string>

namespace seteli::api {

class Metrics {
 public:
  void CountRequest(const std::string& route, int status);
  void CountVerdict(const std::string& status, const std::string& code);
  void ObserveBatch(double seconds);
  void CountStoreError() { store_errors_.fetch_add(1); }

  std::string Render() const;
  // More lines for Render, from a part with its own counters (the operator
  // exchange). Set once, before serving.
  void SetExtra(std::function<std::string()> render) { extra_ = std::move(render); }

 private:
  static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,  0.1,    0.25,  1.0,  5.0};
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, long long> requests_;
  std::map<std::string, long long> accepted_;  // "accepted", "duplicate"
  std::map<std::string, long long> rejected_;  // by code
  std::array<long long, kBuckets.size()> bucket_counts_{};
  long long batch_count_ = 0;
  double batch_sum_ = 0;
  std::atomic<long long> store_errors_{0};
  std::function<std::string()> extra_;
};

}  // namespace seteli::api

#endif  // SETELI_API_METRICS_H_
