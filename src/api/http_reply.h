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
  // The name of the key behind a page session's request, for the request
  // log (a bearer request's comes from its principal).
  std::string key = {};
};

// The one place an error's kind becomes an HTTP status: invalid 400,
// not_found 404, failed_precondition and aborted 409, unavailable and
// resource_exhausted 503 (retry later: docs/api.md promises 503 for a full
// store), data_loss and internal 500.
int HttpStatus(ErrorKind kind);

// {"error":{"code":..., "message":...}} with `status`.
Reply ErrorReply(int status, const std::string& code, const std::string& message);
Reply ErrorReply(int status, const Error& e);
// The same with the status of `e`'s kind; an invalid error answers
// `invalid_status` instead, 422 where the request parsed but what it asks
// for is refused.
Reply ErrorReply(const Error& e, int invalid_status = 400);
// A JSON string literal of `s`, escaped as every JSON reply of the API
// escapes (formats::AppendJsonString, the streamed writers' and Poco's way),
// whether the reply is concatenated, streamed or a Poco object.
std::string JsonQuote(const std::string& s);

// `r` with its metrics label (Reply::route) set to `route`.
Reply Tagged(Reply r, const char* route);
// The query parameter `key` of `r`; empty when absent.
std::string QueryParam(const Request& r, const std::string& key);

}  // namespace seteli::api

#endif  // SETELI_API_HTTP_REPLY_H_
