#include "web_api.hpp"

#include <spdlog/spdlog.h>

#include <charconv>

#include "bot/http/http_client.hpp"

namespace flipside::slack {

WebApi::WebApi(std::string base_url, std::string bot_token)
    : base_url_(std::move(base_url)),
      token_(std::move(bot_token)),
      client_(std::make_unique<http::HttpClient>()) {
  if (!base_url_.empty() && base_url_.back() != '/') base_url_ += '/';
}

WebApi::~WebApi() = default;

ApiResult WebApi::call(const std::string& method, const nlohmann::json& args) {
  return send(method, "application/json; charset=utf-8", args.dump());
}

ApiResult WebApi::call_form(const std::string& method,
                            const std::map<std::string, std::string>& args) {
  return send(method, "application/x-www-form-urlencoded", form_encode(args));
}

ApiResult WebApi::send(const std::string& method, const std::string& content_type,
                       const std::string& body) {
  http::ClientRequest request;
  request.method = "POST";
  request.url = base_url_ + method;
  request.headers = {{"Authorization", "Bearer " + token_}, {"Content-Type", content_type}};
  request.body = body;
  http::ClientResponse response;
  {
    std::lock_guard lock(mutex_);
    response = client_->send(request);
  }
  ApiResult r;
  r.http_status = response.status;
  if (response.status == 0) {
    r.kind = ApiResult::Kind::network_error;
    r.error = response.error;
    return r;
  }
  if (response.status == 429) {
    r.kind = ApiResult::Kind::rate_limited;
    r.error = "ratelimited";
    long long seconds = 0;
    const auto header = response.header("retry-after");
    auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), seconds);
    r.retry_after = std::chrono::seconds{ec == std::errc{} && seconds > 0 ? seconds : 1};
    return r;
  }
  if (response.status != 200) {  // 5xx, or a 4xx from a proxy: worth retrying later
    r.kind = ApiResult::Kind::server_error;
    r.error = "HTTP " + std::to_string(response.status);
    return r;
  }
  try {
    r.body = nlohmann::json::parse(response.body);
  } catch (const nlohmann::json::parse_error&) {
    r.kind = ApiResult::Kind::server_error;
    r.error = "unreadable response body";
    return r;
  }
  if (!r.body.value("ok", false)) {
    r.kind = ApiResult::Kind::slack_error;
    r.error = r.body.value("error", "unknown_error");
    if (r.error == "ratelimited") {
      r.kind = ApiResult::Kind::rate_limited;
      r.retry_after = std::chrono::seconds{1};
    }
  }
  if (r.body.contains("warning"))
    spdlog::debug("event=slack_api_warning method={} warning={}", method, r.body["warning"].dump());
  return r;
}

}  // namespace flipside::slack
