#pragma once
// Microsoft Teams, inbound: Bot Framework activities POSTed to /api/messages. Authenticates the
// JWT (or, only when explicitly allowed on loopback, accepts the Agents Playground's unsigned
// requests), dedupes by activity id, turns activities into core Events, and answers through the
// outbox, or in the HTTP response for an Adaptive Card Action.Execute invoke.
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "bot/core/clock.hpp"
#include "bot/http/http_router.hpp"
#include "bot/platform_client.hpp"
#include "handlers/dispatcher.hpp"
#include "storage/database.hpp"

namespace flipside::teams {

class Connector;

struct AuthResult {
  bool ok = false;
  int status = 401;
  std::string reason;
};
// Checks the Authorization header against the activity's channel and serviceUrl.
using Authenticator =
    std::function<AuthResult(const std::string& authorization, const std::string& channel_id,
                             const std::string& service_url)>;

struct TeamsOptions {
  std::string app_id;
  std::string app_password;
  std::string token_url;
  bool allow_unauthenticated = false;  // development switch, loopback only (checked by config)
};

class TeamsAdapter {
 public:
  TeamsAdapter(Dispatcher& dispatcher, storage::Database& db, const Clock& clock,
               TeamsOptions options, Authenticator authenticate,
               std::function<void()> after_commit);
  ~TeamsAdapter();

  void register_routes(http::Router& router);
  http::Response handle_http(const http::Request& request);
  std::shared_ptr<PlatformClient> client();

 private:
  http::Response handle_activity(const nlohmann::json& activity);

  Dispatcher& dispatcher_;
  storage::Database& db_;
  const Clock& clock_;
  TeamsOptions options_;
  Authenticator authenticate_;
  std::function<void()> after_commit_;
  std::shared_ptr<Connector> connector_;
};

}  // namespace flipside::teams
