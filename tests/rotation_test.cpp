// Rotation (issue #8): closing a programme asks its people about the next cohort; a manager
// starts the next cohort from the closed one, which carries over those who said yes (in the role
// they chose, with their earlier intake answers to confirm) and never re-pairs former partners.
// Driven through the real dispatcher, match flow and outbox on SQLite, under a fake clock.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Statement.h>

#include <set>

#include "bot/console/html_renderer.hpp"
#include "bot/slack/block_kit.hpp"
#include "bot/teams/adaptive_card.hpp"
#include "storage/people.hpp"
#include "storage/programmes.hpp"
#include "support/programme_helpers.hpp"
#include "support/test_program.hpp"

using namespace flipside;
using namespace flipside::testing;

namespace {

// Pat closes "Spring pilot" through the confirmation; returns the "closed" reply.
Reply close_spring_pilot(TestProgram& p) {
  auto ask = p.say("pat", "programme close spring pilot");
  REQUIRE(template_ids(ask) == std::vector<std::string>{"timeline.close_confirm"});
  auto close = buttons_in(ask.messages[0])[0];
  auto done = p.press("pat", close.action_id, close.value);
  p.run_due_jobs();
  return done;
}

// `user` clicks the button of their next-cohort question whose label starts with `label`.
Reply answer(TestProgram& p, const std::string& user, const std::string& label) {
  for (const auto& b : buttons_in(last_delivered(p, user, "rotation.ask")))
    if (b.label.starts_with(label)) return p.press(user, b.action_id, b.value);
  FAIL("no button \"" << label << "\" for " << user);
  return {};
}

std::int64_t programme_id(TestProgram& p, const std::string& name) {
  return in_db(p, [&](SQLite::Database& db) {
    return storage::ProgrammeRepository(db).find_by_name(name)->id;
  });
}

// Where each person takes part now: (programme name, role), or nothing.
std::optional<std::pair<std::string, std::string>> taking_part(TestProgram& p,
                                                               const std::string& user) {
  const auto id = person_id(p, user);
  return in_db(p, [&](SQLite::Database& db) -> std::optional<std::pair<std::string, std::string>> {
    auto participant = storage::PeopleRepository(db).participant(id);
    if (!participant || !participant->programme_id) return std::nullopt;
    return std::pair{storage::ProgrammeRepository(db).find(*participant->programme_id)->name,
                     std::string(to_string(participant->role))};
  });
}

// Pat opens the next cohort's form from the button on the "closed" message and submits it as
// prefilled, with `changes`.
Reply start_next_cohort(TestProgram& p, const Reply& closed,
                        std::map<std::string, std::string> changes = {}) {
  auto next = buttons_in(closed.messages[0]);
  REQUIRE(next.size() == 1);
  auto opened = p.press("pat", next[0].action_id, next[0].value);
  const auto* form = form_of(opened);
  REQUIRE(form);
  auto values = initial_values(*form);
  for (auto& [k, v] : changes) values[k] = v;
  const std::string form_id = form->form_id;
  auto r = p.submit("pat", form_id, values);
  REQUIRE(r.form_errors.empty());
  p.run_due_jobs();
  return r;
}

// `user` opens their intake in the next cohort and sends it as prefilled.
void confirm_intake(TestProgram& p, const std::string& user) {
  auto opened = p.press(user, "intake.open");
  const auto* form = form_of(opened);
  REQUIRE(form);
  const std::string form_id = form->form_id;
  auto r = p.submit(user, form_id, initial_values(*form));
  INFO(user << ": " << all_text(r));
  for (const auto& [k, v] : r.form_errors) INFO(k << ": " << v);
  REQUIRE(r.form_errors.empty());
}

// Pairs of the programme as "mentor+mentee" user names.
std::set<std::string> pairs_of(TestProgram& p, const std::string& programme,
                               const std::vector<std::string>& users) {
  std::map<std::int64_t, std::string> name_of;
  for (const auto& u : users) name_of[person_id(p, u)] = u;
  const auto id = programme_id(p, programme);
  auto rows = in_db(p, [&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT mentor_id, mentee_id FROM pairs WHERE programme_id = ?");
    q.bind(1, id);
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    while (q.executeStep()) out.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getInt64());
    return out;
  });
  std::set<std::string> out;
  for (auto [mentor, mentee] : rows) out.insert(name_of[mentor] + "+" + name_of[mentee]);
  return out;
}

int rows_in(TestProgram& p, const std::string& table) {
  return in_db(p, [&](SQLite::Database& db) {
    return db.execAndGet("SELECT count(*) FROM " + table).getInt();
  });
}

}  // namespace

TEST_CASE("closing asks everyone about the next cohort, and people can change their answer",
          "[rotation]") {
  TestProgram p(with_admin("pat"));
  paired_cohort(p, 3, "Sales", "Engineering");
  // Not closed yet: no next cohort, and an unknown name is named back.
  CHECK(template_ids(p.say("pat", "programme next spring pilot")) ==
        std::vector<std::string>{"rotation.next.not_closed"});
  CHECK_THAT(all_text(p.say("pat", "programme next nope")),
             Catch::Contains("can't find a programme called \"nope\""));

  auto closed = close_spring_pilot(p);
  CHECK_THAT(all_text(closed),
             Catch::Contains("3 pairs ended") && Catch::Contains("asked its 6 participants"));
  auto question = last_delivered(p, "m1", "rotation.ask");
  CHECK_THAT(text_of(question), Catch::Contains("What next after Spring pilot?"));
  std::vector<std::string> labels;
  for (const auto& b : buttons_in(question)) labels.push_back(b.label);
  CHECK(labels == std::vector<std::string>{"Yes, as a mentor again", "Yes, as a mentee this time",
                                           "No, thanks"});
  CHECK(buttons_in(last_delivered(p, "s1", "rotation.ask"))[0].label == "Yes, as a mentee again");

  CHECK_THAT(all_text(answer(p, "m1", "Yes, as a mentor")), Catch::Contains("as a mentor"));
  CHECK_THAT(all_text(answer(p, "s1", "Yes, as a mentor")),
             Catch::Contains("as a mentor this time"));
  CHECK(template_ids(answer(p, "m2", "No")) == std::vector<std::string>{"rotation.answered.no"});
  // M2 changes their mind: the new answer counts, and they are told it replaced the old one.
  auto changed = answer(p, "m2", "Yes");
  CHECK(template_ids(changed) == std::vector<std::string>{"rotation.answered.same"});
  CHECK_THAT(all_text(changed), Catch::Contains("changed your earlier answer"));
  // The same answer twice is simply confirmed again.
  CHECK_THAT(all_text(answer(p, "m1", "Yes, as a mentor")), !Catch::Contains("changed"));
  answer(p, "s2", "No");
  answer(p, "s3", "Yes");
  // m3 never answers.

  // Forged and stale clicks change nothing.
  const auto id = std::to_string(programme_id(p, "Spring pilot"));
  for (const std::string& value :
       {id + ":maybe", std::string("garbage"), std::string("99:same"), std::string(":same")})
    CHECK(template_ids(p.press("m3", "rotation.answer", value)) ==
          std::vector<std::string>{"router.stale_action"});
  // Pat was not a participant, so was never asked.
  CHECK(template_ids(p.press("pat", "rotation.answer", id + ":same")) ==
        std::vector<std::string>{"router.stale_action"});
  // Only managers start a next cohort, even by a replayed button or form.
  CHECK(template_ids(p.press("m1", "programme.next", id)) ==
        std::vector<std::string>{"router.managers_only"});
  CHECK(template_ids(p.submit("m1", "programme.next:" + id, good_programme())) ==
        std::vector<std::string>{"router.managers_only"});
  CHECK(rows_in(p, "next_cohorts") == 0);
}

TEST_CASE("the next cohort carries over exactly the people who opted in, with their roles",
          "[rotation]") {
  TestProgram p(with_admin("pat"));
  paired_cohort(p, 3, "Sales", "Engineering");
  auto closed = close_spring_pilot(p);
  answer(p, "m1", "Yes, as a mentor");
  answer(p, "s1", "Yes, as a mentor");  // switches role
  answer(p, "m2", "No");
  answer(p, "m2", "Yes, as a mentor");  // changed their mind
  answer(p, "s2", "No");
  answer(p, "s3", "Yes, as a mentee");
  // m3 never answers.

  // The form is prefilled from the closed programme, with a new name and new dates.
  auto opened = p.say("pat", "programme next spring pilot");
  REQUIRE(form_of(opened));
  CHECK_THAT(all_text(opened), Catch::Contains("So far 4 of the 6 people"));
  auto prefilled = initial_values(*form_of(opened));
  CHECK(prefilled["name"] == "Spring pilot — cohort 2");
  CHECK(prefilled["matching_mode"] == "direct");
  CHECK(prefilled["cadence"] == "biweekly");
  CHECK(prefilled["focus_areas"] == "digital_skills,ai_data");
  CHECK(prefilled["length_months"] == "4");
  CHECK(prefilled["start_date"] == "2026-03-09");  // the Monday after today, not the old start

  // The closed programme's card offers its next cohort too.
  auto cards = p.say("pat", "programme list");
  REQUIRE(cards.messages.size() == 1);
  CHECK(buttons_in(cards.messages[0]).at(0).action_id == "programme.next");

  auto created = start_next_cohort(p, closed);
  CHECK(template_ids(created) ==
        std::vector<std::string>{"programme.card", "rotation.next.summary"});
  CHECK_THAT(all_text(created),
             Catch::Contains("carried over 4 of 6; 1 said no; 1 did not answer"));
  CHECK_THAT(all_text(created), Catch::Contains("3 mentors, 1 mentees"));

  const std::string next = "Spring pilot — cohort 2";
  CHECK(taking_part(p, "m1") == std::pair{next, std::string("mentor")});
  CHECK(taking_part(p, "s1") == std::pair{next, std::string("mentor")});
  CHECK(taking_part(p, "m2") == std::pair{next, std::string("mentor")});
  CHECK(taking_part(p, "s3") == std::pair{next, std::string("mentee")});
  CHECK(taking_part(p, "s2") == std::pair{std::string("Spring pilot"), std::string("mentee")});
  CHECK(taking_part(p, "m3") == std::pair{std::string("Spring pilot"), std::string("mentor")});

  // Those who kept their role find their earlier answers filled in, to confirm; the switcher
  // gets the other survey afresh and the new role's orientation.
  CHECK_THAT(text_of(last_delivered(p, "m1", "rotation.carried")),
             Catch::Contains("answers from last time are filled in"));
  auto m1_form = p.press("m1", "intake.open");
  REQUIRE(form_of(m1_form));
  CHECK(initial_values(*form_of(m1_form))["teaches"] == "generative_ai");
  CHECK(intake_of(p, "m1")->complete == false);
  CHECK_THAT(text_of(last_delivered(p, "s1", "rotation.carried")),
             Catch::Contains("fill in the mentor intake survey"));
  CHECK(has_template(p.delivered_to("s1"), "orientation.mentor"));
  for (const char* user : {"s2", "m3"})
    CHECK_FALSE(has_template(p.delivered_to(user), "rotation.carried"));

  // Nobody is carried over twice: a second next cohort, or the same form again, is refused.
  CHECK_THAT(all_text(p.say("pat", "programme next Spring pilot")),
             Catch::Contains("next cohort of *Spring pilot* is *Spring pilot — cohort 2* already"));
  auto again = good_programme();
  again["name"] = "Another";
  CHECK(template_ids(p.submit(
            "pat", "programme.next:" + std::to_string(programme_id(p, "Spring pilot")), again)) ==
        std::vector<std::string>{"rotation.next.exists"});
  // Once started, the closed programme's card no longer offers a next cohort.
  for (const auto& card : p.say("pat", "programme list").messages)
    for (const auto& b : buttons_in(card)) CHECK(b.action_id != "programme.next");
  // The new cohort is not closed, so it has no next cohort yet.
  CHECK(template_ids(p.say("pat", "programme next " + next)) ==
        std::vector<std::string>{"rotation.next.not_closed"});

  // Late answers: a yes while the next cohort takes sign-ups still gets a place; undoing a place
  // already given needs a manager.
  CHECK(template_ids(answer(p, "m3", "Yes, as a mentor")) ==
        std::vector<std::string>{"rotation.answered.late_join"});
  CHECK(taking_part(p, "m3") == std::pair{next, std::string("mentor")});
  CHECK(template_ids(answer(p, "m1", "No")) ==
        std::vector<std::string>{"rotation.answer.too_late"});
  CHECK(taking_part(p, "m1") == std::pair{next, std::string("mentor")});
}

TEST_CASE("matching in the next cohort never re-pairs former partners", "[rotation][matching]") {
  TestProgram p(with_admin("pat"));
  // m1 teaches what s1 wants to learn and m2 what s2 wants: the best fit is the old pairs.
  paired_cohort(p, 2, "Sales", "Engineering");
  const std::vector<std::string> people = {"m1", "m2", "s1", "s2"};
  CHECK(pairs_of(p, "Spring pilot", people) == std::set<std::string>{"m1+s1", "m2+s2"});
  auto closed = close_spring_pilot(p);
  for (const auto& u : people) answer(p, u, "Yes");
  start_next_cohort(p, closed);
  for (const auto& u : people) confirm_intake(p, u);

  auto preview = all_text(p.say("pat", "match preview"));
  INFO(preview);
  CHECK_THAT(preview, Catch::Contains("*2 pairs*"));
  CHECK_THAT(preview, Catch::Contains("*S1* learns from *M2*"));
  CHECK_THAT(preview, Catch::Contains("*S2* learns from *M1*"));

  // Through the real flow: the proposals go out, both sides accept, and the pairs are new.
  p.say("pat", "match run");
  p.run_due_jobs();
  for (const char* mentee : {"s1", "s2"}) {
    auto yes = buttons_in(last_delivered(p, mentee, "match.proposal"))[0];
    p.press(mentee, yes.action_id, yes.value);
  }
  for (const char* mentor : {"m1", "m2"}) {
    auto yes = buttons_in(last_delivered(p, mentor, "match.request"))[0];
    p.press(mentor, yes.action_id, yes.value);
  }
  CHECK(pairs_of(p, "Spring pilot — cohort 2", people) == std::set<std::string>{"m1+s2", "m2+s1"});
}

TEST_CASE("someone whose only fit was their former partner is told so in the match explanation",
          "[rotation][matching]") {
  TestProgram p(with_admin("pat"));
  paired_cohort(p, 1, "Sales", "Engineering");
  auto closed = close_spring_pilot(p);
  answer(p, "m1", "Yes");
  answer(p, "s1", "Yes");
  start_next_cohort(p, closed);
  confirm_intake(p, "m1");
  confirm_intake(p, "s1");
  auto preview = all_text(p.say("pat", "match preview"));
  INFO(preview);
  CHECK_THAT(preview, Catch::Contains("*S1* (mentee), no match:") &&
                          Catch::Contains("every fit was an earlier pair"));
}

TEST_CASE("next-cohort answers go with forget-me and with the closed programme's retention",
          "[rotation][privacy]") {
  TestProgram p(with_admin("pat"));
  paired_cohort(p, 2, "Sales", "Engineering");
  close_spring_pilot(p);
  answer(p, "m1", "Yes");
  answer(p, "s1", "No");
  CHECK(rows_in(p, "next_cohort_answers") == 4);

  auto ask = p.say("s1", "forget-me");
  auto confirm = buttons_in(ask.messages[0])[0];
  p.press("s1", confirm.action_id, confirm.value);
  CHECK(rows_in(p, "next_cohort_answers") == 3);

  // A year (the default retention) after closing, the rest goes too.
  p.clock.advance(std::chrono::days{366});
  p.run_due_jobs();
  CHECK(rows_in(p, "next_cohort_answers") == 0);
}

TEST_CASE("a manager schedules a pair's final presentation and each partner sees it on their clock",
          "[rotation][presentation]") {
  TestProgram p(with_admin("pat"));
  paired_cohort(p, 1, "Sales", "Engineering");
  set_email(p, "s1", "s1@example.com");
  const auto s1 = person_id(p, "s1");
  in_db(p, [&](SQLite::Database& db) {
    SQLite::Statement q(db, "UPDATE people SET time_zone = 'America/New_York' WHERE id = ?");
    q.bind(1, s1);
    return q.exec();
  });

  // Bad inputs: not a manager, no address, an unknown one, someone never paired.
  CHECK(template_ids(p.say("m1", "presentation s1@example.com")) ==
        std::vector<std::string>{"router.managers_only"});
  CHECK(template_ids(p.say("pat", "presentation")) ==
        std::vector<std::string>{"presentation.usage"});
  CHECK_THAT(all_text(p.say("pat", "presentation ghost@example.com")),
             Catch::Contains("I don't know ghost@example.com"));
  p.say("zoe", "hi");
  set_email(p, "zoe", "zoe@example.com");
  CHECK(template_ids(p.say("pat", "presentation zoe@example.com")) ==
        std::vector<std::string>{"presentation.no_pair"});

  auto opened = p.say("pat", "presentation s1@example.com");
  REQUIRE(form_of(opened));
  CHECK_THAT(all_text(opened), Catch::Contains("*S1* and *M1*"));
  const std::string form_id = form_of(opened)->form_id;
  auto past =
      p.submit("pat", form_id, {{"date", "2026-03-01"}, {"time", "15:00"}, {"minutes", "15"}});
  CHECK_THAT(past.form_errors["date"], Catch::Contains("passed"));
  CHECK(p.submit("pat", form_id, {{"date", "2026-07-10"}, {"time", "3pm"}, {"minutes", "15"}})
            .form_errors.contains("time"));
  CHECK(template_ids(p.submit("pat", "presentation.schedule:999",
                              {{"date", "2026-07-10"}, {"time", "15:00"}, {"minutes", "15"}})) ==
        std::vector<std::string>{"router.stale_form"});

  // 15:00 in Berlin (summer time) is 09:00 in New York.
  auto booked =
      p.submit("pat", form_id, {{"date", "2026-07-10"}, {"time", "15:00"}, {"minutes", "15"}});
  REQUIRE(booked.form_errors.empty());
  CHECK_THAT(all_text(booked), Catch::Contains("Fri 10 Jul, 15:00 (Europe/Berlin)"));
  p.run_due_jobs();
  CHECK_THAT(text_of(last_delivered(p, "m1", "presentation.scheduled")),
             Catch::Contains("*S1*") && Catch::Contains("Fri 10 Jul, 15:00 (Europe/Berlin)") &&
                 Catch::Contains("15 minutes"));
  CHECK_THAT(text_of(last_delivered(p, "s1", "presentation.scheduled")),
             Catch::Contains("*M1*") && Catch::Contains("Fri 10 Jul, 09:00 (America/New_York)"));

  // Scheduling again moves the slot, and both hear the new time.
  CHECK_THAT(all_text(p.say("pat", "presentation s1@example.com")),
             Catch::Contains("Booked now: Fri 10 Jul, 15:00"));
  REQUIRE(p.submit("pat", form_id, {{"date", "2026-07-10"}, {"time", "16:00"}, {"minutes", "20"}})
              .form_errors.empty());
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("s1"), "presentation.scheduled") == 2);
  CHECK_THAT(text_of(last_delivered(p, "s1", "presentation.scheduled")),
             Catch::Contains("Fri 10 Jul, 10:00 (America/New_York)"));
  CHECK(rows_in(p, "presentation_slots") == 1);
}

TEST_CASE("the next-cohort question and its buttons render on Slack, Teams and the console",
          "[rotation][platforms]") {
  TestProgram p(with_admin("pat"));
  paired_cohort(p, 1, "Sales", "Engineering");
  auto closed = close_spring_pilot(p);
  for (const auto& m : {last_delivered(p, "m1", "rotation.ask"), closed.messages[0]}) {
    const auto buttons = buttons_in(m);
    REQUIRE_FALSE(buttons.empty());
    // Slack: every button's action id routes back to its handler, with its value.
    std::vector<std::pair<std::string, std::string>> slack;
    const auto rendered = slack::render_messages(m);  // named: the loop must not dangle
    REQUIRE(rendered.size() == 1);
    for (const auto& block : rendered[0]["blocks"])
      if (block["type"] == "actions")
        for (const auto& el : block["elements"])
          slack.emplace_back(slack::route_action_id(el["action_id"].get<std::string>()),
                             el["value"].get<std::string>());
    const auto card = teams::render_card(m).dump();
    const auto html = console::render_html(m);
    REQUIRE(slack.size() == buttons.size());
    for (std::size_t i = 0; i < buttons.size(); ++i) {
      CHECK(slack[i] == std::pair{buttons[i].action_id, buttons[i].value});
      CHECK_THAT(card, Catch::Contains(buttons[i].label) &&
                           Catch::Contains("\"" + buttons[i].action_id + "\"") &&
                           Catch::Contains("\"" + buttons[i].value + "\""));
      CHECK_THAT(html, Catch::Contains("data-action=\"" + buttons[i].action_id + "\"") &&
                           Catch::Contains("data-value=\"" + buttons[i].value + "\""));
    }
  }
}
