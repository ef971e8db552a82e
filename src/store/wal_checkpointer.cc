#include "store/wal_checkpointer.h"

#include <utility>

namespace seteli::store {
namespace {

// A log this many times the threshold means the thread cannot keep up
// (each of its passes copies only what was committed when it began): the
// committing writer then checkpoints itself, as SQLite would, so the log
// stays bounded.
constexpr int kBehindFactor = 4;

}  // namespace

WalCheckpointer::WalCheckpointer(std::string path, int threshold_pages)
    : path_(std::move(path)), threshold_pages_(threshold_pages), thread_([this] { Loop(); }) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
  if (db_) sqlite3_close(db_);
}

void WalCheckpointer::Attach(sqlite3* db) { sqlite3_wal_hook(db, &WalCheckpointer::OnCommit, this); }

int WalCheckpointer::OnCommit(void* self, sqlite3* db, const char* schema, int pages) {
  auto* c = static_cast<WalCheckpointer*>(self);
  if (pages < c->threshold_pages_) return SQLITE_OK;
  if (pages >= kBehindFactor * c->threshold_pages_) {
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
  }
  // A failure (a full disk) leaves the log as it is: every commit in it
  // was synced, and the next pass or the writer's own copies it later.
  sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
}

}  // namespace seteli::store
