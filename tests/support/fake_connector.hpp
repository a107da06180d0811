#pragma once
// A fake Bot Framework connector (and token endpoint) on 127.0.0.1: records what the bot sends
// and can answer with scripted failures.
#include <deque>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/http/http_router.hpp"
#include "bot/http/metrics.hpp"
#include "bot/http/server.hpp"

namespace flipside::testing {

struct ConnectorCall {
  std::string path;
  nlohmann::json body;
  std::string authorization;
};

struct ConnectorAnswer {
  int status = 200;
  nlohmann::json body = nlohmann::json::object();
  std::string retry_after;
};

class FakeConnector {
 public:
  FakeConnector();
  ~FakeConnector();
  std::string service_url() const;  // no trailing slash
  std::string token_url() const;

  void fail_next(ConnectorAnswer answer);
  std::vector<ConnectorCall> calls(const std::string& path_prefix = "/v3/") const;
  std::vector<ConnectorCall> activities() const;  // sends to conversations
  std::size_t token_requests() const;

 private:
  mutable std::mutex mutex_;
  std::vector<ConnectorCall> calls_;
  std::deque<ConnectorAnswer> script_;
  std::size_t token_requests_ = 0;
  http::Router router_;
  http::Metrics metrics_;
  std::unique_ptr<http::Server> server_;
  std::uint16_t port_ = 0;
};

}  // namespace flipside::testing
