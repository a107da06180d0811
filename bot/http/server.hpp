#pragma once
// The inbound HTTP server (Boost.Beast over Asio), with the limits Beast leaves to us: header and
// body size, header/body read timeouts, a connection cap, and accept back-off when the process
// runs out of file descriptors. Beast stays inside server.cpp.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "http_router.hpp"
#include "metrics.hpp"

namespace flipside::http {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  std::uint16_t port = 3978;  // 0 picks a free port (tests)
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t max_header_bytes = 16 * 1024;
  std::chrono::seconds header_timeout{15};  // also the keep-alive idle limit
  std::chrono::seconds body_timeout{30};
  std::size_t max_connections = 1024;
  int threads = 2;
};

class Server {
 public:
  Server(ServerOptions options, const Router& router, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving on background threads; returns the port actually bound.
  // Throws std::runtime_error if the address cannot be bound.
  std::uint16_t start();
  // Stops accepting, lets requests in flight finish (up to `grace`), then joins the threads.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds{5});
  std::size_t open_connections() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace flipside::http
