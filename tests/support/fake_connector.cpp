#include "support/fake_connector.hpp"

namespace flipside::testing {

using nlohmann::json;

FakeConnector::FakeConnector() {
  router_.add("POST", "/token", [this](const http::Request&) {
    std::lock_guard lock(mutex_);
    ++token_requests_;
    return http::Response::json(200,
                                json{{"access_token", "token-" + std::to_string(token_requests_)},
                                     {"expires_in", 3600},
                                     {"token_type", "Bearer"}}
                                    .dump());
  });
  router_.add_prefix("POST", "/v3/", [this](const http::Request& r) {
    std::lock_guard lock(mutex_);
    calls_.push_back({r.path, json::parse(r.body, nullptr, false), r.header("authorization")});
    if (!script_.empty()) {
      auto a = script_.front();
      script_.pop_front();
      auto response = http::Response::json(a.status, a.body.dump());
      if (!a.retry_after.empty()) response.headers.emplace_back("Retry-After", a.retry_after);
      return response;
    }
    if (r.path == "/v3/conversations") {
      return http::Response::json(
          200,
          json{{"id", "a:personal-" + calls_.back().body["members"][0].value("id", "")}}.dump());
    }
    return http::Response::json(200,
                                json{{"id", "activity-" + std::to_string(calls_.size())}}.dump());
  });
  http::ServerOptions options;
  options.port = 0;
  server_ = std::make_unique<http::Server>(options, router_, metrics_);
  port_ = server_->start();
}

FakeConnector::~FakeConnector() {
  server_->stop(std::chrono::milliseconds{200});
}

std::string FakeConnector::service_url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}
std::string FakeConnector::token_url() const {
  return service_url() + "/token";
}

void FakeConnector::fail_next(ConnectorAnswer answer) {
  std::lock_guard lock(mutex_);
  script_.push_back(std::move(answer));
}

std::vector<ConnectorCall> FakeConnector::calls(const std::string& path_prefix) const {
  std::lock_guard lock(mutex_);
  std::vector<ConnectorCall> out;
  for (const auto& c : calls_) {
    if (c.path.starts_with(path_prefix)) out.push_back(c);
  }
  return out;
}

std::vector<ConnectorCall> FakeConnector::activities() const {
  std::vector<ConnectorCall> out;
  for (auto& c : calls("/v3/conversations/")) {
    if (c.path.ends_with("/activities")) out.push_back(c);
  }
  return out;
}

std::size_t FakeConnector::token_requests() const {
  std::lock_guard lock(mutex_);
  return token_requests_;
}

}  // namespace flipside::testing
