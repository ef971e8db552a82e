#include "daemon/file_watch.h"

#include <sys/stat.h>

namespace seteli::daemon {

FileWatch::FileWatch(std::string path, std::chrono::milliseconds every,
                     std::function<void()> changed)
    : path_(std::move(path)),
      every_(every),
      changed_(std::move(changed)),
      thread_([this] { Loop(); }) {}

FileWatch::~FileWatch() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

// The inode too: a file renamed over the config may keep its size and,
// on a coarse clock, its time.
std::string FileWatch::Stamp() const {
  struct stat st {};
  if (stat(path_.c_str(), &st) != 0) return "";
  return std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":" +
         std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

void FileWatch::Loop() {
  std::string seen = Stamp();
  std::unique_lock<std::mutex> lock(mu_);
  while (!cv_.wait_for(lock, every_, [this] { return stop_; })) {
    std::string now = Stamp();
    // A file missing for a moment (being replaced) is no version of it.
    if (now.empty() || now == seen) continue;
    seen = now;
    lock.unlock();
    changed_();
    lock.lock();
  }
}

}  // namespace seteli::daemon
