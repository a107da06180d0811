// Block Kit rendering within Slack's documented limits.
#include <catch2/catch.hpp>

#include "bot/slack/block_kit.hpp"
#include "bot/slack/signature.hpp"

using namespace flipside;
using namespace flipside::slack;
using nlohmann::json;

TEST_CASE("Slack's own worked example verifies, and tampering, replays and junk do not",
          "[slack][signature]") {
  const std::string secret = "8f742231b10e8888abcd99yyyzzz85a5";
  const std::string body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
      "G8PSS9T3V&channel_name="
      "foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url="
      "https%3A%2F%2Fhooks."
      "slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id="
      "398738663015."
      "47445629121.803a0bc887a14d10d2c447fce8b6703c";
  const std::string expected =
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
  const auto at = [](long long s) { return std::chrono::sys_seconds{std::chrono::seconds{s}}; };
  CHECK(sign(secret, "1531420618", body) == expected);
  CHECK(verify(secret, "1531420618", expected, body, at(1531420618 + 299)) == SignatureCheck::ok);
  CHECK(verify(secret, "1531420618", expected, body, at(1531420618 + 301)) ==
        SignatureCheck::stale);
  CHECK(verify(secret, "1531420618", expected, body, at(1531420618 - 301)) ==
        SignatureCheck::stale);
  CHECK(verify(secret, "1531420618", expected, body + "&x=1", at(1531420618)) ==
        SignatureCheck::mismatch);
  CHECK(verify("other-secret", "1531420618", expected, body, at(1531420618)) ==
        SignatureCheck::mismatch);
  CHECK(verify(secret, "1531420618", "v1=abc", body, at(1531420618)) == SignatureCheck::malformed);
  CHECK(verify(secret, "15314x0618", expected, body, at(1531420618)) == SignatureCheck::malformed);
  CHECK(verify(secret, "", "", body, at(1531420618)) == SignatureCheck::missing);
}

namespace {
std::size_t chars(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}
}  // namespace

TEST_CASE("long text is split across sections at line breaks, never over 3,000 characters",
          "[slack][block-kit]") {
  std::string text;
  for (int i = 0; i < 200; ++i)
    text += "Line " + std::to_string(i) + " with some words in it, ü included.\n";
  ui::Message m;
  m.text(text);
  auto messages = render_messages(m);
  REQUIRE(messages.size() == 1);
  const auto& blocks = messages[0]["blocks"];
  CHECK(blocks.size() >= 3);
  std::string joined;
  for (const auto& b : blocks) {
    auto t = b["text"]["text"].get<std::string>();
    CHECK(chars(t) <= limits::kSectionText);
    CHECK(t.back() == '.');  // cut at a line break, not mid-word
    joined += t + "\n";
  }
  CHECK(joined == text);  // nothing lost
}

TEST_CASE("a message of more than 50 blocks becomes several messages, in order",
          "[slack][block-kit]") {
  ui::Message m;
  m.template_id = "t";
  for (int i = 0; i < 120; ++i) m.header("H" + std::to_string(i));
  auto messages = render_messages(m);
  REQUIRE(messages.size() == 3);
  CHECK(messages[0]["blocks"].size() == 50);
  CHECK(messages[1]["blocks"].size() == 50);
  CHECK(messages[2]["blocks"].size() == 20);
  CHECK(messages[2]["blocks"][19]["text"]["text"] == "H119");
  CHECK(messages[0]["text"].is_string());
}

TEST_CASE("buttons beyond 25 continue in another actions block, and repeated ids are made unique",
          "[slack][block-kit]") {
  ui::Message m;
  std::vector<ui::Button> buttons;
  for (int i = 0; i < 30; ++i)
    buttons.push_back({"Option " + std::to_string(i), "pick.one", std::to_string(i)});
  buttons[0].label = std::string(100, 'x');
  m.buttons(buttons);
  auto blocks = render_messages(m)[0]["blocks"];
  REQUIRE(blocks.size() == 2);
  CHECK(blocks[0]["elements"].size() == 25);
  CHECK(blocks[1]["elements"].size() == 5);
  CHECK(chars(blocks[0]["elements"][0]["text"]["text"].get<std::string>()) == 75);
  CHECK(blocks[0]["elements"][0]["action_id"] == "pick.one");
  CHECK(blocks[0]["elements"][1]["action_id"] == "pick.one#2");
  CHECK(route_action_id("pick.one#2") == "pick.one");
  CHECK(blocks[1]["elements"][0]["action_id"] ==
        "pick.one");  // unique per block is what Slack asks
}

TEST_CASE("headers, option lists and modal titles are held to their limits", "[slack][block-kit]") {
  ui::Message m;
  m.header(std::string(200, 'h'));
  ui::Select s{"choose.it", "Pick", {}, ""};
  for (int i = 0; i < 150; ++i)
    s.options.push_back({std::string(90, 'o'), "v" + std::to_string(i)});
  m.blocks.emplace_back(ui::Actions{{s}});
  auto blocks = render_messages(m)[0]["blocks"];
  CHECK(chars(blocks[0]["text"]["text"].get<std::string>()) == 150);
  CHECK(blocks[0]["text"]["text"].get<std::string>().ends_with("…"));
  CHECK(blocks[1]["elements"][0]["options"].size() == 100);
  CHECK(chars(blocks[1]["elements"][0]["options"][0]["text"]["text"].get<std::string>()) == 75);

  ui::Form f{
      "profile.edit", "Edit your profile in full detail", "Save everything right now please", {}};
  f.inputs.push_back(
      {.id = "tz", .label = "Zone", .kind = ui::InputKind::time_zone, .initial = "UTC"});
  auto modal = render_modal(f, R"({"channel":"D1"})");
  CHECK(chars(modal["title"]["text"].get<std::string>()) == 24);
  CHECK(chars(modal["submit"]["text"].get<std::string>()) == 24);
  CHECK(modal["callback_id"] == "profile.edit");
  CHECK(modal["blocks"][0]["block_id"] == "tz");
  CHECK(modal["blocks"][0]["element"]["action_id"] == "tz");
  CHECK(modal["blocks"][0]["element"]["initial_value"] == "UTC");
}

TEST_CASE("text is escaped for mrkdwn and submitted modal values are read back",
          "[slack][block-kit]") {
  CHECK(to_mrkdwn("a < b & c > d *bold*") == "a &lt; b &amp; c &gt; d *bold*");
  json values = {
      {"display_name", {{"display_name", {{"type", "plain_text_input"}, {"value", "Ana"}}}}},
      {"role", {{"role", {{"type", "static_select"}, {"selected_option", {{"value", "mentee"}}}}}}},
      {"skills",
       {{"skills",
         {{"type", "multi_static_select"},
          {"selected_options", {{{"value", "sql"}}, {{"value", "figma"}}}}}}}},
      {"start", {{"start", {{"type", "datepicker"}, {"selected_date", "2026-03-16"}}}}},
      {"empty", {{"empty", {{"type", "plain_text_input"}, {"value", nullptr}}}}}};
  auto got = submitted_values(values);
  CHECK(got["display_name"] == "Ana");
  CHECK(got["role"] == "mentee");
  CHECK(got["skills"] == "sql,figma");
  CHECK(got["start"] == "2026-03-16");
  CHECK(got["empty"].empty());
}

TEST_CASE("capped option lists never preselect an option that is not offered",
          "[slack][block-kit]") {
  ui::Select s{"choose.it", "Pick", {}, "v110"};
  for (int i = 0; i < 120; ++i)
    s.options.push_back({"o" + std::to_string(i), "v" + std::to_string(i)});
  ui::Message m;
  m.blocks.emplace_back(ui::Actions{{s}});
  CHECK_FALSE(render_messages(m)[0]["blocks"][0]["elements"][0].contains("initial_option"));
  s.initial = "v5";
  ui::Message ok;
  ok.blocks.emplace_back(ui::Actions{{s}});
  CHECK(render_messages(ok)[0]["blocks"][0]["elements"][0]["initial_option"]["value"] == "v5");
}

TEST_CASE("empty text makes no block and notification text is escaped", "[slack][block-kit]") {
  ui::Message m;
  m.text("  ").text("Hi <@U024BE7LH> & co");
  auto rendered = render_messages(m)[0];
  CHECK(rendered["blocks"].size() == 1);
  CHECK(rendered["text"] == "  \nHi &lt;@U024BE7LH&gt; &amp; co");
}

TEST_CASE("addresses Slack turned into mailto links read as typed", "[slack]") {
  CHECK(unwrap_mailto_links("pair <mailto:ana@example.com|ana@example.com> lee@example.com why") ==
        "pair ana@example.com lee@example.com why");
  CHECK(unwrap_mailto_links("manager add <mailto:sam@example.com>") ==
        "manager add sam@example.com");
  CHECK(unwrap_mailto_links("a <mailto:x@y.z|x@y.z> and <mailto:p@q.r|p@q.r>") ==
        "a x@y.z and p@q.r");
  // Not a link, or one left open: unchanged.
  CHECK(unwrap_mailto_links("5 < 6 and <mailto:broken") == "5 < 6 and <mailto:broken");
}
