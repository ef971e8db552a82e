#include "api/sessions.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace seteli::api {

std::string RandomToken() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : bytes) {
    hex += kHex[b >> 4];
    hex += kHex[b & 15];
  }
  return hex;
}

bool SameToken(const std::string& a, const std::string& b) {
  return a.size() == b.size() && !a.empty() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

NewSession SessionStore::Start(const Principal& who) {
  NewSession s{RandomToken(), Session{who, RandomToken()}};
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(mu_);
  DropIdle(now);
  by_hash_[TokenHash(s.id)] = Entry{s.session, now};
  return s;
}

std::optional<Session> SessionStore::Find(const std::string& id) {
  if (id.empty()) return std::nullopt;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_hash_.find(TokenHash(id));
  if (it == by_hash_.end()) return std::nullopt;
  if (now - it->second.last_used >= idle_) {
    by_hash_.erase(it);
    return std::nullopt;
  }
  it->second.last_used = now;
  return it->second.session;
}

void SessionStore::End(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  by_hash_.erase(TokenHash(id));
}

// Sessions nobody signed out of would otherwise stay for the daemon's life.
void SessionStore::DropIdle(std::chrono::steady_clock::time_point now) {
  for (auto it = by_hash_.begin(); it != by_hash_.end();) {
    it = now - it->second.last_used >= idle_ ? by_hash_.erase(it) : std::next(it);
  }
}

}  // namespace seteli::api
