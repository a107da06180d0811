#include "config.hpp"

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

namespace flipside {

namespace {

std::string trim(const std::string& s) {
  auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

class Reader {
 public:
  explicit Reader(const EnvLookup& env) : env_(env) {}

  std::string string(const char* name, const std::string& fallback) {
    auto v = env_(name);
    return v && !v->empty() ? trim(*v) : fallback;
  }

  template <class Int>
  Int integer(const char* name, Int fallback, Int min, Int max) {
    auto v = env_(name);
    if (!v || v->empty()) return fallback;
    auto text = trim(*v);
    long long n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size() || n < static_cast<long long>(min) ||
        n > static_cast<long long>(max)) {
      throw ConfigError(std::string(name) + ": expected a whole number from " +
                        std::to_string(min) + " to " + std::to_string(max) + ", got \"" + text +
                        "\"");
    }
    return static_cast<Int>(n);
  }

  std::optional<bool> flag(const char* name) {
    auto v = env_(name);
    if (!v || v->empty()) return std::nullopt;
    auto text = trim(*v);
    if (text == "on" || text == "true" || text == "1" || text == "yes") return true;
    if (text == "off" || text == "false" || text == "0" || text == "no") return false;
    throw ConfigError(std::string(name) + ": expected on or off, got \"" + text + "\"");
  }

  std::string url(const char* name, const std::string& fallback) {
    auto v = string(name, fallback);
    if (!v.starts_with("http://") && !v.starts_with("https://")) {
      throw ConfigError(std::string(name) + ": expected an http:// or https:// URL, got \"" + v +
                        "\"");
    }
    return v;
  }

 private:
  const EnvLookup& env_;
};

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (auto t = trim(item); !t.empty()) out.push_back(t);
  }
  return out;
}

bool is_loopback(const std::string& bind) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(bind, ec);
  return !ec && address.is_loopback();
}

}  // namespace

bool Config::bind_is_loopback() const {
  return is_loopback(bind);
}

Config load_config(const EnvLookup& env) {
  Reader r(env);
  Config c;
  c.bind = r.string("FLIPSIDE_BIND", c.bind);
  {
    boost::system::error_code ec;
    boost::asio::ip::make_address(c.bind, ec);
    if (ec)
      throw ConfigError(
          "FLIPSIDE_BIND: expected an IP address such as 127.0.0.1 or 0.0.0.0, got \"" + c.bind +
          "\"");
  }
  c.port = r.integer<std::uint16_t>("FLIPSIDE_PORT", c.port, 0, 65535);
  c.db_path = r.string("FLIPSIDE_DB", c.db_path);
  c.log_level = r.string("FLIPSIDE_LOG_LEVEL", c.log_level);
  static const std::vector<std::string> kLevels = {"trace", "debug",    "info", "warn",
                                                   "error", "critical", "off"};
  if (std::find(kLevels.begin(), kLevels.end(), c.log_level) == kLevels.end()) {
    throw ConfigError(
        "FLIPSIDE_LOG_LEVEL: expected one of trace, debug, info, warn, error, critical, off, got "
        "\"" +
        c.log_level + "\"");
  }
  c.public_url = r.url("FLIPSIDE_PUBLIC_URL", "http://127.0.0.1:" + std::to_string(c.port));
  c.admins = split_list(r.string("FLIPSIDE_ADMINS", ""));
  c.templates_dir = r.string("FLIPSIDE_TEMPLATES_DIR", "");
  c.max_body_bytes =
      r.integer<std::size_t>("FLIPSIDE_MAX_BODY_BYTES", c.max_body_bytes, 1024, 64 * 1024 * 1024);
  c.max_connections =
      r.integer<std::size_t>("FLIPSIDE_MAX_CONNECTIONS", c.max_connections, 1, 100000);
  c.http_threads = r.integer<int>("FLIPSIDE_HTTP_THREADS", c.http_threads, 1, 64);

  c.console_token = r.string("FLIPSIDE_CONSOLE_TOKEN", "");
  auto console = r.flag("FLIPSIDE_CONSOLE");
  const bool loopback = c.bind_is_loopback();
  c.console_enabled = console.value_or(loopback);
  if (c.console_enabled && !loopback && c.console_token.size() < 16) {
    throw ConfigError(
        "FLIPSIDE_CONSOLE_TOKEN: required (16+ characters) when the console is on and "
        "FLIPSIDE_BIND is not loopback");
  }

  c.slack_signing_secret = r.string("FLIPSIDE_SLACK_SIGNING_SECRET", "");
  c.slack_bot_token = r.string("FLIPSIDE_SLACK_BOT_TOKEN", "");
  c.slack_app_token = r.string("FLIPSIDE_SLACK_APP_TOKEN", "");
  c.slack_api_url = r.url("FLIPSIDE_SLACK_API_URL", c.slack_api_url);
  if (!c.slack_bot_token.empty() && !c.slack_bot_token.starts_with("xoxb-")) {
    throw ConfigError("FLIPSIDE_SLACK_BOT_TOKEN: expected a bot token starting with xoxb-");
  }
  if (!c.slack_app_token.empty() && !c.slack_app_token.starts_with("xapp-")) {
    throw ConfigError("FLIPSIDE_SLACK_APP_TOKEN: expected an app-level token starting with xapp-");
  }
  if ((!c.slack_signing_secret.empty() || !c.slack_app_token.empty()) &&
      c.slack_bot_token.empty()) {
    throw ConfigError(
        "FLIPSIDE_SLACK_BOT_TOKEN: required when FLIPSIDE_SLACK_SIGNING_SECRET or "
        "FLIPSIDE_SLACK_APP_TOKEN is set");
  }
  if (!c.slack_bot_token.empty() && c.slack_signing_secret.empty() && c.slack_app_token.empty()) {
    throw ConfigError(
        "FLIPSIDE_SLACK_SIGNING_SECRET: required with FLIPSIDE_SLACK_BOT_TOKEN (or set "
        "FLIPSIDE_SLACK_APP_TOKEN for Socket Mode)");
  }

  c.teams_app_id = r.string("FLIPSIDE_TEAMS_APP_ID", "");
  c.teams_app_password = r.string("FLIPSIDE_TEAMS_APP_PASSWORD", "");
  c.teams_tenant_id = r.string("FLIPSIDE_TEAMS_TENANT_ID", "");
  c.teams_openid_url = r.url("FLIPSIDE_TEAMS_OPENID_URL", c.teams_openid_url);
  c.teams_token_url = r.url("FLIPSIDE_TEAMS_TOKEN_URL", c.teams_token_url);
  c.teams_allow_unauthenticated = r.flag("FLIPSIDE_TEAMS_ALLOW_UNAUTHENTICATED").value_or(false);
  if (!c.teams_app_id.empty() && c.teams_app_password.empty()) {
    throw ConfigError("FLIPSIDE_TEAMS_APP_PASSWORD: required with FLIPSIDE_TEAMS_APP_ID");
  }
  if (c.teams_allow_unauthenticated && !loopback) {
    throw ConfigError(
        "FLIPSIDE_TEAMS_ALLOW_UNAUTHENTICATED: only allowed when FLIPSIDE_BIND is a loopback "
        "address");
  }
  return c;
}

std::vector<std::pair<std::string, std::string>> parse_dotenv(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::stringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    auto t = trim(line);
    if (t.empty() || t.front() == '#') continue;
    if (t.starts_with("export ")) t = trim(t.substr(7));
    auto eq = t.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw ConfigError(".env line " + std::to_string(number) + ": expected KEY=VALUE");
    }
    auto key = trim(t.substr(0, eq));
    auto value = trim(t.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

EnvLookup process_env_with_dotenv(const std::string& dotenv_path) {
  std::map<std::string, std::string> file_values;
  if (std::ifstream in(dotenv_path); in) {
    std::stringstream buffer;
    buffer << in.rdbuf();
    for (auto& [k, v] : parse_dotenv(buffer.str())) file_values[k] = v;
  }
  return [file_values](const std::string& name) -> std::optional<std::string> {
    if (const char* v = std::getenv(name.c_str())) return std::string(v);
    if (auto it = file_values.find(name); it != file_values.end()) return it->second;
    return std::nullopt;
  };
}

}  // namespace flipside
