// The programme manager's view in chat (issue #7): `status`, `at-risk` with its nudge / pause / end
// buttons, and the audit log of what managers did. Through the console dispatcher, fake clock.
#include <catch2/catch.hpp>

#include "support/programme_helpers.hpp"
#include "support/test_program.hpp"

using namespace flipside;
using namespace flipside::testing;
using namespace std::chrono;

TEST_CASE("status, at-risk and the audit log: what a manager sees and does", "[status]") {
  TestProgram p(with_admin("pat"));
  paired_cohort(p, 3, "Finance", "Sales");
  // m1 & s1 meet on 4 Mar and book again for 15 Apr; m2 & s2 miss theirs; m3 & s3 never book.
  book_at_ten(p, "m1", "s1", "2026-03-04");
  book_at_ten(p, "m2", "s2", "2026-03-04");
  check_in_on_4_march(p, "s1", 0);
  check_in_on_4_march(p, "s2", 1);
  book_at_ten(p, "m1", "s1", "2026-04-15");
  p.clock.set(TimePoint{sys_days{2026y / April / 10}} + hours{9});
  p.run_due_jobs();

  CHECK(template_ids(p.say("m1", "status")) == std::vector<std::string>{"router.managers_only"});
  CHECK(template_ids(p.say("m1", "at-risk")) == std::vector<std::string>{"router.managers_only"});
  auto status = all_text(p.say("pat", "status spring pilot"));
  CHECK_THAT(status, Catch::Contains("6 joined (3 mentors, 3 mentees) → 6 finished the intake → "
                                     "6 paired → 2 have met at least once"));
  CHECK_THAT(status, Catch::Contains("1 held, 1 planned, 1 missed"));
  CHECK_THAT(status, Catch::Contains("Latest pulse:* none yet"));
  CHECK_THAT(all_text(p.say("pat", "status autumn pilot")), Catch::Contains("couldn't find"));

  // 10 Apr: m2 & s2 missed once, and neither they nor m3 & s3 have met in the 39 days since they
  // were paired (2 Mar 08:00 UTC), nothing booked; m1 & s1 are fine (a session is booked).
  auto risky = p.say("pat", "at-risk");
  auto text = all_text(risky);
  CHECK_THAT(text, Catch::Contains("*M2* & *S2*: missed 1 in a row; paired 39 days ago and never "
                                   "met, nothing booked."));
  CHECK_THAT(text,
             Catch::Contains("*M3* & *S3*: paired 39 days ago and never met, nothing booked."));
  CHECK_THAT(text, !Catch::Contains("*M1* & *S1*"));
  REQUIRE(risky.messages.size() == 1);
  auto buttons = buttons_in(risky.messages[0]);
  REQUIRE(buttons.size() == 6);  // nudge, pause, end for each of the two pairs

  // Nudging m3 & s3 tells both, once: a second click the same day sends nothing more.
  auto nudge = buttons[3];
  REQUIRE(nudge.action_id == "pair.nudge");
  CHECK(template_ids(p.press("m3", nudge.action_id, nudge.value)) ==
        std::vector<std::string>{"router.managers_only"});
  CHECK(template_ids(p.press("pat", nudge.action_id, nudge.value)) ==
        std::vector<std::string>{"at_risk.nudge_sent"});
  p.press("pat", nudge.action_id, nudge.value);
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("m3"), "at_risk.nudged") == 1);
  CHECK_THAT(text_of(last_delivered(p, "s3", "at_risk.nudged")), Catch::Contains("*M3*"));

  // Pausing m2 & s2 takes them off the list.
  auto pause = buttons[1];
  REQUIRE(pause.action_id == "pair.pause");
  p.press("pat", pause.action_id, pause.value);
  CHECK_THAT(all_text(p.say("pat", "at-risk")), !Catch::Contains("*M2* & *S2*"));
  CHECK_THAT(all_text(p.say("pat", "status")), Catch::Contains("Paused: 1"));

  // The audit log says who did what, newest first.
  CHECK(template_ids(p.say("m1", "audit")) == std::vector<std::string>{"router.managers_only"});
  auto audit = all_text(p.say("pat", "audit spring pilot"));
  const auto paused_at = audit.find("*Pat* paused M2 & S2");
  const auto nudged_at = audit.find("*Pat* nudged M3 & S3");
  CHECK(paused_at != std::string::npos);
  CHECK(nudged_at != std::string::npos);
  CHECK(paused_at < nudged_at);
}

TEST_CASE("pair <email>: a person's pair history for a manager", "[status]") {
  TestProgram p(with_admin("pat"));
  paired_cohort(p, 2, "Finance", "Sales");
  set_email(p, "m1", "m1@example.com");
  set_email(p, "s2", "s2@example.com");
  book_at_ten(p, "m1", "s1", "2026-03-04");
  check_in_on_4_march(p, "s1", 0);
  CHECK(template_ids(p.say("m2", "pair m1@example.com")) ==
        std::vector<std::string>{"router.managers_only"});
  auto history = all_text(p.say("pat", "pair m1@example.com"));
  CHECK_THAT(history, Catch::Contains("*Spring pilot*: *M1* (mentor) & *S1* (mentee), since 2 Mar "
                                      "2026, matched; active."));
  CHECK_THAT(history, Catch::Contains("• Wed 4 Mar, 10:00 (Europe/Berlin): done"));
  CHECK_THAT(all_text(p.say("pat", "pair nobody@example.com")),
             Catch::Contains("nobody@example.com"));
  // After `unpair`, the history says when and why it ended.
  p.say("pat", "unpair s2@example.com moving teams");
  CHECK_THAT(all_text(p.say("pat", "pair s2@example.com")),
             Catch::Contains("ended ") && Catch::Contains("(moving teams)"));
}

TEST_CASE("retention: a year after a programme closes, what its people said and did is deleted",
          "[status][retention]") {
  TestProgram p(with_admin("pat"));
  paired_cohort(p, 1, "Finance", "Sales");
  book_at_ten(p, "m1", "s1", "2026-03-04");
  check_in_on_4_march(p, "s1", 0);
  auto count = [&](const std::string& table) {
    return in_db(p, [&](SQLite::Database& db) {
      return db.execAndGet("SELECT count(*) FROM " + table).getInt();
    });
  };
  REQUIRE(count("sessions") == 1);
  REQUIRE(count("checkins") == 1);
  REQUIRE(count("intakes") == 2);
  REQUIRE(count("pair_predictions") == 1);
  auto ask = p.say("pat", "programme close spring pilot");
  auto confirm = buttons_in(ask.messages.at(0));
  REQUIRE_FALSE(confirm.empty());
  p.press("pat", confirm[0].action_id, confirm[0].value);
  const auto closed_at = p.clock.now();
  p.clock.set(closed_at + days{364});
  p.run_due_jobs();
  CHECK(count("sessions") == 1);  // the default is 365 days
  p.clock.set(closed_at + days{365});
  p.run_due_jobs();
  CHECK(count("sessions") == 0);
  CHECK(count("checkins") == 0);
  CHECK(count("intakes") == 0);
  CHECK(count("offers") == 0);
  CHECK(count("pair_predictions") == 0);  // nothing left to compare it with
  CHECK_THAT(all_text(p.say("pat", "match quality spring pilot")),
             Catch::Contains("deleted with its sessions and goals"));
  // Who was paired with whom stays, so no later programme repeats the pair.
  CHECK(count("pairs") == 1);
  CHECK_THAT(all_text(p.say("pat", "audit")),
             Catch::Contains("*Flipside* deleted the personal data of Spring pilot"));
}
