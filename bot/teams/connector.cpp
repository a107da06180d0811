#include "connector.hpp"

#include <spdlog/spdlog.h>

#include <charconv>

#include "bot/http/http_client.hpp"
#include "bot/http/http_types.hpp"

namespace flipside::teams {

using nlohmann::json;

std::string url_encode_path(const std::string& segment) {
  return http::percent_encode(segment, ":@");
}

namespace {
std::string trim_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}
}  // namespace

Connector::Connector(ConnectorOptions options, const Clock& clock)
    : options_(std::move(options)), clock_(clock), client_(std::make_unique<http::HttpClient>()) {}

Connector::~Connector() = default;

std::optional<std::string> Connector::token(std::string& error) {
  // Renew five minutes early so a token never expires in flight.
  if (!token_.empty() && clock_.now() + std::chrono::minutes{5} < token_expires_) return token_;
  http::ClientRequest r;
  r.method = "POST";
  r.url = options_.token_url;
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  r.body = http::form_encode({{"grant_type", "client_credentials"},
                              {"client_id", options_.app_id},
                              {"client_secret", options_.app_password},
                              {"scope", "https://api.botframework.com/.default"}});
  auto response = client_->send(r);
  if (response.status != 200) {
    error = response.status == 0
                ? "token endpoint unreachable: " + response.error
                : "token endpoint answered HTTP " + std::to_string(response.status);
    return std::nullopt;
  }
  auto body = json::parse(response.body, nullptr, false);
  if (!body.is_object() || !body.contains("access_token")) {
    error = "token endpoint gave no access_token";
    return std::nullopt;
  }
  token_ = body["access_token"].get<std::string>();
  token_expires_ = clock_.now() + std::chrono::seconds{body.value("expires_in", 3600)};
  return token_;
}

ConnectorResult Connector::post(const std::string& url, const json& body) {
  std::lock_guard lock(mutex_);
  ConnectorResult result;
  http::ClientRequest r;
  r.method = "POST";
  r.url = url;
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  if (!options_.anonymous) {
    auto bearer = token(result.error);
    if (!bearer) return result;
    r.headers.emplace_back("Authorization", "Bearer " + *bearer);
  }
  r.body = body.dump();
  auto response = client_->send(r);
  result.status = response.status;
  result.error = response.error;
  if (response.status == 401) token_.clear();  // revoked or rotated: fetch a new one next time
  if (!response.body.empty()) result.body = json::parse(response.body, nullptr, false);
  if (auto header = response.header("retry-after"); !header.empty()) {
    long long seconds = 0;
    auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), seconds);
    if (ec == std::errc{} && seconds > 0) result.retry_after = std::chrono::seconds{seconds};
  }
  return result;
}

ConnectorResult Connector::send(const std::string& service_url, const std::string& conversation_id,
                                const json& activity) {
  return post(trim_slash(service_url) + "/v3/conversations/" + url_encode_path(conversation_id) +
                  "/activities",
              activity);
}

ConnectorResult Connector::create_conversation(const std::string& service_url,
                                               const std::string& tenant_id,
                                               const std::string& user_id) {
  json body = {{"bot", {{"id", "28:" + options_.app_id}}},
               {"members", json::array({{{"id", user_id}}})},
               {"isGroup", false},
               {"channelData", {{"tenant", {{"id", tenant_id}}}}},
               {"tenantId", tenant_id}};
  return post(trim_slash(service_url) + "/v3/conversations", body);
}

}  // namespace flipside::teams
