#include "store/connection_pool.h"

#include <utility>

namespace seteli::store {

ConnectionPool::ConnectionPool(std::string connector, std::string connection_string,
                               int max_sessions, Setup setup)
    : connector_(std::move(connector)),
      connection_string_(std::move(connection_string)),
      max_sessions_(max_sessions),
      setup_(std::move(setup)) {}

ConnectionPool::Lease::~Lease() {
  if (pool_) pool_->Return(std::move(session_));
}

ConnectionPool::Lease ConnectionPool::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  freed_.wait(lock, [this] { return !idle_.empty() || open_ < max_sessions_; });
  if (!idle_.empty()) {
    auto s = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(s));
  }
  ++open_;
  lock.unlock();
  try {
    return Lease(this, Open());
  } catch (...) {
    Return(nullptr);
    throw;
  }
}

std::unique_ptr<Poco::Data::Session> ConnectionPool::Open() {
  auto s = std::make_unique<Poco::Data::Session>(connector_, connection_string_);
  if (setup_) setup_(*s);
  return s;
}

void ConnectionPool::Return(std::unique_ptr<Poco::Data::Session> s) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (s && s->isConnected()) {
      idle_.push_back(std::move(s));
    } else {
      --open_;
    }
  }
  freed_.notify_one();
}

}  // namespace seteli::store
