// The network side of the fake API server: one io_context run by a few threads, a coroutine
// per connection (on its own strand), HTTP/1.1 keep-alive over TCP or TLS, chunked watches.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "fakeapi/api.h"
#include "fakeapi/certs.h"

namespace fakeapi {

class Server {
 public:
  // `tls` unset: plain HTTP.
  Server(Api& api, const Options& options, std::optional<TlsMaterial> tls);
  ~Server();

  // Binds and listens; returns "HOST:PORT" as clients should dial it ("[::1]:PORT" for IPv6).
  absl::StatusOr<std::string> Listen(const std::string& address);
  // Serves until SIGTERM/SIGINT or Stop().
  void Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Raises RLIMIT_NOFILE's soft limit to the hard limit, so a thousand clients fit.
void RaiseFileLimit();

}  // namespace fakeapi
