#pragma once
// A thin Slack Web API client on libcurl. It makes one attempt per call and classifies the
// outcome; retrying is the outbox's job, so a Slack outage delays messages but loses none.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "bot/http/http_types.hpp"

namespace flipside::http {
class HttpClient;
}

namespace flipside::slack {

struct ApiResult {
  enum class Kind {
    ok,
    slack_error,    // HTTP 200 with {"ok":false,"error":"..."}
    rate_limited,   // HTTP 429 (Retry-After in retry_after)
    server_error,   // 5xx or an unreadable body
    network_error,  // no HTTP answer at all
  };
  Kind kind = Kind::ok;
  nlohmann::json body;
  std::string error;  // Slack's error code or a transport message
  std::optional<std::chrono::seconds> retry_after;
  int http_status = 0;

  bool ok() const { return kind == Kind::ok; }
};

class WebApi {
 public:
  // `base_url` ends with '/', e.g. "https://slack.com/api/".
  WebApi(std::string base_url, std::string bot_token);
  ~WebApi();

  // POST with a JSON body (write methods: chat.*, views.*, conversations.open).
  ApiResult call(const std::string& method, const nlohmann::json& args);
  // POST form-encoded (read methods such as users.info and users.lookupByEmail take no JSON).
  ApiResult call_form(const std::string& method, const std::map<std::string, std::string>& args);

 private:
  ApiResult send(const std::string& method, const std::string& content_type,
                 const std::string& body);

  std::string base_url_;
  std::string token_;
  std::mutex mutex_;  // one curl handle, used by one call at a time
  std::unique_ptr<http::HttpClient> client_;
};

using http::form_encode;

}  // namespace flipside::slack
