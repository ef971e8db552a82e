// The daemon's HTTP/1.1 server (http::Server: asynchronous reading,
// keep-alive, limits per client address, a deadline on each whole request;
// TLS through OpenSSL when the config names a certificate and key). The
// token and the declared size are checked from the headers before a body is
// read; then the body is read whole, within the size limit and the
// deadline, before anything is checked or stored: a body that is too
// large, late or cut off is answered with an error and stores nothing.
//
//   HttpServer server(&state);
//   server.Start();            // listening when this returns
//   ...
//   server.Stop();             // finishes requests in flight, then returns
#ifndef SETELI_API_HTTP_SERVER_H_
#define SETELI_API_HTTP_SERVER_H_

#include <memory>

#include "api/api_state.h"
#include "seteli/status.h"

namespace seteli::http {
class Server;
}

namespace seteli::api {

class HttpServer {
 public:
  explicit HttpServer(ApiState* state);
  ~HttpServer();

  // Errors: listen_failed, tls_error.
  Result<store::Done> Start();
  int port() const;
  // Stops accepting, closes idle keep-alive connections, lets every request
  // in flight finish and be answered within limits.shutdown_seconds.
  void Stop();

 private:
  ApiState* state_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace seteli::api

#endif  // SETELI_API_HTTP_SERVER_H_
