// The simulator's two listeners: HTTPS for the daemon's posts and mailbox
// polls, with the faults of the plan, and plain HTTP on loopback for the
// tests' control.
#include <boost/asio/ssl.hpp>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "http_io.h"
#include "operator/frame_reader.h"
#include "outbound/finvoice_ack.h"
#include "sim.h"

namespace operator_sim {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using asio::ip::tcp;

// Ends the connection with a TCP reset instead of an orderly close.
void Reset(tcp::socket& sock) {
  boost::system::error_code ec;
  sock.set_option(asio::socket_base::linger(true, 0), ec);
  sock.close(ec);
}

// What an operator answers a message it cannot route: a framed
// Finvoiceack back to the sender.
std::string UnknownReceiverAck(const seteli::outbound::TransmissionHeader& h, const SimOptions& o,
                               std::mt19937_64& rng) {
  seteli::outbound::FinvoiceAck ack;
  ack.original = {h.routing, h.message_id, h.timestamp};
  ack.reason = seteli::outbound::AckReason::kUnknownReceiver;
  ack.details = {{"Vastaanottajaa " + h.routing.receiver.address + " ei löydy",
                  "Receiver " + h.routing.receiver.address + " not found", ""}};
  ack.message_id = "SIMACK-" + std::to_string(rng() % 1000000000000ULL);
  ack.timestamp = "2024-06-03T10:00:00+03:00";
  (void)o;
  auto file = seteli::outbound::BuildFramedFinvoiceAck(ack);
  return file.ok() ? file.value() : "";
}

// Files every message of a posted file; the reply status and body.
std::pair<int, std::string> File(const std::string& body, SimState& state, const SimOptions& o,
                                 std::mt19937_64& rng) {
  auto parts = seteli::exchange::SplitFramedMessages(body);
  if (!parts.ok()) {
    state.Count("refused_invalid_frame");
    return {400, "invalid_frame: " + parts.error().message};
  }
  for (const auto& p : parts.value()) {
    const std::string& to = p.header.routing.receiver.address;
    if (!o.addresses.empty() && !o.addresses.count(to)) {
      state.Count("refused_unknown_receiver");
      return {400, UnknownReceiverAck(p.header, o, rng)};
    }
  }
  std::string ack = "<Acknowledgement>";
  for (const auto& p : parts.value()) {
    state.Accept(p.header.routing.receiver.address,
                 {p.header.message_id, p.header.routing.sender.address, p.raw});
    ack += "<MessageId>" + p.header.message_id + "</MessageId>";
  }
  return {200, ack + "</Acknowledgement>"};
}

// The daemon polling its mailbox: GET answers the oldest waiting file (204
// when none), POST .../ack confirms the MessageIds it stored, one a line;
// a file is handed out again until all of its MessageIds are confirmed.
std::pair<int, std::string> Mailbox(const HttpMessage& m, SimState& state) {
  if (m.head.rfind("GET", 0) == 0) {
    Delivery d;
    if (!state.Oldest(d)) return {204, ""};
    state.Count("mailbox_fetches");
    return {200, d.body};
  }
  std::set<std::string> ids;
  size_t at = 0;
  while (at < m.body.size()) {
    size_t end = m.body.find('\n', at);
    if (end == std::string::npos) end = m.body.size();
    if (end > at) ids.insert(m.body.substr(at, end - at));
    at = end + 1;
  }
  return {200, "{\"done\":" + std::to_string(state.Confirm(ids)) + "}"};
}

void HandleOperator(tcp::socket sock, ssl::context& tls, SimState& state, const SimOptions& o,
                    uint64_t seed) {
  std::mt19937_64 rng(seed);
  state.Count("attempts_in");
  std::string fault = FaultPlan::Draw(o.faults.inbound, rng);
  if (!fault.empty()) state.Count("fault_in_" + fault);
  if (fault == "refuse") {  // as a refused connection looks to TLS: gone at once
    Reset(sock);
    return;
  }
  ssl::stream<tcp::socket&> s(sock, tls);
  boost::system::error_code ec;
  s.handshake(ssl::stream_base::server, ec);
  if (ec) {  // e.g. no client certificate where --client-ca requires one
    state.Count("handshake_failed");
    return;
  }
  HttpMessage m = ReadMessage(s, fault == "reset" ? 200 : std::string::npos);
  if (fault == "reset") {
    Reset(sock);
    return;
  }
  if (!m.complete) return;
  if (fault == "http500" || fault == "http503") {
    WriteReply(s, fault == "http500" ? 500 : 503, "operator fault injected", "text/plain");
    return;
  }
  bool mailbox = Target(m.head).rfind("/mailbox", 0) == 0;
  auto [status, body] = mailbox ? Mailbox(m, state) : File(m.body, state, o, rng);
  if (fault == "lost") {  // accepted, but the reply never arrives
    Reset(sock);
    return;
  }
  if (fault == "slow") std::this_thread::sleep_for(std::chrono::milliseconds(o.faults.slow_ms));
  WriteReply(s, status, body, "text/xml");
  s.shutdown(ec);
}

void HandleControl(tcp::socket sock, SimState& state) {
  HttpMessage m = ReadMessage(sock);
  if (!m.complete) return;
  std::string target = Target(m.head);
  bool post = m.head.rfind("POST", 0) == 0;
  if (post && target == "/deliver") {
    auto parts = seteli::exchange::SplitFramedMessages(m.body);
    if (!parts.ok()) return WriteReply(sock, 400, Json(parts.error().message));
    std::string label;
    for (const auto& p : parts.value()) label += p.header.message_id + " ";
    state.Enqueue({label, m.body, 0});
    return WriteReply(sock, 200, "{\"queued\":" + std::to_string(parts.value().size()) + "}");
  }
  if (target == "/counters") return WriteReply(sock, 200, state.CountersJson());
  if (target == "/mailboxes") return WriteReply(sock, 200, state.MailboxesJson());
  if (target == "/healthz") return WriteReply(sock, 200, "{}");
  WriteReply(sock, 404, "{}");
}

}  // namespace

std::string FaultPlan::Draw(const std::map<std::string, double>& kinds, std::mt19937_64& rng) {
  double x = std::uniform_real_distribution<double>(0, 1)(rng);
  for (const auto& [kind, p] : kinds) {
    if (x < p) return kind;
    x -= p;
  }
  return "";
}

void ServeOperator(tcp::acceptor& acceptor, ssl::context& tls, SimState& state, const SimOptions& o) {
  std::atomic<uint64_t> n{0};
  for (;;) {
    tcp::socket sock(acceptor.get_executor());
    boost::system::error_code ec;
    acceptor.accept(sock, ec);
    if (ec) continue;
    uint64_t seed = o.faults.seed * 1000003ULL + n++;
    std::thread([s = std::move(sock), &tls, &state, &o, seed]() mutable {
      HandleOperator(std::move(s), tls, state, o, seed);
    }).detach();
  }
}

void ServeControl(tcp::acceptor& acceptor, SimState& state) {
  for (;;) {
    tcp::socket sock(acceptor.get_executor());
    boost::system::error_code ec;
    acceptor.accept(sock, ec);
    if (ec) continue;
    std::thread([s = std::move(sock), &state]() mutable { HandleControl(std::move(s), state); }).detach();
  }
}

}  // namespace operator_sim
