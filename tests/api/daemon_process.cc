#include "daemon_process.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "api/token_auth.h"

namespace seteli::testing {
namespace {

std::string ConfigText(const DaemonOptions& o) {
  using api::TokenHash;
  std::string f = FixturesDir();
  return "listen: 127.0.0.1:0\n"
         "store: " + o.store_url + "\n"
         "rulebook: " + f + "/rulebook.yaml\n"
         "providers: " + f + "/providers.yaml\n"
         "decisions: " + f + "/decisions.jsonl\n"
         "log: daemon.log\n"
         "tokens:\n"
         "  - {name: ops, role: admin, sha256: " + TokenHash(kAdminToken) + "}\n"
         "  - {name: fin, role: finance, sha256: " + TokenHash(kFinanceToken) + "}\n"
         "  - {name: p, role: provider, business_id: \"2345678-0\", sha256: " +
         TokenHash(kProviderToken) + "}\n"
         "  - {name: q, role: provider, business_id: \"1960387-2\", sha256: " +
         TokenHash(kOtherProviderToken) + "}\n" +
         o.extra_config;
}

}  // namespace

std::string FixturesDir() { return std::string(SETELI_SOURCE_DIR) + "/fixtures"; }

std::string TempDir(const std::string& name) {
  static std::atomic<int> n{0};
  auto dir = std::filesystem::temp_directory_path() /
             ("seteli-api-" + name + "-" + std::to_string(getpid()) + "-" + std::to_string(n++));
  std::filesystem::remove_all(dir);
  return dir.string();
}

std::string ValidEvent(const std::string& id) {
  return "{\"event_id\": \"" + id +
         "\", \"provider\": \"2345678-0\", \"decision_id\": \"D-0002\", \"service\": "
         "\"kotihoito-saannollinen\", \"start\": \"2024-05-01T13:10:00+03:00\", \"end\": "
         "\"2024-05-01T14:15:00+03:00\", \"recorded_at\": \"2024-05-02T18:34:02+03:00\"}";
}

DaemonProcess::DaemonProcess(std::string dir, DaemonOptions options)
    : dir_(std::move(dir)), options_(std::move(options)) {
  std::filesystem::create_directories(dir_);
  std::ofstream(dir_ + "/seteli.conf") << ConfigText(options_);
}

DaemonProcess::~DaemonProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

bool DaemonProcess::Start() {
  std::string port_file = dir_ + "/port";
  std::filesystem::remove(port_file);
  pid_ = fork();
  if (pid_ == 0) {
    if (chdir(dir_.c_str()) != 0) _exit(127);
    execl(SETELI_BINARY, SETELI_BINARY, "serve", "--config", "seteli.conf", "--port-file", "port",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 300; ++i) {
    std::ifstream in(port_file);
    if (in >> port_) return true;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

void DaemonProcess::Signal(int sig) {
  if (pid_ > 0) kill(pid_, sig);
}

int DaemonProcess::Wait() {
  int status = 0;
  if (pid_ <= 0) return -1;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int DaemonProcess::WaitFor(std::chrono::milliseconds limit) {
  if (pid_ <= 0) return -1;
  auto until = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) != pid_) {
    if (std::chrono::steady_clock::now() >= until) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string DaemonProcess::log() const {
  std::ifstream in(dir_ + "/daemon.log");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int ConnectFrom(int port, const std::string& from) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, from.c_str(), &local.sin_addr);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

std::string Exchange(int fd, const std::string& text, std::chrono::milliseconds limit) {
  if (write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) return "";
  auto until = std::chrono::steady_clock::now() + limit;
  std::string got;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) return got;
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return got;
    got.append(buf, static_cast<size_t>(n));
  }
}

HttpReply Http(int port, const std::string& method, const std::string& path,
               const std::string& token, const std::string& body,
               std::chrono::milliseconds timeout) {
  HttpReply reply;
  try {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
    session.setTimeout(
        Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(timeout).count()));
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!token.empty()) req.set("Authorization", "Bearer " + token);
    req.setContentLength64(static_cast<Poco::Int64>(body.size()));
    session.sendRequest(req) << body;
    Poco::Net::HTTPResponse resp;
    std::istream& in = session.receiveResponse(resp);
    Poco::StreamCopier::copyToString(in, reply.body);
    reply.status = resp.getStatus();
  } catch (const Poco::Exception&) {
    reply.status = 0;
  }
  return reply;
}

}  // namespace seteli::testing
