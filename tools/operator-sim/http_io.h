// Reading one HTTP message (head and Content-Length body) off a blocking
// stream, plain or TLS; enough HTTP for the simulator.
#ifndef SETELI_OPERATOR_SIM_HTTP_IO_H_
#define SETELI_OPERATOR_SIM_HTTP_IO_H_

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <cctype>
#include <cstdlib>
#include <string>

#include "sim.h"

namespace operator_sim {

inline size_t ContentLength(const std::string& head) {
  std::string lower = head;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t at = lower.find("\r\ncontent-length:");
  return at == std::string::npos ? 0 : std::strtoull(lower.c_str() + at + 17, nullptr, 10);
}

// Reads the head, then as much of the body as `max_body` (all by default).
template <class Stream>
HttpMessage ReadMessage(Stream& s, size_t max_body = std::string::npos) {
  HttpMessage m;
  std::string raw;
  char buf[16384];
  boost::system::error_code ec;
  size_t head_end;
  while ((head_end = raw.find("\r\n\r\n")) == std::string::npos) {
    size_t n = s.read_some(boost::asio::buffer(buf), ec);
    raw.append(buf, n);
    if (ec) return m;
  }
  m.head = raw.substr(0, head_end);
  m.body = raw.substr(head_end + 4);
  size_t want = std::min(ContentLength(m.head), max_body);
  while (m.body.size() < want) {
    size_t n = s.read_some(boost::asio::buffer(buf), ec);
    m.body.append(buf, n);
    if (ec) return m;
  }
  m.complete = m.body.size() >= ContentLength(m.head);
  return m;
}

template <class Stream>
void WriteReply(Stream& s, int status, const std::string& body, const char* type = "application/json") {
  std::string text = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + type +
                     "\r\nContent-Length: " + std::to_string(body.size()) +
                     "\r\nConnection: close\r\n\r\n" + body;
  boost::system::error_code ec;
  boost::asio::write(s, boost::asio::buffer(text), ec);
}

// "POST /path?x HTTP/1.1" -> "/path?x".
inline std::string Target(const std::string& head) {
  size_t a = head.find(' ');
  size_t b = head.find(' ', a + 1);
  return a == std::string::npos ? "" : head.substr(a + 1, b - a - 1);
}

}  // namespace operator_sim

#endif  // SETELI_OPERATOR_SIM_HTTP_IO_H_
