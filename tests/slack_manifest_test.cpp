// The Slack app manifest and the code must agree: a subscribed event nobody handles, or a verb
// the usage hint forgets, is a bug a person would notice in Slack.
#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "bot/core/router.hpp"
#include "bot/slack/slack_adapter.hpp"
#include "handlers/features.hpp"

using namespace flipside;

namespace {

std::string manifest() {
  std::ifstream in(std::string(FLIPSIDE_SOURCE_DIR) + "/manifest/slack/manifest.yaml");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The items of a YAML block list under `key:` (our manifest's simple layout), comments stripped.
std::set<std::string> list_under(const std::string& yaml, const std::string& key) {
  std::set<std::string> items;
  std::istringstream in(yaml);
  std::string line;
  bool inside = false;
  std::size_t indent = 0;
  while (std::getline(in, line)) {
    if (auto hash = line.find(" #"); hash != std::string::npos) line.erase(hash);
    auto first = line.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    if (line.compare(first, key.size() + 1, key + ":") == 0) {
      inside = true;
      indent = first;
      continue;
    }
    if (inside) {
      if (first <= indent && line[first] != '-') break;
      if (line[first] == '-') {
        auto item = line.substr(first + 1);
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        items.insert(item);
      }
    }
  }
  return items;
}

}  // namespace

TEST_CASE("the manifest subscribes to exactly the events the Slack adapter handles",
          "[slack][manifest]") {
  auto events = list_under(manifest(), "bot_events");
  const auto& handled = slack::SlackAdapter::handled_events();
  CHECK(events == std::set<std::string>(handled.begin(), handled.end()));
}

TEST_CASE("the manifest's slash command and usage hint match the routed commands",
          "[slack][manifest]") {
  const auto text = manifest();
  std::smatch m;
  REQUIRE(std::regex_search(text, m, std::regex(R"(- command: (\S+))")));
  CHECK(m[1] == slack::SlackAdapter::kSlashCommand);
  REQUIRE(std::regex_search(text, m, std::regex(R"re(usage_hint: "([^"]*)")re")));
  std::set<std::string> hinted;
  std::stringstream hint(m[1].str());
  std::string verb;
  while (std::getline(hint, verb, '|')) {
    verb.erase(0, verb.find_first_not_of(' '));
    verb.erase(verb.find_last_not_of(' ') + 1);
    hinted.insert(verb);
  }
  Router router;
  handlers::register_all(router);
  std::set<std::string> routed;
  for (const auto& c : router.commands()) {
    if (!c.managers_only) routed.insert(c.verb);
  }
  CHECK(hinted == routed);
}

TEST_CASE("every bot scope in the manifest is one the code needs", "[slack][manifest]") {
  auto scopes = list_under(manifest(), "bot");
  CHECK(scopes == std::set<std::string>{"commands", "chat:write", "im:write", "im:history",
                                        "app_mentions:read", "users:read", "users:read.email"});
  CHECK_THAT(manifest(), Catch::Contains("request_url: https://YOUR-FLIPSIDE-HOST/slack/events"));
}
