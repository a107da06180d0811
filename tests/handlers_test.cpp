// The first handlers, driven through the real dispatcher on a temp SQLite file.
#include <catch2/catch.hpp>

#include "storage/jobs.hpp"
#include "storage/people.hpp"
#include "support/test_program.hpp"

using namespace flipside;
using namespace flipside::testing;
using namespace std::chrono;

namespace {

std::string all_text(const Reply& r) {
  std::string out;
  for (const auto& m : r.messages) out += m.fallback_text() + "\n";
  return out;
}

std::string first_template(const Reply& r) {
  return r.messages.empty() ? "" : r.messages.front().template_id;
}

std::vector<ui::Button> buttons_of(const Reply& r) {
  std::vector<ui::Button> out;
  for (const auto& m : r.messages)
    for (const auto& b : m.blocks)
      if (auto* a = std::get_if<ui::Actions>(&b))
        for (const auto& item : a->items)
          if (auto* button = std::get_if<ui::Button>(&item)) out.push_back(*button);
  return out;
}

std::optional<storage::Participant> participant(TestProgram& p, const std::string& user) {
  return p.app->db().transact([&](SQLite::Database& db) -> std::optional<storage::Participant> {
    storage::PeopleRepository people(db);
    auto person = people.find_by_identity({Platform::console, "local", user, "", "", ""});
    if (!person) return std::nullopt;
    return people.participant(person->id);
  });
}

std::int64_t count(TestProgram& p, const std::string& sql) {
  return p.app->db().transact([&](SQLite::Database& db) { return db.execAndGet(sql).getInt64(); });
}

}  // namespace

TEST_CASE("help lists the commands and offers joining to a newcomer", "[handlers][help]") {
  TestProgram p;
  auto r = p.say("ana", "help");
  CHECK(first_template(r) == "help.title");
  for (const char* verb : {"`help`", "`join [mentor|mentee]`", "`profile`", "`leave`"}) {
    CHECK_THAT(all_text(r), Catch::Contains(verb));
  }
  REQUIRE(buttons_of(r).size() == 1);
  CHECK(buttons_of(r)[0].action_id == "join.start");
  p.say("ana", "join mentor");
  CHECK(buttons_of(p.say("ana", "help"))[0].action_id == "profile.show");
}

TEST_CASE("join asks for a role with buttons, confirms, and pressing twice changes nothing",
          "[handlers][join]") {
  TestProgram p;
  auto ask = p.say("ana", "join");
  CHECK(first_template(ask) == "join.ask_role");
  auto buttons = buttons_of(ask);
  REQUIRE(buttons.size() == 2);
  CHECK(buttons[0].value == "mentor");
  CHECK(buttons[1].value == "mentee");

  auto done = p.press("ana", "join.choose_role", "mentee");
  CHECK(first_template(done) == "join.confirmed");
  CHECK_THAT(all_text(done), Catch::Contains("You're in, Ana!") && Catch::Contains("*mentee*"));
  REQUIRE(participant(p, "ana"));
  CHECK(participant(p, "ana")->role == storage::Role::mentee);

  auto again =
      p.press("ana", "join.choose_role", "mentor");  // a second click, even on the other button
  CHECK(first_template(again) == "join.already");
  CHECK(participant(p, "ana")->role == storage::Role::mentee);
  CHECK(count(p, "SELECT count(*) FROM participants") == 1);
  CHECK(count(p, "SELECT count(*) FROM jobs") == 1);  // one welcome follow-up, not two
}

TEST_CASE("join with a role it does not know explains and asks again", "[handlers][join]") {
  TestProgram p;
  auto r = p.say("ana", "join boss");
  CHECK(first_template(r) == "join.ask_role");
  CHECK_THAT(all_text(r), Catch::Contains("\"boss\" is not a role here"));
  CHECK_FALSE(participant(p, "ana"));
  CHECK(first_template(p.say("ana", "JOIN Mentor")) == "join.confirmed");
}

TEST_CASE("an unknown command gets a friendly reply with the closest command",
          "[handlers][router]") {
  TestProgram p;
  auto r = p.say("ana", "jion");
  CHECK(first_template(r) == "router.unknown_command");
  CHECK_THAT(all_text(r), Catch::Contains("I don't know *jion*") &&
                              Catch::Contains("Did you mean *join*?") && Catch::Contains("help"));
  CHECK_THAT(all_text(p.say("ana", "weather in Paris")), !Catch::Contains("Did you mean"));
  CHECK(first_template(p.press("ana", "feature.removed_long_ago")) == "router.stale_action");
  CHECK(first_template(p.submit("ana", "old.form", {})) == "router.stale_form");
}

TEST_CASE("profile shows what the bot knows and the edit form validates on the server",
          "[handlers][profile]") {
  TestProgram p;
  p.time_zone_for_new_users = "";
  p.say("ana", "join mentor");
  auto card = p.say("ana", "profile");
  CHECK(first_template(card) == "profile.card");
  CHECK_THAT(all_text(card), Catch::Contains("Your profile"));
  const auto& fields = std::get<ui::Fields>(card.messages[0].blocks[1]).items;
  CHECK(fields[0].value == "Ana");
  CHECK(fields[1].value == "Mentor");
  CHECK(fields[2].value == "not set");

  auto form = p.press("ana", "profile.edit");
  REQUIRE(first_template(form) == "profile.form");
  const auto& f = std::get<ui::Form>(form.messages[0].blocks[0]);
  CHECK(f.form_id == "profile.edit");
  CHECK(f.inputs.size() == 3);

  auto bad = p.submit("ana", "profile.edit",
                      {{"display_name", " "}, {"time_zone", "Berlin"}, {"role", "mentor"}});
  CHECK(bad.messages.empty());
  CHECK(bad.form_errors.at("display_name") == "Please fill this in.");
  CHECK_THAT(bad.form_errors.at("time_zone"),
             Catch::Contains("\"Berlin\" is not a time zone I know"));
  auto unchanged = p.say("ana", "profile");  // nothing was saved
  CHECK(std::get<ui::Fields>(unchanged.messages[0].blocks[1]).items[0].value == "Ana");
  CHECK(std::get<ui::Fields>(unchanged.messages[0].blocks[1]).items[2].value == "not set");

  auto ok =
      p.submit("ana", "profile.edit",
               {{"display_name", "Ana Lima"}, {"time_zone", "Asia/Calcutta"}, {"role", "mentee"}});
  CHECK(ok.form_errors.empty());
  CHECK_THAT(all_text(ok), Catch::Contains("Saved, Ana Lima."));
  const auto& saved = std::get<ui::Fields>(ok.messages[0].blocks[2]).items;
  CHECK(saved[1].value == "Mentee");
  CHECK(saved[2].value == "Asia/Kolkata");
  CHECK(saved[3].value == "Mon 2 Mar, 13:30 (Asia/Kolkata)");  // local time, from the fake clock

  auto twice =
      p.submit("ana", "profile.edit",
               {{"display_name", "Ana Lima"}, {"time_zone", "Asia/Kolkata"}, {"role", "mentee"}});
  CHECK_THAT(all_text(twice), Catch::Contains("Nothing changed."));
}

TEST_CASE("leave asks first, removes on confirmation, and a second confirmation changes nothing",
          "[handlers][leave]") {
  TestProgram p;
  CHECK(first_template(p.say("ana", "leave")) == "leave.not_member");
  p.say("ana", "join mentor");
  auto ask = p.say("ana", "leave");
  CHECK(first_template(ask) == "leave.confirm");
  CHECK(buttons_of(ask)[0].style == ui::Style::danger);
  CHECK(first_template(p.press("ana", "leave.cancel")) == "leave.cancelled");
  CHECK(participant(p, "ana"));

  CHECK(first_template(p.press("ana", "leave.confirm")) == "leave.done");
  CHECK_FALSE(participant(p, "ana"));
  CHECK(first_template(p.press("ana", "leave.confirm")) == "leave.not_member");
  CHECK(count(p, "SELECT count(*) FROM jobs WHERE status = 'cancelled'") == 1);
  // The person record stays, so rejoining is one command.
  CHECK(first_template(p.say("ana", "join mentee")) == "join.confirmed");
}

TEST_CASE("the welcome follow-up arrives at 09:00 in the person's zone, not before",
          "[handlers][scheduler]") {
  TestProgram p;  // starts Monday 2 March 2026, 08:00 UTC
  p.time_zone_for_new_users = "Asia/Kolkata";
  p.say("ana", "join mentor");  // 13:30 in Kolkata; next 09:00 at least 12 h later is Tue 03:30 UTC
  p.clock.set(from_unix(kStartUnix) + hours{19} + minutes{29});  // Tue 03:29 UTC
  p.run_due_jobs();
  CHECK(p.delivered_to("ana").empty());
  p.clock.advance(minutes{1});
  p.run_due_jobs();
  auto sent = p.delivered_to("ana");
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].template_id == "join.next_steps");
  CHECK_THAT(sent[0].fallback_text(), Catch::Contains("Asia/Kolkata"));
  p.clock.advance(days{3});
  p.run_due_jobs();
  CHECK(p.delivered_to("ana").size() == 1);  // never twice
}

TEST_CASE("leaving cancels what was scheduled for the person", "[handlers][scheduler]") {
  TestProgram p;
  p.say("ana", "join mentor");
  p.press("ana", "leave.confirm");
  p.clock.advance(days{2});
  p.run_due_jobs();
  CHECK(p.delivered_to("ana").empty());
}
