#include "api/metrics.h"

#include <sstream>

#include "daemon/allocator.h"
#include "daemon/version.h"

namespace seteli::api {

void Metrics::CountRequest(const std::string& route, int status) {
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{route, status}];
}

void Metrics::CountVerdict(const std::string& status, const std::string& code) {
  std::lock_guard<std::mutex> lock(mu_);
  if (status == "rejected") ++rejected_[code];
  else ++accepted_[status];
}

void Metrics::ObserveBatch(double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++bucket_counts_[i];
  }
  ++batch_count_;
  batch_sum_ += seconds;
}

std::string Metrics::Render() const {
  // Read first: it takes the allocator's locks, which must not be taken under ours.
  const daemon::HeapUse heap = daemon::ReadHeapUse();
  std::lock_guard<std::mutex> lock(mu_);
  std::ostringstream out;
  out << "# HELP seteli_build_info The version of this daemon (value 1).\n"
         "# TYPE seteli_build_info gauge\nseteli_build_info{version=\""
      << daemon::SeteliVersion() << "\"} 1\n";
  out << "# HELP seteli_http_requests_total HTTP requests by route and status.\n"
         "# TYPE seteli_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out << "seteli_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second
        << "\"} " << n << "\n";
  }
  out << "# HELP seteli_events_total Events by verdict (accepted, duplicate).\n"
         "# TYPE seteli_events_total counter\n";
  for (const char* v : {"accepted", "duplicate"}) {
    auto it = accepted_.find(v);
    out << "seteli_events_total{verdict=\"" << v << "\"} " << (it == accepted_.end() ? 0 : it->second)
        << "\n";
  }
  out << "# HELP seteli_events_rejected_total Rejected events by code.\n"
         "# TYPE seteli_events_rejected_total counter\n";
  for (const auto& [code, n] : rejected_) {
    out << "seteli_events_rejected_total{code=\"" << code << "\"} " << n << "\n";
  }
  out << "# HELP seteli_batch_seconds Time to check and commit one batch of events.\n"
         "# TYPE seteli_batch_seconds histogram\n";
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    out << "seteli_batch_seconds_bucket{le=\"" << kBuckets[i] << "\"} " << bucket_counts_[i] << "\n";
  }
  out << "seteli_batch_seconds_bucket{le=\"+Inf\"} " << batch_count_ << "\n"
      << "seteli_batch_seconds_sum " << batch_sum_ << "\n"
      << "seteli_batch_seconds_count " << batch_count_ << "\n"
      << "# HELP seteli_store_errors_total Store operations that failed.\n"
         "# TYPE seteli_store_errors_total counter\n"
      << "seteli_store_errors_total " << store_errors_.load() << "\n";
  out << "# HELP seteli_heap_bytes Memory allocator: in use by live blocks, mapped, its own metadata.\n"
         "# TYPE seteli_heap_bytes gauge\n"
      << "seteli_heap_bytes{kind=\"in_use\"} " << heap.in_use << "\n"
      << "seteli_heap_bytes{kind=\"mapped\"} " << heap.mapped << "\n"
      << "seteli_heap_bytes{kind=\"metadata\"} " << heap.metadata << "\n";
  if (extra_) out << extra_();
  return out.str();
}

}  // namespace seteli::api
