// A request as the routes see it, and the reply they give: the HTTP
// library stays in http_server.cc.
#ifndef SETELI_API_HTTP_REPLY_H_
#define SETELI_API_HTTP_REPLY_H_

#include <map>
#include <optional>
#include <string>

#include "api/token_auth.h"
#include "seteli/status.h"

namespace seteli::api {

struct Request {
  std::string method;
  std::string path;
  std::map<std::string, std::string> query;
  std::optional<Principal> principal;
  std::string body;
  // Headers the routes above the transport read (pages and CSV intake).
  std::string content_type;  // as sent, parameters included; empty when absent
  std::string cookie;        // the Cookie header, empty when absent
  bool tls = false;          // came over TLS: session cookies are Secure
};

struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::string route = "other";  // the metrics label
  std::map<std::string, std::string> headers = {};  // extra response headers
};

// {"error":{"code":..., "message":...}} with `status`.
Reply ErrorReply(int status, const std::string& code, const std::string& message);
Reply ErrorReply(int status, const Error& e);
// A JSON string literal of `s`.
std::string JsonQuote(const std::string& s);

}  // namespace seteli::api

#endif  // SETELI_API_HTTP_REPLY_H_
