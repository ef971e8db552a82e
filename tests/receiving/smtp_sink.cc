#include "smtp_sink.h"

#include <signal.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace seteli::testing {

SmtpSink::SmtpSink(const std::string& python, bool hold) {
  static std::atomic<int> sinks{0};
  dir_ = std::filesystem::temp_directory_path() /
         ("seteli-smtp-" + std::to_string(getpid()) + "-" + std::to_string(sinks++));
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  std::string script = std::string(SETELI_RECEIVING_TEST_DIR) + "/smtp_sink.py";
  std::string port_file = (dir_ / "port").string(), mail_dir = dir_.string();
  std::string hold_file = hold ? (dir_ / "hold").string() : "";
  pid_ = fork();
  if (pid_ == 0) {
    if (hold) {
      execlp(python.c_str(), python.c_str(), script.c_str(), port_file.c_str(), mail_dir.c_str(),
             hold_file.c_str(), static_cast<char*>(nullptr));
    } else {
      execlp(python.c_str(), python.c_str(), script.c_str(), port_file.c_str(), mail_dir.c_str(),
             static_cast<char*>(nullptr));
    }
    _exit(127);
  }
  for (int i = 0; i < 250 && port_ == 0; ++i) {
    std::ifstream in(port_file);
    if (!(in >> port_)) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

SmtpSink::~SmtpSink() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  std::filesystem::remove_all(dir_);
}

std::string SmtpSink::Mail(int n) const {
  std::ifstream in(dir_ / (std::to_string(n) + ".eml"));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int SmtpSink::MailCount() const {
  int n = 0;
  while (std::filesystem::exists(dir_ / (std::to_string(n + 1) + ".eml"))) ++n;
  return n;
}

bool SmtpSink::WaitHeld(int seconds) const {
  for (int i = 0; i < seconds * 50; ++i) {
    if (std::filesystem::exists(dir_ / "hold.reached")) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

void SmtpSink::Release(bool refuse) const {
  // Written whole before it is there under its name: the sink polls it.
  std::ofstream(dir_ / "hold.tmp") << (refuse ? "refuse" : "go") << "\n";
  std::filesystem::rename(dir_ / "hold.tmp", dir_ / "hold");
}

std::string PythonWithAiosmtpd() {
  for (const char* python : {"/usr/bin/python3", "python3"}) {
    std::string probe = std::string(python) + " -c 'import aiosmtpd' >/dev/null 2>&1";
    if (std::system(probe.c_str()) == 0) return python;
  }
  return "";
}

std::string MailHeader(const std::string& mail, const std::string& header) {
  std::istringstream in(mail);
  std::string line, prefix = header + ":";
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;  // the end of the header block
    if (line.size() >= prefix.size() &&
        strncasecmp(line.c_str(), prefix.c_str(), prefix.size()) == 0) {
      std::string value = line.substr(prefix.size());
      value.erase(0, value.find_first_not_of(" \t"));
      return value;
    }
  }
  return "";
}

}  // namespace seteli::testing
