// Golden Adaptive Cards. A fixed set of representative ui:: inputs is rendered for Teams and
// compared with the committed JSON under tests/golden/teams, which tests/adaptive_cards/check.js
// parses and validates with Microsoft's own Adaptive Cards SDK (the `adaptivecards` package).
// FLIPSIDE_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "bot/teams/adaptive_card.hpp"
#include "support/golden.hpp"

using namespace flipside;
using nlohmann::json;
using namespace flipside::testing;
namespace fs = std::filesystem;

namespace {

const fs::path kGoldenDir = fs::path(FLIPSIDE_GOLDEN_DIR) / "teams";

// Every block kind the vocabulary has, with *bold* markdown, all button styles and a select
// with an initial option.
ui::Message every_block_message() {
  ui::Message m;
  m.template_id = "golden.every_block";
  m.header("Your mentoring pair & next steps");
  m.text(
      "Hi *Sam*, meet _Ana_: try `/flipside agenda` before your first session.\n"
      "Q&A: 1 < 2 > 0, and <at>Sam</at> stays literal.");
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
      ui::Button{.label = "Help", .action_id = "help"},
      ui::Select{
          .action_id = "pair.cadence",
          .placeholder = "How often?",
          .options = {{"Weekly", "weekly"}, {"Every 2 weeks", "biweekly"}, {"Monthly", "monthly"}},
          .initial = "biweekly"},
  }});
  m.context("Sent by Flipside · reply *help* any time");
  m.divider();
  m.text("Questions? Ask the programme team.");
  return m;
}

ui::Message form_message() {
  ui::Message m;
  m.template_id = "golden.form";
  m.text("Tell us a little about yourself, *Sam*.");
  m.form(every_input_form());
  return m;
}

// What a person typed, with the server's errors: the form is shown again with both.
const std::map<std::string, std::string>& typed_values() {
  static const std::map<std::string, std::string> values = {
      {"name", ""},
      {"goals", "Prompting, and knowing when *not* to use AI."},
      {"role", "mentor"},
      {"topics", "social"},
      {"sessions", "9"},
      {"tz", "Mars/Olympus"},
      {"notes", "Not on Fridays."},
  };
  return values;
}

const ui::FormErrors& form_errors() {
  static const ui::FormErrors errors = {
      {"name", "Please fill this in."},
      {"sessions", "Choose a number from 1 to 4."},
      {"tz", "That is not a time zone we know, e.g. Europe/Lisbon."},
  };
  return errors;
}

std::vector<Golden> all_goldens() {
  return {
      {"card_every_block.json", teams::render_card(every_block_message())},
      {"card_form.json", teams::render_card(form_message())},
      {"card_form_errors.json", teams::render_card(form_message(), form_errors(), typed_values())},
  };
}

const json& input_with_id(const json& card, const std::string& id) {
  for (const auto& e : card.at("body")) {
    if (e.value("id", "") == id) return e;
  }
  FAIL("no input with id " << id);
  throw std::logic_error("unreachable");
}

// The element right after the input with this id (its hint or error line).
const json& after_input(const json& card, const std::string& id) {
  const auto& body = card.at("body");
  for (std::size_t i = 0; i + 1 < body.size(); ++i) {
    if (body[i].value("id", "") == id) return body[i + 1];
  }
  FAIL("nothing after input " << id);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("Teams golden: cards match tests/golden/teams", "[teams][golden]") {
  check_goldens(kGoldenDir, all_goldens());
}

TEST_CASE("Teams golden: every file in tests/golden/teams is still produced", "[teams][golden]") {
  check_no_stale_goldens(kGoldenDir, all_goldens());
}

TEST_CASE("Teams golden: the representative inputs cover every kind", "[teams][golden]") {
  const auto all = all_goldens();
  for (const auto& g : all) {
    INFO("golden " << g.file);
    CHECK(g.value.at("type") == "AdaptiveCard");
    CHECK(g.value.at("version") == "1.5");
    std::set<std::string> ids;
    for (const auto& e : g.value.at("body")) {
      if (e.contains("id")) CHECK(ids.insert(e["id"].get<std::string>()).second);
    }
  }

  SECTION("every block kind, *bold* as **bold**, all button styles, a select with its submit") {
    const auto& body = golden(all, "card_every_block.json")["body"];
    REQUIRE(body.size() == 7);
    CHECK(body[0]["type"] == "TextBlock");
    CHECK(body[0]["size"] == "Large");
    CHECK(body[0]["weight"] == "Bolder");
    CHECK(body[1]["text"] ==
          "Hi **Sam**, meet _Ana_: try `/flipside agenda` before your first session.\n"
          "Q&A: 1 < 2 > 0, and <at>Sam</at> stays literal.");
    CHECK(body[2]["type"] == "FactSet");
    REQUIRE(body[2]["facts"].size() == 4);
    CHECK(body[2]["facts"][2]["value"] == "Every **2** weeks");
    CHECK(body[3]["type"] == "Input.ChoiceSet");
    CHECK(body[3]["value"] == "biweekly");
    CHECK(body[3]["choices"].size() == 3);
    CHECK(body[4]["type"] == "ActionSet");
    const auto& actions = body[4]["actions"];
    REQUIRE(actions.size() == 5);
    CHECK(actions[0]["style"] == "positive");
    CHECK(actions[0]["data"] == json{{"action_id", "pair.accept"}, {"value", "pair-42"}});
    CHECK(actions[1]["style"] == "destructive");
    CHECK_FALSE(actions[2].contains("style"));
    CHECK(actions[3]["data"]["action_id"] == "help");
    CHECK(actions[4]["data"] == json{{"action_id", "pair.cadence"}});
    CHECK(body[5]["isSubtle"] == true);
    CHECK(body[5]["text"] == "Sent by Flipside · reply **help** any time");
    CHECK_FALSE(body[5].contains("separator"));
    CHECK(body[6]["separator"] == true);  // the divider separates the next element
  }

  SECTION("the form has every input kind, required and optional") {
    const auto& card = golden(all, "card_form.json");
    CHECK(input_with_id(card, "name")["type"] == "Input.Text");
    CHECK(input_with_id(card, "name")["value"] == "Sam Ortiz");
    CHECK(input_with_id(card, "name")["maxLength"] == 80);
    CHECK_FALSE(input_with_id(card, "name").contains("isMultiline"));
    CHECK(input_with_id(card, "goals")["isMultiline"] == true);
    CHECK(input_with_id(card, "role")["type"] == "Input.ChoiceSet");
    CHECK(input_with_id(card, "role")["value"] == "leader");
    CHECK(input_with_id(card, "topics")["isMultiSelect"] == true);
    CHECK(input_with_id(card, "topics")["value"] == "ai,remote");
    CHECK(input_with_id(card, "sessions")["type"] == "Input.Number");
    CHECK(input_with_id(card, "sessions")["min"] == 1);
    CHECK(input_with_id(card, "sessions")["max"] == 4);
    CHECK(input_with_id(card, "sessions")["value"] == 2);
    CHECK(input_with_id(card, "tz")["value"] == "Europe/Lisbon");
    const auto& notes = input_with_id(card, "notes");
    CHECK(notes["isRequired"] == false);
    CHECK(notes["placeholder"] == "e.g. times that never work for you");
    CHECK(after_input(card, "notes")["text"] == "Only your pair and the programme team see this.");
    for (const auto* id : {"name", "goals", "role", "topics", "sessions", "tz"}) {
      CHECK(input_with_id(card, id)["isRequired"] == true);
    }
    const auto& submit = card["body"].back();
    CHECK(submit["type"] == "ActionSet");
    CHECK(submit["actions"][0]["title"] == "Save");
    CHECK(submit["actions"][0]["data"] == json{{"form_id", "profile.edit"}});
  }

  SECTION("the form re-rendered with errors and what was typed") {
    const auto& card = golden(all, "card_form_errors.json");
    CHECK(after_input(card, "name")["text"] == "Please fill this in.");
    CHECK(after_input(card, "name")["color"] == "Attention");
    CHECK(input_with_id(card, "goals")["value"] == "Prompting, and knowing when *not* to use AI.");
    CHECK(input_with_id(card, "role")["value"] == "mentor");
    CHECK(input_with_id(card, "topics")["value"] == "social");
    CHECK(input_with_id(card, "sessions")["value"] == 9);
    CHECK(after_input(card, "sessions")["text"] == "Choose a number from 1 to 4.");
    CHECK(input_with_id(card, "tz")["value"] == "Mars/Olympus");
    CHECK(after_input(card, "tz")["color"] == "Attention");
    CHECK(input_with_id(card, "notes")["value"] == "Not on Fridays.");
  }
}
