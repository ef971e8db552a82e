#include "http/connection_watch.h"

#include <sys/socket.h>

namespace seteli::http {
namespace {

// How often deadlines are checked: a request is cut at most this late.
constexpr std::chrono::milliseconds kTick(200);

}  // namespace

ConnectionWatch::ConnectionWatch(int per_address, std::chrono::seconds request_deadline)
    : per_address_(per_address),
      request_deadline_(request_deadline),
      watcher_([this] { Watch(); }) {}

ConnectionWatch::~ConnectionWatch() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closing_ = true;
  }
  changed_.notify_all();
  watcher_.join();
}

bool ConnectionWatch::Full(const std::string& address) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = per_address_count_.find(address);
  return it != per_address_count_.end() && it->second >= per_address_;
}

std::optional<ConnectionWatch::Id> ConnectionWatch::Open(const std::string& address, int fd) {
  std::lock_guard<std::mutex> lock(mu_);
  int& count = per_address_count_[address];
  if (count >= per_address_ || stopping_) {
    if (count == 0) per_address_count_.erase(address);
    return std::nullopt;
  }
  ++count;
  Id id = next_++;
  open_[id] =
      Entry{address, fd, Phase::kReading, std::chrono::steady_clock::now() + request_deadline_};
  return id;
}

void ConnectionWatch::Close(Id id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = open_.find(id);
    if (it == open_.end()) return;
    if (--per_address_count_[it->second.address] == 0) per_address_count_.erase(it->second.address);
    open_.erase(it);
  }
  changed_.notify_all();
}

void ConnectionWatch::Reading(Id id) {
  std::lock_guard<std::mutex> lock(mu_);
  Entry& e = open_.at(id);
  if (e.phase == Phase::kReading) return;  // the first request's clock runs from the accept
  e.phase = Phase::kReading;
  e.deadline = std::chrono::steady_clock::now() + request_deadline_;
}

void ConnectionWatch::Received(Id id) {
  std::lock_guard<std::mutex> lock(mu_);
  open_.at(id).phase = Phase::kHandling;
}

void ConnectionWatch::AwaitNext(Id id) {
  std::lock_guard<std::mutex> lock(mu_);
  Entry& e = open_.at(id);
  e.phase = Phase::kIdle;
  // Stopping: the connection is not kept for a next request.
  if (stopping_) ::shutdown(e.fd, SHUT_RDWR);
}

bool ConnectionWatch::Expired(Id id) const {
  std::lock_guard<std::mutex> lock(mu_);
  return open_.at(id).expired;
}

void ConnectionWatch::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  stopping_ = true;
  for (auto& [id, e] : open_) {
    if (e.phase == Phase::kIdle) ::shutdown(e.fd, SHUT_RDWR);
  }
}

bool ConnectionWatch::stopping() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stopping_;
}

bool ConnectionWatch::Drain(std::chrono::steady_clock::time_point until) {
  std::unique_lock<std::mutex> lock(mu_);
  if (changed_.wait_until(lock, until, [this] { return open_.empty(); })) return true;
  for (auto& [id, e] : open_) ::shutdown(e.fd, SHUT_RDWR);
  return false;
}

// Shuts the reading side of a request past its deadline: the blocked read
// ends, and the server answers 408 on the side still open. Done under the
// lock, so that the descriptor cannot have been closed and reused.
void ConnectionWatch::Watch() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!closing_) {
    changed_.wait_for(lock, kTick, [this] { return closing_; });
    auto now = std::chrono::steady_clock::now();
    for (auto& [id, e] : open_) {
      if (e.phase == Phase::kReading && !e.expired && now >= e.deadline) {
        e.expired = true;
        ::shutdown(e.fd, SHUT_RD);
      }
    }
  }
}

}  // namespace seteli::http
