#include "http/server.h"

#include <strings.h>
#include <sys/resource.h>

#include <algorithm>
#include <utility>  // before Asio's awaitable.hpp, which uses std::exchange without it
// clang-format off
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <condition_variable>
#include <ctime>
#include <future>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <thread>
// clang-format on

namespace seteli::http {
namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using boost::system::error_code;
using std::chrono::steady_clock;
using tcp = asio::ip::tcp;
using TlsStream = asio::ssl::stream<tcp::socket>;

auto Redirect(error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

// A connection as the server's bookkeeping sees it, whatever its stream.
class Connection {
 public:
  virtual ~Connection() = default;
  // Closes the socket: what is pending on it fails, the connection ends.
  virtual void Cut() = 0;
  bool idle() const { return idle_; }

 protected:
  bool idle_ = false;  // between requests
};

// Open descriptors the server may spend on connections: the process's
// limit (raised to its hard limit: a daemon holding many idle connections
// needs them) less a margin for the store, logs and outgoing connections.
int DescriptorBudget() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024 - 64;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  rlim_t budget = limit.rlim_cur > 128 ? limit.rlim_cur - 64 : limit.rlim_cur / 2;
  return static_cast<int>(std::min<rlim_t>(budget, 1 << 30));
}

std::string HttpDate() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[40];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return text;
}

bool SameText(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Response TimedOut() {
  return Response::Error(408, "request_timeout", "the request did not arrive within its deadline");
}

Response TooLarge(long long limit) {
  return Response::Error(413, "body_too_large",
                         "the body is over " + std::to_string(limit) + " bytes");
}

// RFC 9112 6.1 and 6.3: a transfer coding other than chunked cannot be read
// (501); one beside a Content-Length makes the body's length ambiguous, the
// ground of request smuggling (400).
std::optional<Response> FramingFault(const bhttp::request_header<>& head) {
  int codings = 0;
  std::string_view value;
  for (const auto& field : head) {
    if (field.name() == bhttp::field::transfer_encoding) {
      ++codings;
      value = std::string_view(field.value().data(), field.value().size());
    }
  }
  if (codings == 0) return std::nullopt;
  if (head.count(bhttp::field::content_length) > 0) {
    return Response::Error(400, "ambiguous_length", "Transfer-Encoding with Content-Length");
  }
  if (codings > 1 || !SameText(Trim(value), "chunked")) {
    return Response::Error(501, "unsupported_transfer_encoding",
                           "only Transfer-Encoding: chunked is understood");
  }
  return std::nullopt;
}

// What a head the parser refused is answered with. Beast stops at the
// first field that contradicts an earlier one: a Transfer-Encoding after a
// Content-Length or a second chunked one (bad_transfer_encoding), a
// Content-Length after chunked (bad_content_length).
Response HeadFault(const error_code& ec, const bhttp::request_header<>& partial) {
  if (ec == bhttp::error::header_limit) {
    return Response::Error(431, "headers_too_large", "the request's headers are too large");
  }
  if (ec == bhttp::error::bad_content_length) {
    return Response::Error(400, "ambiguous_length", "a malformed or conflicting Content-Length");
  }
  if (ec == bhttp::error::bad_transfer_encoding) {
    if (partial.count(bhttp::field::content_length) > 0) {
      return Response::Error(400, "ambiguous_length", "Transfer-Encoding with Content-Length");
    }
    return Response::Error(501, "unsupported_transfer_encoding",
                           "only one Transfer-Encoding: chunked is understood");
  }
  return Response::Error(400, "bad_request", "malformed request line or headers");
}

Request FromHead(const bhttp::request_parser<bhttp::empty_body>& parser,
                 const std::string& client) {
  const auto& head = parser.get();
  Request r;
  r.method = std::string(head.method_string());
  r.target = std::string(head.target());
  r.client = client;
  for (const auto& field : head) {
    r.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  // The framing is known only once the whole head is parsed (Beast asserts
  // so); a refused or cut head is answered without it.
  if (!parser.is_header_done()) return r;
  if (auto length = parser.content_length()) r.content_length = static_cast<long long>(*length);
  r.chunked = parser.chunked();
  return r;
}

// `http10`: an HTTP/1.0 client keeps the connection only when told so.
std::string Serialize(const Request& req, const Response& resp, const std::vector<Header>& common,
                      bool http10) {
  std::string out = "HTTP/1.1 " + std::to_string(resp.status) + " " +
                    std::string(bhttp::obsolete_reason(static_cast<bhttp::status>(resp.status))) +
                    "\r\nDate: " + HttpDate() + "\r\n";
  // A header the response sets itself replaces the common one (a page's own
  // Content-Security-Policy allows its forms; two policies would both apply).
  auto own = [&resp](const std::string& name) {
    return std::any_of(resp.headers.begin(), resp.headers.end(), [&name](const Header& h) {
      return strcasecmp(h.name.c_str(), name.c_str()) == 0;
    });
  };
  for (const Header& h : common) {
    if (!own(h.name)) out += h.name + ": " + h.value + "\r\n";
  }
  for (const Header& h : resp.headers) out += h.name + ": " + h.value + "\r\n";
  out += "Content-Length: " + std::to_string(resp.body.size()) + "\r\n";
  if (resp.close) {
    out += "Connection: close\r\n";
  } else if (http10) {
    out += "Connection: keep-alive\r\n";
  }
  out += "\r\n";
  if (req.method != "HEAD") out += resp.body;
  return out;
}

}  // namespace

struct Server::Core {
  Core(ServerLimits l, Handlers h)
      : limits(l), handlers(std::move(h)), workers(static_cast<size_t>(l.max_handling)) {}

  ServerLimits limits;
  Handlers handlers;
  std::shared_ptr<asio::ssl::context> tls;
  int max_open = 0;
  int port = 0;
  // Touched on the I/O thread only.
  std::map<std::string, int> per_address;
  std::set<Connection*> open;
  bool stopping = false;
  // The count Stop waits on, from its own thread.
  std::mutex mu;
  std::condition_variable changed;
  int open_count = 0;
  // Declared after what the connections touch as they are destroyed, which
  // may be when the I/O context is.
  asio::thread_pool workers;
  asio::io_context io{1};
  // Keeps io.run() going while no connection is open, until Stop.
  asio::executor_work_guard<asio::io_context::executor_type> running{io.get_executor()};
  tcp::acceptor acceptor{io};
  std::thread io_thread;
};

namespace {

// One connection, read on the I/O thread: a request at a time, each
// handed to a worker once wholly received.
template <class Stream>
class Session : public Connection, public std::enable_shared_from_this<Session<Stream>> {
 public:
  // `stream_args` make the stream: a socket, and for TLS a context too.
  template <class... StreamArgs>
  Session(Server::Core* core, std::string client, StreamArgs&&... stream_args)
      : core_(core),
        stream_(std::forward<StreamArgs>(stream_args)...),
        client_(std::move(client)),
        timer_(core->io) {
    core_->open.insert(this);
    ++core_->per_address[client_];
    std::lock_guard lock(core_->mu);
    ++core_->open_count;
  }

  ~Session() override {
    core_->open.erase(this);
    if (--core_->per_address[client_] == 0) core_->per_address.erase(client_);
    {
      std::lock_guard lock(core_->mu);
      --core_->open_count;
    }
    core_->changed.notify_all();
  }

  static asio::awaitable<void> Run(std::shared_ptr<Session> self) {
    co_await self->Serve();
    self->Disarm();
    error_code ignored;
    self->Socket().close(ignored);
  }

  void Cut() override {
    error_code ignored;
    Socket().close(ignored);
  }

 private:
  tcp::socket& Socket() {
    if constexpr (std::is_same_v<Stream, tcp::socket>) {
      return stream_;
    } else {
      return stream_.next_layer();
    }
  }

  asio::awaitable<void> Serve() {
    Arm(core_->limits.request_deadline);  // the first request's, from the accept
    if constexpr (!std::is_same_v<Stream, tcp::socket>) {
      error_code ec;
      co_await stream_.async_handshake(asio::ssl::stream_base::server, Redirect(ec));
      if (ec) co_return;
    }
    for (bool first = true; !core_->stopping; first = false) {
      if (!first) {
        if (!co_await AwaitNext()) co_return;
        Arm(core_->limits.request_deadline);
      }
      if (!co_await ServeOne()) co_return;
    }
  }

  // Waits, idle, for the next request's first byte, at most keep_alive.
  asio::awaitable<bool> AwaitNext() {
    if (buffer_.size() > 0) co_return true;  // pipelined
    idle_ = true;
    Arm(core_->limits.keep_alive);
    error_code ec;
    size_t n = co_await stream_.async_read_some(buffer_.prepare(4096), Redirect(ec));
    buffer_.commit(n);
    idle_ = false;
    co_return !ec && n > 0;
  }

  // Reads, has handled and answers one request. False when the connection
  // is to close.
  asio::awaitable<bool> ServeOne() {
    const auto started = steady_clock::now();
    const ServerLimits& limits = core_->limits;
    bhttp::request_parser<bhttp::empty_body> head;
    head.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    // No limit here (Beast's default is 1 MB; boost::none would refuse
    // every body in Boost 1.74): the declared size is checked below,
    // answered 413, and the body's parser has the limit.
    head.body_limit(std::numeric_limits<std::uint64_t>::max());
    error_code ec;
    co_await bhttp::async_read_header(stream_, buffer_, head, Redirect(ec));
    Request request = FromHead(head, client_);
    if (ec) {
      if (expired_) co_return co_await Refuse(request, TimedOut(), started);
      // Closed (or cut) before a request began, or a broken connection:
      // there is no one to answer.
      if (ec.category() != bhttp::make_error_code(bhttp::error::end_of_stream).category() ||
          ec == bhttp::error::end_of_stream) {
        co_return false;
      }
      co_return co_await Refuse(request, HeadFault(ec, head.get()), started);
    }
    if (auto fault = FramingFault(head.get())) co_return co_await Refuse(request, *fault, started);
    if (request.content_length.value_or(0) > limits.max_body_bytes) {
      co_return co_await Refuse(request, TooLarge(limits.max_body_bytes), started);
    }
    if (core_->handlers.check) {
      if (auto refused = core_->handlers.check(request)) {
        co_return co_await Refuse(request, std::move(*refused), started);
      }
    }
    bool keep_alive = head.get().keep_alive();
    http10_ = head.get().version() == 10;
    if (request.DeclaresBody()) {
      if (auto fault = co_await ReadBody(head, request)) {
        co_return co_await Refuse(request, std::move(*fault), started);
      }
    }
    Disarm();  // wholly received: the request waits for a worker, however long
    Response response = co_await Handle(request);
    response.close = response.close || !keep_alive || core_->stopping;
    Arm(limits.request_deadline);  // for the reply to be taken
    bool sent = co_await Send(request, response, started);
    Disarm();
    co_return sent && !response.close;
  }

  // The body into `request`, or the reply refusing it.
  asio::awaitable<std::optional<Response>> ReadBody(bhttp::request_parser<bhttp::empty_body>& head,
                                                    Request& request) {
    error_code ec;
    if (SameText(request.Get("Expect"), "100-continue")) {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      co_await asio::async_write(stream_, asio::buffer(kContinue), Redirect(ec));
    }
    bhttp::request_parser<bhttp::string_body> whole(std::move(head));
    whole.body_limit(static_cast<std::uint64_t>(core_->limits.max_body_bytes));
    if (!ec) co_await bhttp::async_read(stream_, buffer_, whole, Redirect(ec));
    if (expired_) co_return TimedOut();
    if (ec == bhttp::error::body_limit) co_return TooLarge(core_->limits.max_body_bytes);
    if (ec) {
      co_return Response::Error(400, "incomplete_body",
                                "the body ended early or is malformed: " + ec.message());
    }
    request.body = std::move(whole.get().body());
    co_return std::nullopt;
  }

  // `request` handled on a worker; the coroutine continues on the I/O
  // thread (co_spawn completes on the awaiting coroutine's executor).
  asio::awaitable<Response> Handle(Request& request) {
    co_return co_await asio::co_spawn(
        core_->workers,
        [this, &request]() -> asio::awaitable<Response> {
          std::optional<Response> response;
          try {
            response = core_->handlers.handle(request);
          } catch (const std::exception&) {
            response = Response::Error(500, "internal", "unexpected failure");
          }
          co_return std::move(*response);
        },
        asio::use_awaitable);
  }

  asio::awaitable<bool> Send(const Request& request, const Response& response,
                             steady_clock::time_point started) {
    std::string wire = Serialize(request, response, core_->handlers.common_headers, http10_);
    error_code ec;
    co_await asio::async_write(stream_, asio::buffer(wire), Redirect(ec));
    if (core_->handlers.answered) {
      core_->handlers.answered(
          request, response,
          std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - started));
    }
    co_return !ec;
  }

  // Answers `request` with its body unread, then reads and drops some of
  // what the client is still sending before closing, so that it reads the
  // reply rather than a reset. Always false: the connection closes.
  asio::awaitable<bool> Refuse(const Request& request, Response response,
                               steady_clock::time_point started) {
    response.close = true;
    Arm(std::chrono::seconds(2));  // for the reply and the lingering read
    co_await Send(request, response, started);
    error_code ec;
    Socket().shutdown(tcp::socket::shutdown_send, ec);
    char scratch[16384];
    for (long long dropped = 0; !ec && dropped < (1LL << 20);) {
      dropped += static_cast<long long>(
          co_await Socket().async_read_some(asio::buffer(scratch), Redirect(ec)));
    }
    co_return false;
  }

  // From now, `within`; then what is pending on the socket is cancelled
  // and expired_ tells why.
  void Arm(steady_clock::duration within) {
    expired_ = false;
    timer_.expires_after(within);
    timer_.async_wait([self = this->shared_from_this(), armed = ++armed_](error_code ec) {
      if (ec || armed != self->armed_) return;  // disarmed, or armed again since
      self->expired_ = true;
      error_code ignored;
      self->Socket().cancel(ignored);
    });
  }

  void Disarm() {
    ++armed_;
    timer_.cancel();
  }

  Server::Core* core_;
  Stream stream_;
  std::string client_;
  asio::steady_timer timer_;
  unsigned long armed_ = 0;
  bool expired_ = false;
  bool http10_ = false;  // the request being answered
  boost::beast::flat_buffer buffer_;
};

void Launch(Server::Core* core, tcp::socket socket, std::string client) {
  if (core->tls) {
    auto session = std::make_shared<Session<TlsStream>>(core, std::move(client), std::move(socket),
                                                        *core->tls);
    asio::co_spawn(core->io, Session<TlsStream>::Run(std::move(session)), asio::detached);
  } else {
    auto session =
        std::make_shared<Session<tcp::socket>>(core, std::move(client), std::move(socket));
    asio::co_spawn(core->io, Session<tcp::socket>::Run(std::move(session)), asio::detached);
  }
}

// Accepts until the acceptor closes. A connection over a cap is closed
// unanswered.
asio::awaitable<void> Accept(Server::Core* core) {
  asio::steady_timer pause(core->io);
  for (;;) {
    error_code ec;
    tcp::socket socket = co_await core->acceptor.async_accept(Redirect(ec));
    if (ec) {
      if (core->stopping || !core->acceptor.is_open()) co_return;
      // Out of descriptors, say: wait for some to be freed.
      pause.expires_after(std::chrono::milliseconds(50));
      co_await pause.async_wait(Redirect(ec));
      continue;
    }
    std::string client = socket.remote_endpoint(ec).address().to_string();
    if (ec) continue;  // gone already
    if (static_cast<int>(core->open.size()) >= core->max_open ||
        core->per_address[client] >= core->limits.per_address) {
      if (core->per_address[client] == 0) core->per_address.erase(client);
      continue;  // `socket` closes here
    }
    Launch(core, std::move(socket), std::move(client));
  }
}

}  // namespace

Server::Server(ServerLimits limits, Handlers handlers)
    : core_(std::make_unique<Core>(limits, std::move(handlers))) {}

Server::~Server() { Stop(); }

void Server::Start(const std::string& host, int port, std::shared_ptr<asio::ssl::context> tls) {
  Core& c = *core_;
  c.tls = std::move(tls);
  c.max_open = std::min(c.limits.max_connections, DescriptorBudget());
  tcp::resolver resolver(c.io);
  tcp::endpoint endpoint = resolver.resolve(host, std::to_string(port))->endpoint();
  c.acceptor.open(endpoint.protocol());
  c.acceptor.set_option(tcp::acceptor::reuse_address(true));
  c.acceptor.bind(endpoint);
  c.acceptor.listen(asio::socket_base::max_listen_connections);
  c.port = c.acceptor.local_endpoint().port();
  asio::co_spawn(c.io, Accept(&c), asio::detached);
  c.io_thread = std::thread([&c] { c.io.run(); });
}

int Server::port() const { return core_->port; }

bool Server::Stop() {
  Core& c = *core_;
  if (!c.io_thread.joinable()) return true;
  auto on_io = [&c](auto task) {
    std::promise<void> done;
    asio::post(c.io, [&] {
      task();
      done.set_value();
    });
    done.get_future().wait();
  };
  on_io([&c] {
    c.stopping = true;
    error_code ignored;
    c.acceptor.close(ignored);
    for (Connection* open : std::vector<Connection*>(c.open.begin(), c.open.end())) {
      if (open->idle()) open->Cut();
    }
  });
  auto none_open = [&c] { return c.open_count == 0; };
  bool answered;
  {
    std::unique_lock lock(c.mu);
    answered = c.changed.wait_for(lock, c.limits.shutdown, none_open);
  }
  if (!answered) {
    on_io([&c] {
      for (Connection* open : std::vector<Connection*>(c.open.begin(), c.open.end())) open->Cut();
    });
  }
  c.workers.join();  // a request being handled finishes; its reply goes nowhere if cut
  {
    std::unique_lock lock(c.mu);
    c.changed.wait_for(lock, std::chrono::seconds(5), none_open);
  }
  c.running.reset();
  c.io.stop();
  c.io_thread.join();
  return answered;
}

}  // namespace seteli::http
