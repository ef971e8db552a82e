// The daemon's HTTP/1.1 server (Poco::Net, keep-alive, TLS through
// OpenSSL when the config names a certificate and key). Reads each body
// whole, within the size limit and the read timeout, before anything is
// checked or stored: a body that is too large, stalls or is cut off is
// answered with an error (or the connection is dropped) and stores nothing.
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

namespace Poco::Net {
class HTTPServer;
}
namespace Poco {
class ThreadPool;
}

namespace seteli::api {

class HttpServer {
 public:
  explicit HttpServer(ApiState* state);
  ~HttpServer();

  // Errors: listen_failed, tls_error.
  Result<store::Done> Start();
  int port() const;
  // Stops accepting, lets every request in flight finish and be answered,
  // closes idle keep-alive connections.
  void Stop();

 private:
  ApiState* state_;
  std::unique_ptr<Poco::ThreadPool> threads_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace seteli::api

#endif  // SETELI_API_HTTP_SERVER_H_
