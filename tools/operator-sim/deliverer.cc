// Delivery to the daemon's inbound endpoint, as an operator does: each
// queued file is posted until the daemon answers 200, with the delivery
// faults of the plan: a reset mid-body, a reply never read (the daemon
// stored it, the simulator does not know and delivers again), a duplicate
// delivery after success, and reordering of the queue.
#include <boost/asio/connect.hpp>
#include <boost/asio/ssl.hpp>

#include <chrono>
#include <thread>

#include "http_io.h"
#include "operator/https_client.h"
#include "sim.h"

namespace operator_sim {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using asio::ip::tcp;

enum class Outcome { kDelivered, kRetry };

Outcome Attempt(const Delivery& d, const std::string& fault, const seteli::exchange::Url& url,
                const SimOptions& o, SimState& state) {
  asio::io_context io;
  ssl::context tls(ssl::context::tls_client);
  tls.set_verify_mode(ssl::verify_peer);
  boost::system::error_code ec;
  tls.load_verify_file(o.ca_file, ec);
  ssl::stream<tcp::socket> s(io, tls);
  s.set_verify_callback(ssl::host_name_verification(url.host));
  tcp::resolver resolver(io);
  asio::connect(s.lowest_layer(), resolver.resolve(url.host, url.port, ec), ec);
  if (ec) return Outcome::kRetry;  // the daemon is down (restarting)
  s.handshake(ssl::stream_base::client, ec);
  if (ec) return Outcome::kRetry;
  std::string head = "POST " + url.target + " HTTP/1.1\r\nHost: " + url.host +
                     "\r\nContent-Type: text/xml\r\nAuthorization: Bearer " + o.deliver_token +
                     "\r\nConnection: close\r\nContent-Length: " + std::to_string(d.body.size()) +
                     "\r\n\r\n";
  size_t body_bytes = fault == "reset" ? d.body.size() / 2 : d.body.size();
  asio::write(s, asio::buffer(head + d.body.substr(0, body_bytes)), ec);
  if (fault == "reset" || fault == "lost") {
    s.lowest_layer().set_option(asio::socket_base::linger(true, 0), ec);
    s.lowest_layer().close(ec);
    return Outcome::kRetry;
  }
  if (ec) return Outcome::kRetry;
  HttpMessage reply = ReadMessage(s);
  if (!reply.complete) return Outcome::kRetry;
  int status = std::atoi(reply.head.c_str() + reply.head.find(' ') + 1);
  if (status == 200) return Outcome::kDelivered;
  state.Count("delivery_status_" + std::to_string(status));
  return Outcome::kRetry;
}

}  // namespace

void Deliver(SimState& state, const SimOptions& o, unsigned worker) {
  auto url = seteli::exchange::ParseUrl(o.deliver_url);
  if (!url.ok()) return;
  std::mt19937_64 rng(o.faults.seed * 7919ULL + worker);
  for (;;) {
    std::string fault = FaultPlan::Draw(o.faults.delivery, rng);
    Delivery d;
    if (!state.Next(d, fault == "reorder", rng, 200)) continue;
    state.Count("attempts_out");
    if (!fault.empty()) state.Count("fault_out_" + fault);
    ++d.attempts;
    if (Attempt(d, fault, url.value(), o, state) == Outcome::kRetry) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      state.Requeue(std::move(d));
      continue;
    }
    state.Count("delivered");
    if (fault == "duplicate") {  // the operator delivers it once more
      state.Count("duplicate_deliveries");
      state.Enqueue({d.label, d.body, 0});
    }
    state.Done();
  }
}

}  // namespace operator_sim
