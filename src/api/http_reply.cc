#include "api/http_reply.h"

#include "formats/pretty_json_writer.h"

namespace seteli::api {

std::string JsonQuote(const std::string& s) { return formats::JsonQuoted(s); }

int HttpStatus(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalid:
      return 400;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kFailedPrecondition:
    case ErrorKind::kAborted:
      return 409;
    case ErrorKind::kUnavailable:
    case ErrorKind::kResourceExhausted:
      return 503;
    case ErrorKind::kDataLoss:
    case ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

Reply ErrorReply(int status, const std::string& code, const std::string& message) {
  Reply r;
  r.status = status;
  r.body = "{\"error\":{\"code\":" + JsonQuote(code) + ",\"message\":" + JsonQuote(message) + "}}";
  return r;
}

Reply ErrorReply(int status, const Error& e) {
  return ErrorReply(status, e.code, e.where.empty() ? e.message : e.where + ": " + e.message);
}

Reply ErrorReply(const Error& e, int invalid_status) {
  return ErrorReply(e.kind == ErrorKind::kInvalid ? invalid_status : HttpStatus(e.kind), e);
}

Reply Tagged(Reply r, const char* route) {
  r.route = route;
  return r;
}

std::string QueryParam(const Request& r, const std::string& key) {
  auto it = r.query.find(key);
  return it == r.query.end() ? "" : it->second;
}

}  // namespace seteli::api
