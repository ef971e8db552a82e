// SQLite: the write-ahead log copied back into the database file on a
// thread of its own. SQLite's automatic checkpoint runs inside the commit
// that crosses its threshold, on the one writer that every event batch
// waits for; here that commit only wakes this thread, which checkpoints
// on its own connection (PASSIVE: it never blocks a writer) on the other
// core. Only when commits outrun it (the log at twice the threshold while
// it copies) does a committing writer wait for its next pass, so the log
// stays near the threshold. Commits still sync the log, so durability is
// unchanged.
//
//   WalCheckpointer checkpointer("/var/lib/seteli/store.db", 64 << 20);
//   checkpointer.Attach(db);   // each connection that writes
#ifndef SETELI_STORE_WAL_CHECKPOINTER_H_
#define SETELI_STORE_WAL_CHECKPOINTER_H_

#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace seteli::store {

class WalCheckpointer {
 public:
  // Checkpoints once the log holds `threshold_bytes` of pages.
  WalCheckpointer(std::string path, int64_t threshold_bytes);
  // Stops the thread; the last connection to close checkpoints the rest.
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Replaces `db`'s automatic checkpoint with this thread. Every
  // connection attached is to the same file (so the same page size).
  void Attach(sqlite3* db);

 private:
  static int OnCommit(void* self, sqlite3* db, const char* schema, int pages);
  void Loop();
  void Checkpoint();

  const std::string path_;
  const int64_t threshold_bytes_;
  std::atomic<int> threshold_pages_{0};  // from the file's page size, on Attach
  sqlite3* db_ = nullptr;  // this thread's own connection, opened on first use
  std::mutex mu_;
  std::condition_variable wake_;    // a commit crossed the threshold
  std::condition_variable copied_;  // a pass ended
  bool due_ = false;
  int64_t passes_begun_ = 0;  // by the thread; a pass runs while begun > done
  int64_t passes_done_ = 0;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace seteli::store

#endif  // SETELI_STORE_WAL_CHECKPOINTER_H_
