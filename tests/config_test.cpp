#include <catch2/catch.hpp>
#include <map>

#include "bot/config.hpp"

using namespace flipside;

namespace {
EnvLookup env(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}
}  // namespace

TEST_CASE("with nothing set, the defaults serve the console on loopback", "[config]") {
  auto c = load_config(env({}));
  CHECK(c.bind == "127.0.0.1");
  CHECK(c.port == 3978);
  CHECK(c.db_path == "./data/flipside.db");
  CHECK(c.console_enabled);
  CHECK_FALSE(c.slack_configured());
  CHECK_FALSE(c.teams_configured());
  CHECK(c.max_body_bytes == 1024 * 1024);
}

TEST_CASE("a malformed setting is refused with one line naming it", "[config]") {
  using Catch::StartsWith;
  CHECK_THROWS_WITH(load_config(env({{"FLIPSIDE_PORT", "70000"}})),
                    StartsWith("FLIPSIDE_PORT: expected a whole number"));
  CHECK_THROWS_WITH(load_config(env({{"FLIPSIDE_PORT", "80a"}})), StartsWith("FLIPSIDE_PORT:"));
  CHECK_THROWS_WITH(load_config(env({{"FLIPSIDE_BIND", "localhost:80"}})),
                    StartsWith("FLIPSIDE_BIND:"));
  CHECK_THROWS_WITH(load_config(env({{"FLIPSIDE_LOG_LEVEL", "loud"}})),
                    StartsWith("FLIPSIDE_LOG_LEVEL:"));
  CHECK_THROWS_WITH(load_config(env({{"FLIPSIDE_CONSOLE", "maybe"}})),
                    StartsWith("FLIPSIDE_CONSOLE: expected on or off"));
  CHECK_THROWS_WITH(load_config(env({{"FLIPSIDE_PUBLIC_URL", "example.com"}})),
                    StartsWith("FLIPSIDE_PUBLIC_URL:"));
  CHECK_THROWS_WITH(load_config(env({{"FLIPSIDE_SLACK_BOT_TOKEN", "xoxp-user"},
                                     {"FLIPSIDE_SLACK_SIGNING_SECRET", "s"}})),
                    StartsWith("FLIPSIDE_SLACK_BOT_TOKEN:"));
  CHECK_THROWS_WITH(load_config(env({{"FLIPSIDE_SLACK_SIGNING_SECRET", "s"}})),
                    StartsWith("FLIPSIDE_SLACK_BOT_TOKEN: required"));
  CHECK_THROWS_WITH(load_config(env({{"FLIPSIDE_TEAMS_APP_ID", "id"}})),
                    StartsWith("FLIPSIDE_TEAMS_APP_PASSWORD:"));
}

TEST_CASE("off loopback the console is off unless enabled with a token", "[config]") {
  CHECK_FALSE(load_config(env({{"FLIPSIDE_BIND", "0.0.0.0"}})).console_enabled);
  CHECK_THROWS_WITH(load_config(env({{"FLIPSIDE_BIND", "0.0.0.0"}, {"FLIPSIDE_CONSOLE", "on"}})),
                    Catch::StartsWith("FLIPSIDE_CONSOLE_TOKEN:"));
  auto c = load_config(env({{"FLIPSIDE_BIND", "0.0.0.0"},
                            {"FLIPSIDE_CONSOLE", "on"},
                            {"FLIPSIDE_CONSOLE_TOKEN", "a-long-enough-token"}}));
  CHECK(c.console_enabled);
  CHECK_THROWS_WITH(load_config(env({{"FLIPSIDE_BIND", "0.0.0.0"},
                                     {"FLIPSIDE_TEAMS_ALLOW_UNAUTHENTICATED", "on"}})),
                    Catch::StartsWith("FLIPSIDE_TEAMS_ALLOW_UNAUTHENTICATED:"));
  CHECK_FALSE(load_config(env({{"FLIPSIDE_CONSOLE", "off"}})).console_enabled);
}

TEST_CASE(".env files fill unset settings and report unreadable lines", "[config]") {
  auto pairs = parse_dotenv(
      "# comment\n\nFLIPSIDE_PORT=4000\nexport FLIPSIDE_DB = "
      "\"/tmp/x.db\"\nFLIPSIDE_ADMINS='a@x.com, b@x.com'\n");
  REQUIRE(pairs.size() == 3);
  CHECK(pairs[1] == std::pair<std::string, std::string>{"FLIPSIDE_DB", "/tmp/x.db"});
  auto c = load_config(env({pairs.begin(), pairs.end()}));
  CHECK(c.port == 4000);
  CHECK(c.admins == std::vector<std::string>{"a@x.com", "b@x.com"});
  CHECK_THROWS_WITH(parse_dotenv("A=1\njust words\n"), ".env line 2: expected KEY=VALUE");
}
