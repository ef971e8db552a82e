// operator-sim: a stand-in for an e-invoice operator, for tests and the
// demo, on loopback only. It holds a mailbox per e-invoice address, takes
// posts over HTTPS (each MessageId once), delivers files queued through its
// control API to the daemon's inbound endpoint, and injects faults.
//
//   operator-sim --cert s.pem --key s.key --ca ca.pem --port-file P --control-port-file C
//     [--deliver-to https://127.0.0.1:8443/v1/operator/inbound --deliver-token T]
//     [--fault-rate 0.3] [--faults refuse,reset,slow,http500,http503,lost]
//     [--delivery-faults reset,lost,duplicate,reorder] [--slow-ms 1500] [--seed 1]
//     [--addresses A,B] [--deliverers 4] [--client-ca ca.pem]
//
// The fault rate is split evenly over the kinds listed. Control (plain
// HTTP): GET /counters, GET /mailboxes, POST /deliver (a framed file).
// Without --deliver-to, files queued by /deliver wait for the daemon to
// poll: GET /mailbox/ADDRESS on the HTTPS port, then POST
// /mailbox/ADDRESS/ack with the MessageIds stored. --client-ca: the HTTPS
// port requires a client certificate issued by that CA (mutual TLS).
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>
#include <vector>

#include "sim.h"

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using operator_sim::SimOptions;

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::map<std::string, double> Spread(const std::string& kinds, double rate) {
  std::map<std::string, double> out;
  auto list = Split(kinds);
  for (const std::string& k : list) out[k] = rate / static_cast<double>(list.size());
  return out;
}

void WritePort(const std::string& file, unsigned short port) {
  if (file.empty()) return;
  std::ofstream(file + ".tmp") << port << "\n";
  std::rename((file + ".tmp").c_str(), file.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> a = {
      {"--faults", "refuse,reset,slow,http500,http503,lost"},
      {"--delivery-faults", "reset,lost,duplicate,reorder"},
      {"--fault-rate", "0"}, {"--slow-ms", "1500"}, {"--seed", "1"}, {"--deliverers", "4"},
      {"--port", "0"}, {"--control-port", "0"}};
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    if (k == "--help") {
      std::cout << "usage: operator-sim --cert C --key K --ca CA [--port-file F] "
                   "[--control-port-file F] [--deliver-to URL --deliver-token T] "
                   "[--fault-rate R] [--faults K,..] [--delivery-faults K,..] [--slow-ms N] "
                   "[--seed N] [--addresses A,..] [--deliverers N] [--client-ca CA]\n";
      return 0;
    }
    if (i + 1 >= argc) {
      std::cerr << "operator-sim: " << k << " needs a value\n";
      return 2;
    }
    a[k] = argv[++i];
  }
  SimOptions o;
  o.cert_file = a["--cert"];
  o.key_file = a["--key"];
  o.ca_file = a["--ca"];
  o.deliver_url = a["--deliver-to"];
  o.deliver_token = a["--deliver-token"];
  for (const std::string& addr : Split(a["--addresses"])) o.addresses.insert(addr);
  double rate = std::stod(a["--fault-rate"]);
  o.faults.inbound = Spread(a["--faults"], rate);
  o.faults.delivery = Spread(a["--delivery-faults"], rate);
  o.faults.slow_ms = std::stoi(a["--slow-ms"]);
  o.faults.seed = std::stoull(a["--seed"]);
  try {
    asio::io_context io;
    asio::ssl::context tls(asio::ssl::context::tls_server);
    tls.use_certificate_chain_file(o.cert_file);
    tls.use_private_key_file(o.key_file, asio::ssl::context::pem);
    if (!a["--client-ca"].empty()) {
      tls.set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
      tls.load_verify_file(a["--client-ca"]);
    }
    auto loopback = asio::ip::make_address("127.0.0.1");
    tcp::acceptor op(io, tcp::endpoint(loopback, static_cast<unsigned short>(std::stoi(a["--port"]))));
    tcp::acceptor control(io, tcp::endpoint(loopback, static_cast<unsigned short>(std::stoi(a["--control-port"]))));
    operator_sim::SimState state;
    std::thread([&] { operator_sim::ServeControl(control, state); }).detach();
    if (!o.deliver_url.empty()) {
      for (int i = 0; i < std::stoi(a["--deliverers"]); ++i) {
        std::thread([&state, &o, i] { operator_sim::Deliver(state, o, static_cast<unsigned>(i)); }).detach();
      }
    }
    WritePort(a["--control-port-file"], control.local_endpoint().port());
    WritePort(a["--port-file"], op.local_endpoint().port());
    operator_sim::ServeOperator(op, tls, state, o);
  } catch (const std::exception& e) {
    std::cerr << "operator-sim: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
