#include "sim_state.h"

#include <chrono>
#include <cstdio>

namespace operator_sim {

std::string Json(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c > 0x7e) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

bool SimState::Accept(const std::string& to, const MailboxEntry& entry) {
  std::lock_guard<std::mutex> l(mu_);
  if (!seen_.insert(entry.message_id).second) {
    ++counters_["duplicates_suppressed"];
    return false;
  }
  mailboxes_[to].push_back(entry);
  ++counters_["accepted"];
  return true;
}

void SimState::Count(const std::string& counter, long long n) {
  std::lock_guard<std::mutex> l(mu_);
  counters_[counter] += n;
}

long long SimState::Counter(const std::string& counter) {
  std::lock_guard<std::mutex> l(mu_);
  return counters_[counter];
}

void SimState::Enqueue(Delivery d) {
  {
    std::lock_guard<std::mutex> l(mu_);
    deliveries_.push_back(std::move(d));
    ++counters_["deliveries_queued"];
  }
  queued_.notify_one();
}

void SimState::Requeue(Delivery d) {
  {
    std::lock_guard<std::mutex> l(mu_);
    deliveries_.push_back(std::move(d));
    --in_flight_;
  }
  queued_.notify_one();
}

bool SimState::Next(Delivery& out, bool reorder, std::mt19937_64& rng, int wait_ms) {
  std::unique_lock<std::mutex> l(mu_);
  if (!queued_.wait_for(l, std::chrono::milliseconds(wait_ms), [this] { return !deliveries_.empty(); })) {
    return false;
  }
  size_t i = 0;
  if (reorder && deliveries_.size() > 1) {
    i = std::uniform_int_distribution<size_t>(0, deliveries_.size() - 1)(rng);
    ++counters_["reordered"];
  }
  out = std::move(deliveries_[i]);
  deliveries_.erase(deliveries_.begin() + static_cast<long>(i));
  ++in_flight_;
  return true;
}

bool SimState::Oldest(Delivery& out) {
  std::lock_guard<std::mutex> l(mu_);
  if (deliveries_.empty()) return false;
  out = deliveries_.front();
  return true;
}

int SimState::Confirm(const std::set<std::string>& ids) {
  std::lock_guard<std::mutex> l(mu_);
  int done = 0;
  for (auto it = deliveries_.begin(); it != deliveries_.end();) {
    bool all = true;
    size_t at = 0;
    while (all && at < it->label.size()) {  // the label: "ID ID ... "
      size_t end = it->label.find(' ', at);
      if (end == std::string::npos) end = it->label.size();
      if (end > at) all = ids.count(it->label.substr(at, end - at)) > 0;
      at = end + 1;
    }
    if (all) {
      it = deliveries_.erase(it);
      ++done;
    } else {
      ++it;
    }
  }
  counters_["picked_up"] += done;
  return done;
}

size_t SimState::Pending() {
  std::lock_guard<std::mutex> l(mu_);
  return deliveries_.size() + static_cast<size_t>(in_flight_);
}

std::string SimState::MailboxesJson() {
  std::lock_guard<std::mutex> l(mu_);
  std::string out = "{";
  bool first_box = true;
  for (const auto& [address, entries] : mailboxes_) {
    out += (first_box ? "" : ",") + Json(address) + ":[";
    first_box = false;
    for (size_t i = 0; i < entries.size(); ++i) {
      out += (i ? "," : "") + std::string("{\"message_id\":") + Json(entries[i].message_id) +
             ",\"from\":" + Json(entries[i].from) + ",\"body\":" + Json(entries[i].body) + "}";
    }
    out += "]";
  }
  return out + "}";
}

std::string SimState::CountersJson() {
  std::lock_guard<std::mutex> l(mu_);
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : counters_) {
    out += (first ? "" : ",") + Json(k) + ":" + std::to_string(v);
    first = false;
  }
  out += std::string(first ? "" : ",") + "\"pending_deliveries\":" +
         std::to_string(deliveries_.size() + static_cast<size_t>(in_flight_));
  return out + "}";
}

}  // namespace operator_sim
