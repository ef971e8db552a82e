// The open connections of one HTTP server, watched from one thread: how
// many each client address holds (capped, so that one address cannot take
// every thread), and the deadline of the request each is reading (headers
// and body together: a client that sends a byte a second is cut when it
// passes, not kept for ever by a timeout that restarts on every read).
//
//   ConnectionWatch watch(8, std::chrono::seconds(15));
//   auto id = watch.Open("192.0.2.1", fd);   // nullopt: over the cap
//   ... headers and body arrive ...
//   watch.Received(*id);                    // the deadline no longer runs
//   watch.AwaitNext(*id);                   // keep-alive: idle, no deadline
//   watch.Reading(*id);                     // the next request's first byte
//   watch.Close(*id);
#ifndef SETELI_HTTP_CONNECTION_WATCH_H_
#define SETELI_HTTP_CONNECTION_WATCH_H_

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace seteli::http {

class ConnectionWatch {
 public:
  using Id = unsigned long long;
  ConnectionWatch(int per_address, std::chrono::seconds request_deadline);
  ~ConnectionWatch();
  ConnectionWatch(const ConnectionWatch&) = delete;
  ConnectionWatch& operator=(const ConnectionWatch&) = delete;

  // True when `address` already holds its cap: the listener refuses its
  // next connection before it takes a thread.
  bool Full(const std::string& address) const;
  // A new connection, reading its first request; nullopt when its address
  // is at the cap (the caller closes it unanswered).
  std::optional<Id> Open(const std::string& address, int fd);
  void Close(Id id);
  // Phases of a connection: reading a request (its deadline runs), handling
  // it, idle between requests.
  void Reading(Id id);
  void Received(Id id);
  void AwaitNext(Id id);
  // Whether the deadline of the request being read has passed (the watch
  // has then shut the connection's reading side).
  bool Expired(Id id) const;

  // Stopping: idle connections are shut now, the others as they finish.
  void Stop();
  bool stopping() const;
  // Waits until no connection is open or `until` passes; then shuts every
  // one still open. False when some had to be shut.
  bool Drain(std::chrono::steady_clock::time_point until);

 private:
  enum class Phase { kReading, kHandling, kIdle };
  struct Entry {
    std::string address;
    int fd;
    Phase phase;
    std::chrono::steady_clock::time_point deadline;
    bool expired = false;
  };
  void Watch();

  const int per_address_;
  const std::chrono::seconds request_deadline_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::map<Id, Entry> open_;
  std::map<std::string, int> per_address_count_;
  Id next_ = 1;
  bool stopping_ = false;
  bool closing_ = false;  // the watch thread ends
  std::thread watcher_;
};

}  // namespace seteli::http

#endif  // SETELI_HTTP_CONNECTION_WATCH_H_
