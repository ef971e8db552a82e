// A request and its response as the listeners' handlers see them: plain
// values, independent of the server underneath (http::Server).
//
//   std::string type = request.Get("Content-Type");
//   Response r = Response::Json(404, R"({"error":...})");
//   r.headers.push_back({"Set-Cookie", "a=1"});  // a name may repeat
#ifndef SETELI_HTTP_MESSAGE_H_
#define SETELI_HTTP_MESSAGE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seteli::http {

struct Header {
  std::string name, value;
};

struct Request {
  std::string method;
  std::string target;  // as sent: path and query, not decoded
  std::string client;  // the peer's address
  std::vector<Header> headers;
  std::optional<long long> content_length;
  bool chunked = false;
  std::string body;  // empty while the head alone is checked

  // The first value of header `name` (any case), or `fallback`.
  std::string Get(std::string_view name, const std::string& fallback = "") const;
  // A body follows the head (RFC 9112 6.3): chunked, or a Content-Length
  // over zero.
  bool DeclaresBody() const { return chunked || content_length.value_or(0) > 0; }
  // The target up to its query.
  std::string Path() const { return target.substr(0, target.find('?')); }
};

struct Response {
  int status = 200;
  std::vector<Header> headers;  // Content-Length and Connection are the server's
  std::string body;
  std::string route = "other";  // the metrics label
  bool close = false;           // the connection closes after it
  std::string key = {};         // the name of the key it answered, for the request log

  // `body` as application/json.
  static Response Json(int status, std::string body);
  // {"error":{"code":..., "message":...}}, closing the connection.
  static Response Error(int status, const std::string& code, const std::string& message);
};

// `s` as a JSON string literal, quotes included.
std::string JsonString(std::string_view s);

}  // namespace seteli::http

#endif  // SETELI_HTTP_MESSAGE_H_
