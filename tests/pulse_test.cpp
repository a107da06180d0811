// Pulse surveys (issue #7) through the console: asked at the midpoint and after sessions, answered
// in chat, stored so that no answer can be traced to a person, and shown to programme managers
// only as figures about at least five people, after the pulse has closed.
#include <catch2/catch.hpp>

#include <set>

#include "storage/pulse.hpp"
#include "support/programme_helpers.hpp"
#include "support/test_program.hpp"

using namespace flipside;
using namespace flipside::testing;
using namespace std::chrono;

namespace {

TimePoint utc(int month, int day, int hour) {
  return TimePoint{sys_days{2026y / month / day}} + hours{hour};
}

// `user` answers their newest pulse invitation; returns the reply to the submission.
Reply answer_pulse(TestProgram& p, const std::string& user, const std::string& quality,
                   const std::string& usefulness, const std::string& recommend,
                   const std::string& comment = "") {
  auto ask = buttons_in(last_delivered(p, user, "pulse.ask"));
  REQUIRE(ask.size() == 1);
  auto opened = p.press(user, ask[0].action_id, ask[0].value);
  REQUIRE(form_of(opened));
  const std::string form_id = form_of(opened)->form_id;
  return p.submit(user, form_id,
                  {{"quality", quality},
                   {"usefulness", usefulness},
                   {"recommend", recommend},
                   {"comment", comment}});
}

}  // namespace

TEST_CASE("pulse: answered anonymously at the midpoint, shown only once closed and in groups of 5",
          "[pulse]") {
  TestProgram p(with_admin("pat"));
  paired_cohort(p, 5, "Finance", "Sales");
  p.clock.set(utc(5, 16, 7));  // the midpoint, 09:00 in Berlin
  p.run_due_jobs();
  for (const char* user : {"m1", "m2", "m3", "m4", "m5", "s1", "s2", "s3", "s4", "s5"}) {
    INFO(user);
    CHECK_THAT(text_of(last_delivered(p, user, "pulse.ask")),
               Catch::Contains("at the midpoint") && Catch::Contains("23 May 2026") &&
                   Catch::Contains("stored without your name"));
  }
  // Nonsense is refused with the field named; nothing is stored.
  {
    auto ask = buttons_in(last_delivered(p, "m1", "pulse.ask"));
    auto opened = p.press("m1", ask[0].action_id, ask[0].value);
    const std::string form_id = form_of(opened)->form_id;
    auto bad =
        p.submit("m1", form_id, {{"quality", "7"}, {"usefulness", "x"}, {"recommend", "11"}});
    CHECK(bad.form_errors.contains("quality"));
    CHECK(bad.form_errors.contains("usefulness"));
    CHECK(bad.form_errors.contains("recommend"));
    // Someone else's invitation is not theirs to answer.
    CHECK(template_ids(p.submit("s1", form_id,
                                {{"quality", "1"}, {"usefulness", "1"}, {"recommend", "0"}})) ==
          std::vector<std::string>{"router.stale_action"});
  }
  // Mentors: quality 4, usefulness 3, recommend 10, 10, 9, 8, 6. Mentees: 5, 4, and 10, 9, 9, 9,
  // 10.
  const std::vector<std::pair<std::string, std::string>> mentors = {
      {"m1", "10"}, {"m2", "10"}, {"m3", "9"}, {"m4", "8"}, {"m5", "6"}};
  for (const auto& [user, nps] : mentors)
    CHECK(template_ids(answer_pulse(p, user, "4", "3", nps,
                                    user == "m2" ? "More hands-on time, please" : "")) ==
          std::vector<std::string>{"pulse.thanks"});
  const std::vector<std::pair<std::string, std::string>> mentees = {
      {"s1", "10"}, {"s2", "9"}, {"s3", "9"}, {"s4", "9"}, {"s5", "10"}};
  for (const auto& [user, nps] : mentees)
    CHECK(template_ids(answer_pulse(p, user, "5", "4", nps,
                                    user == "s4" ? "  Loved the Copilot session  " : "")) ==
          std::vector<std::string>{"pulse.thanks"});
  // A second answer is refused and changes nothing, whether by the button or by resubmitting.
  auto again = buttons_in(last_delivered(p, "m1", "pulse.ask"))[0];
  CHECK(template_ids(p.press("m1", again.action_id, again.value)) ==
        std::vector<std::string>{"pulse.already"});
  CHECK(template_ids(p.submit("m1", "pulse.submit:" + again.value,
                              {{"quality", "1"}, {"usefulness", "1"}, {"recommend", "0"}})) ==
        std::vector<std::string>{"pulse.already"});

  // While the pulse is open, managers see no figure and no count of answers.
  p.clock.set(utc(5, 20, 9));
  auto open = all_text(p.say("pat", "pulse spring pilot"));
  CHECK_THAT(open, Catch::Contains("at the midpoint*: 10 asked, open until 23 May 2026"));
  CHECK_THAT(open,
             !Catch::Contains("NPS") && !Catch::Contains("answered") && !Catch::Contains(" from "));
  CHECK(template_ids(p.say("m1", "pulse spring pilot")) ==
        std::vector<std::string>{"router.managers_only"});

  // Closed (7 days after it was sent): the figures, computed by hand. Quality (5*4 + 5*5)/10 =
  // 4.5; usefulness (5*3 + 5*4)/10 = 3.5; 8 promoters (9-10), 1 detractor (the 6): NPS +70.
  p.clock.set(utc(5, 23, 8));
  auto closed = all_text(p.say("pat", "pulse"));
  CHECK_THAT(closed, Catch::Contains("session quality 4.5/5, usefulness 3.5/5, NPS +70, from 10 "
                                     "answers"));
  // Comments: trimmed, in an order that says nothing about who wrote when.
  CHECK_THAT(closed, Catch::Contains("> Loved the Copilot session\n> More hands-on time, please"));
  // By role: five each, both shown. Mentors: 3 promoters, 1 detractor: +40; mentees: +100.
  auto by_role = all_text(p.say("pat", "pulse spring pilot by role"));
  CHECK_THAT(by_role, Catch::Contains("• mentor: session quality 4.0/5, usefulness 3.0/5, NPS "
                                      "+40, from 5 answers") &&
                          Catch::Contains("• mentee: session quality 5.0/5, usefulness 4.0/5, "
                                          "NPS +100, from 5 answers"));
  auto by_department = all_text(p.say("pat", "pulse by department"));
  CHECK_THAT(by_department, Catch::Contains("• Finance: session quality 4.0/5") &&
                                Catch::Contains("• Sales: session quality 5.0/5"));
  CHECK_THAT(all_text(p.say("pat", "pulse by shoe size")), Catch::Contains("Usage"));
}

TEST_CASE("pulse: no stored answer can be traced back to the person who gave it", "[pulse]") {
  TestProgram p(with_admin("pat"));
  paired_cohort(p, 5, "Finance", "Sales");
  p.clock.set(utc(5, 16, 7));
  p.run_due_jobs();
  // Ten people answer in this order, each with a different comment, at different times.
  std::vector<std::string> order;
  for (const char* user : {"s3", "m1", "s5", "m4", "m2", "s1", "m5", "s2", "m3", "s4"}) {
    order.emplace_back(std::string("note from ") + user);
    REQUIRE(template_ids(answer_pulse(p, user, "4", "4", "8", order.back())) ==
            std::vector<std::string>{"pulse.thanks"});
    p.clock.advance(minutes{7});
  }
  in_db(p, [&](SQLite::Database& db) {
    // What is stored with an answer: nothing about the person or the moment.
    std::set<std::string> columns;
    SQLite::Statement info(db, "SELECT name FROM pragma_table_info('pulse_responses')");
    while (info.executeStep()) columns.insert(info.getColumn(0).getString());
    CHECK(columns == std::set<std::string>{"id", "programme_id", "wave", "role", "department",
                                           "quality", "usefulness", "recommend", "comment"});
    // The invitations record that someone answered, not when.
    std::set<std::string> invite_columns;
    SQLite::Statement invite_info(db, "SELECT name FROM pragma_table_info('pulse_invites')");
    while (invite_info.executeStep()) invite_columns.insert(invite_info.getColumn(0).getString());
    CHECK(invite_columns == std::set<std::string>{"id", "programme_id", "person_id", "wave", "role",
                                                  "department", "sent_at", "answered"});
    // Nor is the order kept: the table reads back in the order of its random keys, not the
    // order of answering (the chance that ten answers come back in their own order is 1 in
    // 3.6 million).
    std::vector<std::string> stored;
    SQLite::Statement rows(db, "SELECT comment FROM pulse_responses");
    while (rows.executeStep()) stored.push_back(rows.getColumn(0).getString());
    CHECK(stored.size() == 10);
    CHECK(stored != order);
    // No rowid to sort by either.
    CHECK_THROWS(db.exec("SELECT rowid FROM pulse_responses"));
    return 0;
  });
}

TEST_CASE("pulse: in a small programme, answers keep no role and nothing is shown", "[pulse]") {
  TestProgram p(with_admin("pat"));
  paired_cohort(p, 2, "Finance", "Finance");
  p.clock.set(utc(5, 16, 7));
  p.run_due_jobs();
  for (const char* user : {"m1", "m2", "s1"})
    REQUIRE(template_ids(answer_pulse(p, user, "3", "3", "7")) ==
            std::vector<std::string>{"pulse.thanks"});
  // Two mentors were asked: fewer than 5, so "mentor" is not stored with their answers.
  auto roles = in_db(p, [](SQLite::Database& db) {
    std::set<std::string> out;
    SQLite::Statement q(db, "SELECT DISTINCT role || '/' || department FROM pulse_responses");
    while (q.executeStep()) out.insert(q.getColumn(0).getString());
    return out;
  });
  CHECK(roles == std::set<std::string>{"/"});
  p.clock.set(utc(5, 24, 9));
  auto results = all_text(p.say("pat", "pulse by role"));
  CHECK_THAT(results, Catch::Contains("fewer than 5 answered") && !Catch::Contains("NPS"));
  // An answer after the pulse closed is refused.
  auto ask = buttons_in(last_delivered(p, "s2", "pulse.ask"));
  CHECK(template_ids(p.press("s2", ask[0].action_id, ask[0].value)) ==
        std::vector<std::string>{"pulse.closed"});
}

TEST_CASE("pulse: one reminder if unanswered, and never two pulses within the fatigue limit",
          "[pulse]") {
  TestProgram p(with_admin("pat"));
  paired_cohort(p, 1, "Finance", "Sales");
  p.clock.set(utc(5, 16, 7));
  p.run_due_jobs();
  REQUIRE(count_template(p.delivered_to("m1"), "pulse.ask") == 1);
  REQUIRE(template_ids(answer_pulse(p, "s1", "5", "5", "10")) ==
          std::vector<std::string>{"pulse.thanks"});
  // Three days later, only the one who has not answered is reminded, once.
  p.clock.set(utc(5, 19, 8));
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("m1"), "pulse.reminder") == 1);
  CHECK(count_template(p.delivered_to("s1"), "pulse.reminder") == 0);
  p.clock.set(utc(5, 22, 8));
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("m1"), "pulse.reminder") == 1);

  // The third session held on 25 May brings a pulse, but the midpoint one was on 16 May: with the
  // default 14 days between pulses it waits until 30 May, 07:00 UTC.
  auto held_sessions = [&](int count) {
    for (int i = 0; i < count; ++i) {
      auto form = p.press("m1", "session.propose",
                          buttons_in(last_delivered(p, "m1", "pair.kickoff"))[0].value);
      REQUIRE(form_of(form));
      const auto date = "2026-05-" + std::to_string(23 + i);
      REQUIRE(p.submit("m1", form_of(form)->form_id,
                       {{"date", date}, {"time", "10:00"}, {"minutes", "45"}, {"anyway", "yes"}})
                  .form_errors.empty());
      p.run_due_jobs();
      auto accept = buttons_in(last_delivered(p, "s1", "session.proposed"))[0];
      p.press("s1", accept.action_id, accept.value);
      p.clock.set(utc(5, 23 + i, 9));  // 10:00 + 45 + 15 min in Berlin = 09:00 UTC
      p.run_due_jobs();
      auto ask = buttons_in(last_delivered(p, "s1", "checkin.ask"));
      p.press("s1", ask[0].action_id, ask[0].value);  // yes, we met
      p.run_due_jobs();
    }
  };
  held_sessions(3);
  CHECK(count_template(p.delivered_to("s1"), "pulse.ask") == 1);
  p.clock.set(utc(5, 30, 6) + minutes{59});
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("s1"), "pulse.ask") == 1);
  p.clock.set(utc(5, 30, 7));
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("s1"), "pulse.ask") == 2);
  CHECK_THAT(text_of(last_delivered(p, "s1", "pulse.ask")), Catch::Contains("after 3 sessions"));
}
