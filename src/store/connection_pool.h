// A blocking pool of database sessions for one back end. Poco's own
// SessionPool throws when exhausted; request threads here wait instead.
//
//   ConnectionPool pool("SQLite", "/tmp/s.db", 4, setup);
//   auto lease = pool.Acquire();     // throws Poco exceptions on connect
//   *lease << "SELECT 1", now;
#ifndef SETELI_STORE_CONNECTION_POOL_H_
#define SETELI_STORE_CONNECTION_POOL_H_

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <Poco/Data/Session.h>

namespace seteli::store {

class ConnectionPool {
 public:
  using Setup = std::function<void(Poco::Data::Session&)>;

  // `setup` runs once on each new session (pragmas, time zone).
  ConnectionPool(std::string connector, std::string connection_string, int max_sessions,
                 Setup setup);

  // A session on loan; goes back to the pool when destroyed unless
  // Discard() was called (after an error that may have broken it).
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Poco::Data::Session> s)
        : pool_(pool), session_(std::move(s)) {}
    Lease(Lease&& o) noexcept : pool_(std::exchange(o.pool_, nullptr)), session_(std::move(o.session_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Poco::Data::Session& operator*() { return *session_; }
    Poco::Data::Session* operator->() { return session_.get(); }
    void Discard() { session_.reset(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Poco::Data::Session> session_;
  };

  // Waits for a free session, opening a new one while under the limit.
  Lease Acquire();

 private:
  void Return(std::unique_ptr<Poco::Data::Session> s);
  std::unique_ptr<Poco::Data::Session> Open();

  std::string connector_;
  std::string connection_string_;
  int max_sessions_;
  Setup setup_;
  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Poco::Data::Session>> idle_;
  int open_ = 0;
};

}  // namespace seteli::store

#endif  // SETELI_STORE_CONNECTION_POOL_H_
