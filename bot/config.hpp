#pragma once
// Settings from environment variables (names in README.md), with an optional .env file filling
// any that are unset. Every malformed value stops start-up with one line naming the variable.
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace flipside {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Config {
  std::string bind = "127.0.0.1";
  std::uint16_t port = 3978;
  std::string db_path = "./data/flipside.db";
  std::string log_level = "info";
  std::string public_url = "http://127.0.0.1:3978";
  std::vector<std::string> admins;
  bool console_enabled = true;
  std::string console_token;
  std::string templates_dir;

  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t max_connections = 1024;
  int http_threads = 2;

  std::string slack_signing_secret;
  std::string slack_bot_token;
  std::string slack_app_token;
  std::string slack_api_url = "https://slack.com/api/";
  std::string teams_app_id;
  std::string teams_app_password;
  std::string teams_tenant_id;
  std::string teams_openid_url =
      "https://login.botframework.com/v1/.well-known/openidconfiguration";
  std::string teams_token_url =
      "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token";
  bool teams_allow_unauthenticated = false;

  bool slack_configured() const { return !slack_bot_token.empty(); }
  bool teams_configured() const { return !teams_app_id.empty(); }
  bool bind_is_loopback() const;
};

using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Reads and checks every setting; throws ConfigError("FLIPSIDE_PORT: expected ...").
Config load_config(const EnvLookup& env);

// The process environment, with KEY=VALUE lines from `dotenv_path` (if it exists) for unset keys.
EnvLookup process_env_with_dotenv(const std::string& dotenv_path = ".env");

// Parses .env text: KEY=VALUE lines, # comments, optional quotes, `export ` prefix allowed.
// Throws ConfigError naming the line for a line it cannot read.
std::vector<std::pair<std::string, std::string>> parse_dotenv(const std::string& text);

}  // namespace flipside
