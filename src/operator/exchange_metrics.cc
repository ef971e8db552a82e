#include "operator/exchange_metrics.h"

#include <cstdio>
#include <ctime>
#include <sstream>

namespace seteli::exchange {

void ExchangeMetrics::CountSend(const std::string& result) {
  std::lock_guard<std::mutex> lock(mu_);
  ++sends_[result];
}

void ExchangeMetrics::CountReceived(const std::string& result) {
  std::lock_guard<std::mutex> lock(mu_);
  ++received_[result];
}

long long ExchangeMetrics::Sends(const std::string& result) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sends_.find(result);
  return it == sends_.end() ? 0 : it->second;
}

long long ExchangeMetrics::Received(const std::string& result) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = received_.find(result);
  return it == received_.end() ? 0 : it->second;
}

double AgeSeconds(const std::string& utc, const Clock& clock) {
  std::tm tm{};
  int ms = 0;
  if (std::sscanf(utc.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) < 6) {
    return 0;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  double then = static_cast<double>(timegm(&tm)) + ms / 1000.0;
  double now = static_cast<double>(clock.UnixMillis()) / 1000.0;
  return now > then ? now - then : 0;
}

std::string ExchangeMetrics::Render(store::Store* store) const {
  std::ostringstream out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    out << "# HELP seteli_operator_sends_total Sends to the operator by result.\n"
           "# TYPE seteli_operator_sends_total counter\n";
    for (const char* r : {"sent", "retry", "failed", "refused"}) {
      auto it = sends_.find(r);
      out << "seteli_operator_sends_total{result=\"" << r << "\"} "
          << (it == sends_.end() ? 0 : it->second) << "\n";
    }
    out << "# HELP seteli_operator_received_total Messages received from the operator by result.\n"
           "# TYPE seteli_operator_received_total counter\n";
    for (const char* r : {"stored", "duplicate", "invalid", "resumed", "hand_on_failed", "claim_lost"}) {
      auto it = received_.find(r);
      out << "seteli_operator_received_total{result=\"" << r << "\"} "
          << (it == received_.end() ? 0 : it->second) << "\n";
    }
  }
  if (!store) return out.str();
  auto stats = store->GetOutboxStats();
  if (!stats.ok()) return out.str();
  const store::OutboxStats& s = stats.value();
  out << "# HELP seteli_outbox_queued Messages waiting to be sent.\n"
         "# TYPE seteli_outbox_queued gauge\nseteli_outbox_queued "
      << s.queued
      << "\n# HELP seteli_outbox_failed Messages given up on, waiting for finance.\n"
         "# TYPE seteli_outbox_failed gauge\nseteli_outbox_failed "
      << s.failed
      << "\n# HELP seteli_outbox_oldest_age_seconds Age of the oldest message not sent (queued or "
         "failed).\n"
         "# TYPE seteli_outbox_oldest_age_seconds gauge\nseteli_outbox_oldest_age_seconds "
      << (s.oldest_unsent_at.empty() ? 0.0 : AgeSeconds(s.oldest_unsent_at, store->clock()))
      << "\n";
  return out.str();
}

}  // namespace seteli::exchange
