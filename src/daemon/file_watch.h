// Notices that a file changed, by its modification time and size, looked
// at every `every` on a thread of its own: cheap, and enough for a config
// an operator edits or a deployment replaces (a rename over it counts).
//
//   FileWatch watch("/etc/seteli/seteli.conf", std::chrono::seconds(2),
//                   [&] { ReloadTokens(state, path, "config changed"); });
//
// `changed` runs on the watch's thread; the watch stops when destroyed.
#ifndef SETELI_DAEMON_FILE_WATCH_H_
#define SETELI_DAEMON_FILE_WATCH_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace seteli::daemon {

class FileWatch {
 public:
  FileWatch(std::string path, std::chrono::milliseconds every, std::function<void()> changed);
  ~FileWatch();
  FileWatch(const FileWatch&) = delete;
  FileWatch& operator=(const FileWatch&) = delete;

 private:
  // What tells one version of the file from another; empty when missing.
  std::string Stamp() const;
  void Loop();

  std::string path_;
  std::chrono::milliseconds every_;
  std::function<void()> changed_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the members above are set
};

}  // namespace seteli::daemon

#endif  // SETELI_DAEMON_FILE_WATCH_H_
