#include "store/wal_checkpointer.h"

#include <algorithm>
#include <chrono>
#include <utility>

namespace seteli::store {
namespace {

// A log this many times the threshold while the thread is still copying
// means commits outrun it: each pass copies only what was committed when
// it began, and the log starts over only when a writer finds it all
// copied, which under steady commits may never happen. The committing
// writer then waits for a pass begun after its commit (its own commit is
// done and its write lock released, so only its caller waits), after which
// the log is all copied and the next write starts it over. A single large
// commit (a provider's month of lines, a few hundred MiB) with the thread
// idle does not wait: the thread copies it while the run goes on.
constexpr int kBehindFactor = 2;
constexpr auto kMostWait = std::chrono::seconds(5);

// Should the thread not copy at all (it could not open the file), the
// writer copies the log itself at this many times, as SQLite would.
constexpr int kStuckFactor = 16;

}  // namespace

WalCheckpointer::WalCheckpointer(std::string path, int64_t threshold_bytes)
    : path_(std::move(path)), threshold_bytes_(threshold_bytes), thread_([this] { Loop(); }) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_one();
  copied_.notify_all();
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
  if (pages >= kStuckFactor * threshold) {
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
  }
  std::unique_lock<std::mutex> lock(c->mu_);
  c->due_ = true;
  c->wake_.notify_one();
  if (pages >= kBehindFactor * threshold && c->passes_begun_ > c->passes_done_) {
    const int64_t wanted = c->passes_begun_ + 1;
    c->copied_.wait_for(lock, kMostWait,
                        [c, wanted] { return c->passes_done_ >= wanted || c->stop_; });
  }
  return SQLITE_OK;
}

void WalCheckpointer::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    wake_.wait(lock, [this] { return due_ || stop_; });
    if (stop_) return;
    due_ = false;
    ++passes_begun_;
    lock.unlock();
    Checkpoint();
    lock.lock();
    ++passes_done_;
    copied_.notify_all();
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
