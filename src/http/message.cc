#include "http/message.h"

#include <strings.h>

#include <cstdio>

namespace seteli::http {
namespace {

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string Request::Get(std::string_view name, const std::string& fallback) const {
  for (const Header& h : headers) {
    if (SameName(h.name, name)) return h.value;
  }
  return fallback;
}

Response Response::Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.headers.push_back({"Content-Type", "application/json"});
  r.body = std::move(body);
  return r;
}

Response Response::Error(int status, const std::string& code, const std::string& message) {
  Response r = Json(status, "{\"error\":{\"code\":" + JsonString(code) +
                                ",\"message\":" + JsonString(message) + "}}");
  r.close = true;
  return r;
}

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace seteli::http
