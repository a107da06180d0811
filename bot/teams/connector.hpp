#pragma once
// Outbound Bot Framework: a client-credentials token (cached until shortly before it expires),
// sending activities to a conversation, and creating a 1:1 conversation for proactive messages.
#include <chrono>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "bot/core/clock.hpp"

namespace flipside::http {
class HttpClient;
}

namespace flipside::teams {

struct ConnectorOptions {
  std::string app_id;
  std::string app_password;
  std::string token_url;
  // Development only (Agents Playground): talk to the connector without a token.
  bool anonymous = false;
};

struct ConnectorResult {
  int status = 0;  // 0: no HTTP answer (see error)
  nlohmann::json body;
  std::string error;
  std::optional<std::chrono::seconds> retry_after;
  bool ok() const { return status >= 200 && status < 300; }
};

class Connector {
 public:
  Connector(ConnectorOptions options, const Clock& clock);
  ~Connector();

  ConnectorResult send(const std::string& service_url, const std::string& conversation_id,
                       const nlohmann::json& activity);
  // Creates (or finds) the 1:1 conversation with `user_id`; the id is in body["id"].
  ConnectorResult create_conversation(const std::string& service_url, const std::string& tenant_id,
                                      const std::string& user_id);

 private:
  ConnectorResult post(const std::string& url, const nlohmann::json& body);
  std::optional<std::string> token(std::string& error);

  ConnectorOptions options_;
  const Clock& clock_;
  std::mutex mutex_;
  std::unique_ptr<http::HttpClient> client_;
  std::string token_;
  TimePoint token_expires_{};
};

std::string url_encode_path(const std::string& segment);

}  // namespace flipside::teams
