#pragma once
// A fake Slack Web API on 127.0.0.1: records every call and answers like Slack, or with scripted
// failures (429 with Retry-After, 500, {"ok":false}) for the next calls of a method.
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/http/http_router.hpp"
#include "bot/http/metrics.hpp"
#include "bot/http/server.hpp"

namespace flipside::testing {

struct SlackCall {
  std::string method;
  nlohmann::json args;  // JSON body, or form fields as a JSON object
  std::string authorization;
};

struct ScriptedAnswer {
  int status = 200;
  nlohmann::json body;
  std::string retry_after;
};

class FakeSlack {
 public:
  FakeSlack();
  ~FakeSlack();
  std::string api_url() const;  // ends with '/'

  void fail_next(const std::string& method, ScriptedAnswer answer);
  // users.info answers for a user: its IANA zone and names.
  void set_user(const std::string& id, const std::string& tz, const std::string& display_name,
                const std::string& email = "");
  void set_missing_scope_for_users_info();

  std::vector<SlackCall> calls(const std::string& method = "") const;
  std::size_t count(const std::string& method) const { return calls(method).size(); }

 private:
  http::Response answer(const std::string& method, const http::Request& request);

  mutable std::mutex mutex_;
  std::vector<SlackCall> calls_;
  std::map<std::string, std::deque<ScriptedAnswer>> script_;
  std::map<std::string, nlohmann::json> users_;
  bool missing_scope_ = false;
  http::Router router_;
  http::Metrics metrics_;
  std::unique_ptr<http::Server> server_;
  std::uint16_t port_ = 0;
};

}  // namespace flipside::testing
