// Page sessions (docs/providers.md): a provider or finance signs in with its
// API key on a form and gets a session instead of sending the key again.
// The session ID goes to the browser in a cookie and is kept here only as
// its SHA-256, so a memory dump or log shows no usable ID; each session
// has its own CSRF token, which every form carries and every POST is
// checked against. A session unused for `idle` is gone; sessions live in
// memory and end with the daemon (signing in again is cheap).
//
//   SessionStore sessions(std::chrono::minutes(30));
//   NewSession s = sessions.Start(principal);        // s.id into the cookie
//   std::optional<Session> found = sessions.Find(cookie_id);  // touches it
//   sessions.End(cookie_id);
//
// Thread-safe.
#ifndef SETELI_API_SESSIONS_H_
#define SETELI_API_SESSIONS_H_

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "api/token_auth.h"

namespace seteli::api {

struct Session {
  Principal principal;
  std::string csrf;  // the token every form of this session carries
};

struct NewSession {
  std::string id;  // for the cookie only: not kept
  Session session;
};

class SessionStore {
 public:
  explicit SessionStore(std::chrono::seconds idle) : idle_(idle) {}

  NewSession Start(const Principal& who);
  // The live session of `id`, its idle time started again; nothing when
  // unknown or idle too long (then it is removed).
  std::optional<Session> Find(const std::string& id);
  void End(const std::string& id);

 private:
  struct Entry {
    Session session;
    std::chrono::steady_clock::time_point last_used;
  };
  void DropIdle(std::chrono::steady_clock::time_point now);  // mu_ held

  std::chrono::seconds idle_;
  std::mutex mu_;
  std::map<std::string, Entry> by_hash_;  // SHA-256 of the ID -> session
};

// 32 random bytes as hex (OpenSSL's RAND_bytes): session IDs, CSRF tokens.
std::string RandomToken();
// Whether two tokens are equal, in time independent of where they differ.
bool SameToken(const std::string& a, const std::string& b);

}  // namespace seteli::api

#endif  // SETELI_API_SESSIONS_H_
