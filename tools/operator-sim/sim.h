// The operator simulator's parts: the HTTPS listener the daemon posts to
// (with injected faults), the plain-HTTP control listener the tests read
// mailboxes and counters from (loopback only), and the deliverer that
// posts queued messages to the daemon's inbound endpoint (with faults).
#ifndef SETELI_OPERATOR_SIM_SIM_H_
#define SETELI_OPERATOR_SIM_SIM_H_

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>

#include <map>
#include <random>
#include <set>
#include <string>

#include "sim_state.h"

namespace operator_sim {

// The faults, each with its own probability per attempt (one drawn at most).
struct FaultPlan {
  std::map<std::string, double> inbound;   // refuse, reset, slow, http500, http503, lost
  std::map<std::string, double> delivery;  // reset, lost, duplicate, reorder
  int slow_ms = 1500;
  uint64_t seed = 1;
  // Draws a fault for one attempt from `kinds`, or "" for none.
  static std::string Draw(const std::map<std::string, double>& kinds, std::mt19937_64& rng);
};

struct SimOptions {
  std::string cert_file, key_file, ca_file;
  std::string deliver_url;          // https://127.0.0.1:PORT/v1/operator/inbound
  std::string deliver_token;        // bearer token for the daemon
  std::set<std::string> addresses;  // known e-invoice addresses; empty: any
  std::string einvoice_address = "003700000000OPER";  // the simulator's own, for its acks
  std::string intermediator = "SIMOPFI1";
  FaultPlan faults;
};

// Serves HTTPS on `acceptor` until the process ends, a thread per connection.
void ServeOperator(boost::asio::ip::tcp::acceptor& acceptor, boost::asio::ssl::context& tls,
                   SimState& state, const SimOptions& options);
// Serves the control API in plain HTTP on `acceptor`.
void ServeControl(boost::asio::ip::tcp::acceptor& acceptor, SimState& state);
// Delivers queued messages to the daemon, forever.
void Deliver(SimState& state, const SimOptions& options, unsigned worker);

// A request or reply read off a connection: the head and the body.
struct HttpMessage {
  std::string head;  // request or status line and headers
  std::string body;
  bool complete = false;
};

}  // namespace operator_sim

#endif  // SETELI_OPERATOR_SIM_SIM_H_
