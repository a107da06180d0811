// Golden Block Kit output. A fixed set of representative ui:: inputs is rendered for Slack and
// compared with the committed JSON under tests/golden/slack, which tests/slack_types/check.js
// type-checks against Slack's own TypeScript definitions (@slack/types) with tsc.
// FLIPSIDE_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "bot/slack/block_kit.hpp"
#include "support/golden.hpp"

using namespace flipside;
using nlohmann::json;
using namespace flipside::testing;
namespace fs = std::filesystem;

namespace {

const fs::path kGoldenDir = fs::path(FLIPSIDE_GOLDEN_DIR) / "slack";

// Every block kind the vocabulary has, with markdown, characters Slack needs escaped, all
// button styles, a repeated action id and a select with an initial option.
ui::Message every_block_message() {
  ui::Message m;
  m.template_id = "golden.every_block";
  m.header("Your mentoring pair & next steps");
  m.text(
      "Hi *Sam*, meet _Ana_: try `/flipside agenda` before your first session.\n"
      "Q&A: 1 < 2 > 0, and <@U024BE7LH> stays literal.");
  m.fields({{"Mentor", "Ana Lima"},
            {"Leader", "Sam Ortiz"},
            {"Cadence", "Every *2* weeks"},
            {"Time zone", "Europe/Lisbon"}});
  m.blocks.emplace_back(ui::Actions{{
      ui::Button{.label = "Accept",
                 .action_id = "pair.accept",
                 .value = "pair-42",
                 .style = ui::Style::primary},
      ui::Button{.label = "Decline",
                 .action_id = "pair.decline",
                 .value = "pair-42",
                 .style = ui::Style::danger},
      ui::Button{.label = "Remind me tomorrow", .action_id = "pair.snooze", .value = "1d"},
      ui::Button{.label = "Remind me next week", .action_id = "pair.snooze", .value = "7d"},
      ui::Button{.label = "Help", .action_id = "help"},
      ui::Select{
          .action_id = "pair.cadence",
          .placeholder = "How often?",
          .options = {{"Weekly", "weekly"}, {"Every 2 weeks", "biweekly"}, {"Monthly", "monthly"}},
          .initial = "biweekly"},
  }});
  m.context("Sent by Flipside · reply *help* any time");
  m.divider();
  m.form(ui::Form{.form_id = "profile.edit", .title = "Edit your profile"});
  return m;
}

// More than 3,000 characters of text and more than 50 blocks: several sections, two messages.
ui::Message long_message() {
  ui::Message m;
  m.template_id = "golden.long";
  m.header("Programme digest: spring cohort");
  std::string agenda;
  for (int week = 1; week <= 40; ++week) {
    agenda += "Week " + std::to_string(week) +
              ": _review_ goals & notes, agree one *experiment*, log it with `/flipside log`.\n";
  }
  m.text(agenda);
  for (int pair = 1; pair <= 52; ++pair) {
    m.text("*Pair " + std::to_string(pair) + "*: mentor " + std::to_string(100 + pair) +
           " ↔ leader " + std::to_string(200 + pair) + ", next session in " +
           std::to_string(pair % 14 + 1) + " days");
  }
  m.context("Reply *help* to see what Flipside can do.");
  return m;
}

ui::Message home_message() {
  ui::Message m;
  m.template_id = "golden.home";
  m.header("Flipside · reverse mentoring");
  m.text("Welcome back, *Sam*. Your next session with _Ana_ is on Tuesday at 10:00 (Lisbon).");
  m.fields({{"Sessions held", "3 of 6"}, {"Current goal", "Use AI assistants <daily> & safely"}});
  m.buttons({{.label = "Edit profile", .action_id = "profile.edit", .style = ui::Style::primary},
             {.label = "Plan agenda", .action_id = "agenda.plan", .value = "pair-42"},
             {.label = "Leave programme", .action_id = "leave", .style = ui::Style::danger}});
  m.divider();
  m.context("Type *help* in our chat for every command.");
  return m;
}

std::vector<Golden> all_goldens() {
  std::vector<Golden> out;
  const auto add_messages = [&out](const std::string& name, const ui::Message& m) {
    const auto parts = slack::render_messages(m);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      out.push_back({"message_" + name + "_" + std::to_string(i + 1) + ".json", parts[i]});
    }
  };
  add_messages("every_block", every_block_message());
  add_messages("long", long_message());
  out.push_back({"modal_profile.json",
                 slack::render_modal(every_input_form(),
                                     R"({"channel":"D024BE91L","origin":"slash_command"})")});
  out.push_back({"home_overview.json", slack::render_home(home_message())});
  return out;
}

std::size_t chars(const json& text) {
  std::size_t n = 0;
  for (char c : text.get<std::string>()) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool contains_option(const json& options, const json& option) {
  for (const auto& o : options) {
    if (o == option) return true;
  }
  return false;
}

// Block Kit limits and rules tsc cannot see: lengths, counts, unique ids, initial options offered.
void check_block(const json& block) {
  const auto type = block.at("type").get<std::string>();
  INFO("block " << block.dump());
  if (type == "header") {
    CHECK(block["text"]["type"] == "plain_text");
    CHECK(chars(block["text"]["text"]) <= slack::limits::kHeaderText);
  } else if (type == "section") {
    if (block.contains("text")) {
      CHECK(chars(block["text"]["text"]) >= 1);
      CHECK(chars(block["text"]["text"]) <= slack::limits::kSectionText);
    }
    if (block.contains("fields")) {
      CHECK(block["fields"].size() <= slack::limits::kFields);
      for (const auto& f : block["fields"]) CHECK(chars(f["text"]) <= slack::limits::kFieldText);
    }
  } else if (type == "actions") {
    CHECK(block["elements"].size() <= slack::limits::kActionsElements);
    std::set<std::string> ids;
    for (const auto& e : block["elements"]) {
      CHECK(ids.insert(e["action_id"].get<std::string>()).second);
      if (e["type"] == "button") CHECK(chars(e["text"]["text"]) <= slack::limits::kButtonText);
      if (e.contains("initial_option")) CHECK(contains_option(e["options"], e["initial_option"]));
    }
  } else if (type == "context") {
    CHECK(block["elements"].size() <= slack::limits::kContextElements);
  } else if (type == "input") {
    CHECK(chars(block["label"]["text"]) <= slack::limits::kLabel);
    const auto& e = block["element"];
    CHECK_FALSE(e["action_id"].get<std::string>().empty());
    if (e.contains("initial_option")) CHECK(contains_option(e["options"], e["initial_option"]));
    for (const auto& o : e.value("initial_options", json::array())) {
      CHECK(contains_option(e["options"], o));
    }
  }
}

}  // namespace

TEST_CASE("Slack golden: messages, modal and Home view match tests/golden/slack",
          "[slack][golden]") {
  check_goldens(kGoldenDir, all_goldens());
}

TEST_CASE("Slack golden: every file in tests/golden/slack is still produced", "[slack][golden]") {
  check_no_stale_goldens(kGoldenDir, all_goldens());
}

TEST_CASE("Slack golden: the representative inputs cover every kind, within Block Kit's limits",
          "[slack][golden]") {
  const auto all = all_goldens();
  for (const auto& g : all) {
    INFO("golden " << g.file);
    const bool message = g.file.rfind("message_", 0) == 0;
    const auto& blocks = g.value.at("blocks");
    CHECK(blocks.size() <=
          (message ? slack::limits::kMessageBlocks : slack::limits::kSurfaceBlocks));
    if (message) {
      CHECK(chars(g.value.at("text")) >= 1);
      CHECK(chars(g.value.at("text")) <= slack::limits::kFallbackText);
    }
    std::set<std::string> block_ids;
    for (const auto& b : blocks) {
      check_block(b);
      if (b.contains("block_id")) CHECK(block_ids.insert(b["block_id"].get<std::string>()).second);
    }
  }

  SECTION("every block kind, escaped mrkdwn, all button styles, repeated ids made unique") {
    const auto& blocks = golden(all, "message_every_block_1.json")["blocks"];
    std::set<std::string> types;
    for (const auto& b : blocks) types.insert(b["type"].get<std::string>());
    CHECK(types == std::set<std::string>{"header", "section", "actions", "context", "divider"});
    CHECK(blocks[1]["text"]["text"] ==
          "Hi *Sam*, meet _Ana_: try `/flipside agenda` before your first session.\n"
          "Q&amp;A: 1 &lt; 2 &gt; 0, and &lt;@U024BE7LH&gt; stays literal.");
    CHECK(blocks[2]["fields"].size() == 4);
    const auto& elements = blocks[3]["elements"];
    REQUIRE(elements.size() == 6);
    CHECK(elements[0]["style"] == "primary");
    CHECK(elements[1]["style"] == "danger");
    CHECK_FALSE(elements[2].contains("style"));
    CHECK(elements[2]["action_id"] == "pair.snooze");
    CHECK(elements[3]["action_id"] == "pair.snooze#2");
    CHECK(slack::route_action_id(elements[3]["action_id"].get<std::string>()) == "pair.snooze");
    CHECK(elements[4]["value"] == "-");
    CHECK(elements[5]["type"] == "static_select");
    CHECK(elements[5]["initial_option"]["value"] == "biweekly");
  }

  SECTION("the long message splits into sections and into two messages, nothing lost") {
    const auto& first = golden(all, "message_long_1.json");
    const auto& second = golden(all, "message_long_2.json");
    CHECK(first["blocks"].size() == slack::limits::kMessageBlocks);
    CHECK(first["blocks"][1]["type"] == "section");
    CHECK(first["blocks"][2]["type"] == "section");  // the agenda, over 3,000 characters
    CHECK(first["blocks"].size() + second["blocks"].size() == 1 + 2 + 52 + 1);
    CHECK(second["blocks"].back()["type"] == "context");
    CHECK(second["text"] == "(continued)");  // one notification for the whole message
    CHECK(std::none_of(all.begin(), all.end(),
                       [](const Golden& g) { return g.file == "message_long_3.json"; }));
  }

  SECTION("the modal has every input kind, required and optional") {
    const auto& modal = golden(all, "modal_profile.json");
    CHECK(modal["type"] == "modal");
    CHECK(modal["callback_id"] == "profile.edit");
    const auto& blocks = modal["blocks"];
    REQUIRE(blocks.size() == 8);
    CHECK(blocks[0]["element"]["type"] == "plain_text_input");
    CHECK(blocks[0]["element"]["multiline"] == false);
    CHECK(blocks[1]["element"]["multiline"] == true);
    CHECK(blocks[2]["element"]["initial_option"]["value"] == "leader");
    CHECK(blocks[3]["element"]["type"] == "multi_static_select");
    CHECK(blocks[3]["element"]["initial_options"].size() == 2);
    CHECK(blocks[4]["element"]["type"] == "number_input");
    CHECK(blocks[4]["element"]["min_value"] == "1");
    CHECK(blocks[4]["element"]["max_value"] == "4");
    CHECK(blocks[5]["element"]["initial_value"] == "Europe/Lisbon");
    CHECK(blocks[6]["element"]["type"] == "datepicker");
    CHECK(blocks[6]["element"]["initial_date"] == "2026-03-16");
    CHECK(blocks[7]["optional"] == true);
    CHECK(blocks[7]["hint"]["text"] == "Only your pair and the programme team see this.");
    CHECK(blocks[7]["element"]["placeholder"]["text"] == "e.g. times that never work for you");
    for (std::size_t i = 0; i < 7; ++i) CHECK(blocks[i]["optional"] == false);
  }

  SECTION("the Home view") {
    const auto& home = golden(all, "home_overview.json");
    CHECK(home["type"] == "home");
    CHECK(home["blocks"].size() == 6);
  }
}
