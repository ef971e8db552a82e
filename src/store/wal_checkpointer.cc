#include "store/wal_checkpointer.h"

#include <algorithm>
#include <utility>

namespace seteli::store {
namespace {

// A log this many times the threshold means the thread cannot keep up
// (each of its passes copies only what was committed when it began, and
// the log starts over only when a writer finds it all copied): the
// committing writer then checkpoints itself, as SQLite would, so the log
// stays bounded. Generous, because one commit may be large: a provider's
// month of lines is a few hundred MiB of log, and the thread copies it
// while the monthly run writes the next provider's (at four times, the
// run's own thread copied every provider's lines itself).
constexpr int kBehindFactor = 16;

}  // namespace

WalCheckpointer::WalCheckpointer(std::string path, int64_t threshold_bytes)
    : path_(std::move(path)), threshold_bytes_(threshold_bytes), thread_([this] { Loop(); }) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
  if (db_) sqlite3_close(db_);
}

void WalCheckpointer::Attach(sqlite3* db) {
  int page_bytes = 4096;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    page_bytes = sqlite3_column_int(st, 0);
  }
  sqlite3_finalize(st);
  threshold_pages_ = static_cast<int>(std::max<int64_t>(1, threshold_bytes_ / page_bytes));
  sqlite3_wal_hook(db, &WalCheckpointer::OnCommit, this);
}

int WalCheckpointer::OnCommit(void* self, sqlite3* db, const char* schema, int pages) {
  auto* c = static_cast<WalCheckpointer*>(self);
  const int threshold = c->threshold_pages_;
  if (pages < threshold) return SQLITE_OK;
  if (pages >= kBehindFactor * threshold) {
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
  }
  {
    std::lock_guard<std::mutex> lock(c->mu_);
    c->due_ = true;
  }
  c->wake_.notify_one();
  return SQLITE_OK;
}

void WalCheckpointer::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    wake_.wait(lock, [this] { return due_ || stop_; });
    if (stop_) return;
    due_ = false;
    lock.unlock();
    Checkpoint();
    lock.lock();
  }
}

void WalCheckpointer::Checkpoint() {
  if (!db_) {
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      sqlite3_close(db_);
      db_ = nullptr;
      return;  // the next commit over the threshold tries again
    }
    sqlite3_busy_timeout(db_, 30000);
    // A connection sees the log only once it has read the database: until
    // then SQLite (3.40) takes it for a file without one, and a checkpoint
    // on it copies nothing and says so only by its -1 frame counts.
    if (sqlite3_exec(db_, "SELECT COUNT(*) FROM sqlite_master", nullptr, nullptr, nullptr) !=
        SQLITE_OK) {
      sqlite3_close(db_);
      db_ = nullptr;
      return;
    }
  }
  // A failure (a full disk) leaves the log as it is: every commit in it
  // was synced, and the next pass or the writer's own copies it later.
  sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
}

}  // namespace seteli::store
