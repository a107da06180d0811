// Issue #6, "Done when", the Slack path: a scripted three-month programme runs under the fake clock
// with everything going through Slack as a workspace would use it: signed slash commands, button
// clicks, modal submissions, and the outbox posting to a fake Slack Web API. Every post the pair
// and their manager receive is recorded with the fake minute it went out; the test asserts who got
// what, when (UTC and their own wall clock), that a restart halfway through re-sends nothing, and
// that nothing went out twice. (tests/programme_script_test.cpp runs a larger cast through the
// console.)
//
// The pair: Bob (mentor, America/New_York) and Mia (mentee, Europe/Berlin). Bob books a series of
// six sessions in one go, Tuesdays 09:00 New York, every two weeks from 3 Mar. New York springs
// forward on Sun 8 Mar (UTC-5 -> UTC-4), Berlin on Sun 29 Mar (UTC+1 -> UTC+2), so Mia's time
// for the same sessions goes 15:00, 14:00, then 15:00 again.
// FLIPSIDE_SCRIPT_DUMP=1 prints every post with its UTC and local time.
#include <catch2/catch.hpp>

#include <date/tz.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>

#include "storage/jobs.hpp"
#include "support/programme_helpers.hpp"
#include "support/script_time.hpp"
#include "support/slack_cohort.hpp"

using namespace flipside;
using namespace flipside::testing;
using nlohmann::json;

namespace {

const std::map<std::string, std::string> kZones = {
    {"UBOB", "America/New_York"}, {"UMIA", "Europe/Berlin"}, {"UPAT", "Europe/Berlin"}};

struct Post {
  std::string user, text;
  TimePoint at;
};

// `who` sees a post saying `says` at `utc` ("2026-03-02 14:00"), which is `local` on their own
// wall clock ("Mon 2 Mar 09:00"): stated here, worked out from the rules (reminders 24 h and 1 h
// before, outside 20:00-08:00 local; the check-in 15 min after the end; silence for 48 h after
// the end counts as a miss), not computed by the test.
struct Expected {
  const char* who;
  const char* utc;
  const char* local;
  const char* says;
};

// The programme as a script over Slack: the clock only moves forward, stopping at every moment a
// job is due, and each run delivers the outbox before the clock moves on.
class SlackScript {
 public:
  explicit SlackScript(SlackCohort& s) : s_(s) {}

  void skip_history() {
    for (const auto& [user, zone] : kZones) seen_[user] = s_.posts_to(user).size();
  }

  // Runs due jobs, drains the outbox, and records the new posts at the current minute.
  void tick() {
    const auto now = s_.program->clock.now();
    s_.deliver_all();  // may move the clock on by seconds (Slack's per-channel pacing)
    for (const auto& [user, zone] : kZones) {
      auto all = s_.posts_to(user);
      for (auto i = seen_[user]; i < all.size(); ++i) log.push_back({user, text_of(all[i]), now});
      seen_[user] = all.size();
    }
  }

  void advance_to(TimePoint t) {
    for (int guard = 0; guard < 10000; ++guard) {
      auto next = in_db(*s_.program, [](SQLite::Database& db) {
        return storage::JobRepository(db).next_due_at();
      });
      if (!next || *next > t) break;
      if (*next > s_.program->clock.now()) s_.program->clock.set(*next);
      const auto before = log.size();
      tick();
      auto again = in_db(*s_.program, [](SQLite::Database& db) {
        return storage::JobRepository(db).next_due_at();
      });
      if (again == next && log.size() == before) break;  // a job that keeps failing: stop here
    }
    if (t > s_.program->clock.now()) s_.program->clock.set(t);
    tick();
  }
  void at(const std::string& when) { advance_to(utc(when)); }

  // `user` answers their newest "Did you meet?" with yes (then the notes modal) or no.
  void answer(const std::string& user, const std::string& what) {
    auto ask = s_.last_post(user, "Did you meet");
    s_.click(user, s_.button(ask, what == "yes" ? "Yes, we met" : "No"));
    if (what == "yes") {
      auto view = s_.opened_modal();
      CHECK(s_.submit(user, view, {{"learned", "Something new"}, {"actions", "Try it"}}).empty());
    }
    tick();
  }

  std::vector<Post> log;

 private:
  SlackCohort& s_;
  std::map<std::string, std::size_t> seen_;
};

// clang-format off
const std::vector<Expected> kExpected = {
    // Mon 2 Mar 08:00 UTC: the pair forms (New York on EST, UTC-5; Berlin on CET, UTC+1).
    {"UMIA", "2026-03-02 08:00", "Mon 2 Mar 09:00", "Thanks! Now waiting for *Bob* to say yes too."},
    {"UBOB", "2026-03-02 08:00", "Mon 2 Mar 03:00", "You're now mentoring *Mia* in *Spring pilot*"},
    {"UMIA", "2026-03-02 08:00", "Mon 2 Mar 09:00", "*Bob* is your mentor in *Spring pilot*"},
    {"UBOB", "2026-03-02 08:00", "Mon 2 Mar 03:00", "Welcome to your pair, with Mia"},
    {"UMIA", "2026-03-02 08:00", "Mon 2 Mar 09:00", "Welcome to your pair, with Bob"},
    // 09:00 UTC: Bob proposes six sessions, Tuesdays 09:00 New York from 3 Mar; Mia accepts all.
    {"UBOB", "2026-03-02 09:00", "Mon 2 Mar 04:00", "Sent to *Mia*: 6 sessions every 2 weeks, starting Tue 3 Mar, 09:00 (America/New_York)"},
    {"UMIA", "2026-03-02 09:00", "Mon 2 Mar 10:00", "proposes a series of 6 sessions of 45 minutes, every 2 weeks, starting *Tue 3 Mar, 15:00 (Europe/Berlin)* your time"},
    {"UBOB", "2026-03-02 09:00", "Mon 2 Mar 04:00", "Booked: 6 sessions of 45 minutes with *Mia*, every 2 weeks, starting *Tue 3 Mar, 09:00 (America/New_York)*"},
    {"UMIA", "2026-03-02 09:00", "Mon 2 Mar 10:00", "Booked: 6 sessions of 45 minutes with *Bob*, every 2 weeks, starting *Tue 3 Mar, 15:00 (Europe/Berlin)*"},
    // Session 1, Tue 3 Mar 09:00 EST = 14:00 UTC = 15:00 Berlin. The 24 h reminder carries the
    // agenda; Bob's 1 h reminder at 08:00 New York is just outside his quiet hours.
    {"UBOB", "2026-03-02 14:00", "Mon 2 Mar 09:00", "is on *Tue 3 Mar, 09:00 (America/New_York)*. Calendar invite: http://"},
    {"UMIA", "2026-03-02 14:00", "Mon 2 Mar 15:00", "is on *Tue 3 Mar, 15:00 (Europe/Berlin)*. Calendar invite: http://"},
    {"UBOB", "2026-03-03 13:00", "Tue 3 Mar 08:00", "is on *Tue 3 Mar, 09:00 (America/New_York)*"},
    {"UMIA", "2026-03-03 13:00", "Tue 3 Mar 14:00", "is on *Tue 3 Mar, 15:00 (Europe/Berlin)*"},
    {"UBOB", "2026-03-03 15:00", "Tue 3 Mar 10:00", "Did you meet *Mia* on Tue 3 Mar, 09:00 (America/New_York)?"},
    {"UMIA", "2026-03-03 15:00", "Tue 3 Mar 16:00", "Did you meet *Bob* on Tue 3 Mar, 15:00 (Europe/Berlin)?"},
    {"UBOB", "2026-03-03 15:00", "Tue 3 Mar 10:00", "Noted. See you before the next session."},
    {"UMIA", "2026-03-03 15:00", "Tue 3 Mar 16:00", "Noted. See you before the next session."},
    // Session 2: New York is on EDT (UTC-4) since 8 Mar, Berlin still on CET: 09:00 New York =
    // 13:00 UTC = 14:00 Berlin.
    {"UBOB", "2026-03-16 13:00", "Mon 16 Mar 09:00", "is on *Tue 17 Mar, 09:00 (America/New_York)*. Calendar invite: http://"},
    {"UMIA", "2026-03-16 13:00", "Mon 16 Mar 14:00", "is on *Tue 17 Mar, 14:00 (Europe/Berlin)*. Calendar invite: http://"},
    {"UBOB", "2026-03-17 12:00", "Tue 17 Mar 08:00", "is on *Tue 17 Mar, 09:00 (America/New_York)*"},
    {"UMIA", "2026-03-17 12:00", "Tue 17 Mar 13:00", "is on *Tue 17 Mar, 14:00 (Europe/Berlin)*"},
    {"UBOB", "2026-03-17 14:00", "Tue 17 Mar 10:00", "Did you meet *Mia* on Tue 17 Mar, 09:00 (America/New_York)?"},
    {"UMIA", "2026-03-17 14:00", "Tue 17 Mar 15:00", "Did you meet *Bob* on Tue 17 Mar, 14:00 (Europe/Berlin)?"},
    {"UMIA", "2026-03-17 14:00", "Tue 17 Mar 15:00", "Noted. See you before the next session."},
    // (The app restarts on 25 Mar.) Session 3: Berlin on CEST since 29 Mar: 15:00 again.
    {"UBOB", "2026-03-30 13:00", "Mon 30 Mar 09:00", "is on *Tue 31 Mar, 09:00 (America/New_York)*. Calendar invite: http://"},
    {"UMIA", "2026-03-30 13:00", "Mon 30 Mar 15:00", "is on *Tue 31 Mar, 15:00 (Europe/Berlin)*. Calendar invite: http://"},
    {"UBOB", "2026-03-31 12:00", "Tue 31 Mar 08:00", "is on *Tue 31 Mar, 09:00 (America/New_York)*"},
    {"UMIA", "2026-03-31 12:00", "Tue 31 Mar 14:00", "is on *Tue 31 Mar, 15:00 (Europe/Berlin)*"},
    {"UBOB", "2026-03-31 14:00", "Tue 31 Mar 10:00", "Did you meet *Mia* on Tue 31 Mar, 09:00 (America/New_York)?"},
    {"UMIA", "2026-03-31 14:00", "Tue 31 Mar 16:00", "Did you meet *Bob* on Tue 31 Mar, 15:00 (Europe/Berlin)?"},
    // Nobody answers: 48 h after the end (13:45 UTC) it counts as the first miss; both are nudged.
    {"UBOB", "2026-04-02 13:45", "Thu 2 Apr 09:45", "your session with *Mia* didn't happen"},
    {"UMIA", "2026-04-02 13:45", "Thu 2 Apr 15:45", "your session with *Bob* didn't happen"},
    // Session 4: Bob says no, the second miss in a row: a word to Mia (the senior), a note to Pat.
    {"UBOB", "2026-04-13 13:00", "Mon 13 Apr 09:00", "is on *Tue 14 Apr, 09:00 (America/New_York)*. Calendar invite: http://"},
    {"UMIA", "2026-04-13 13:00", "Mon 13 Apr 15:00", "is on *Tue 14 Apr, 15:00 (Europe/Berlin)*. Calendar invite: http://"},
    {"UBOB", "2026-04-14 12:00", "Tue 14 Apr 08:00", "is on *Tue 14 Apr, 09:00 (America/New_York)*"},
    {"UMIA", "2026-04-14 12:00", "Tue 14 Apr 14:00", "is on *Tue 14 Apr, 15:00 (Europe/Berlin)*"},
    {"UBOB", "2026-04-14 14:00", "Tue 14 Apr 10:00", "Did you meet *Mia* on Tue 14 Apr, 09:00 (America/New_York)?"},
    {"UMIA", "2026-04-14 14:00", "Tue 14 Apr 16:00", "Did you meet *Bob* on Tue 14 Apr, 15:00 (Europe/Berlin)?"},
    {"UBOB", "2026-04-14 14:00", "Tue 14 Apr 10:00", "Shall we find a new time?"},
    {"UMIA", "2026-04-14 14:00", "Tue 14 Apr 16:00", "you and *Bob* have missed two sessions in a row"},
    {"UPAT", "2026-04-14 14:00", "Tue 14 Apr 16:00", "Pair at risk in *Spring pilot*: *Bob* (mentor) and *Mia* (mentee)"},
    // Fri 17 Apr, the midpoint of 2 Mar - 2 Jun, at 09:00 on each person's own calendar, with the
    // midpoint pulse (open for 7 days). Mia answers it the next morning; Bob is reminded once,
    // 3 days on.
    {"UMIA", "2026-04-17 07:00", "Fri 17 Apr 09:00", "Halfway through Spring pilot"},
    {"UMIA", "2026-04-17 07:00", "Fri 17 Apr 09:00", "How is the programme going for you, at the midpoint? Four quick questions; you can answer until 24 Apr 2026."},
    {"UBOB", "2026-04-17 13:00", "Fri 17 Apr 09:00", "Halfway through Spring pilot"},
    {"UBOB", "2026-04-17 13:00", "Fri 17 Apr 09:00", "How is the programme going for you, at the midpoint? Four quick questions; you can answer until 24 Apr 2026."},
    {"UMIA", "2026-04-18 08:00", "Sat 18 Apr 10:00", "Thank you! Your answers are saved anonymously."},
    {"UBOB", "2026-04-20 13:00", "Mon 20 Apr 09:00", "A gentle reminder: the pulse (at the midpoint) is open until 24 Apr 2026."},
    // Session 5: Mia says yes, which ends the ladder.
    {"UBOB", "2026-04-27 13:00", "Mon 27 Apr 09:00", "is on *Tue 28 Apr, 09:00 (America/New_York)*. Calendar invite: http://"},
    {"UMIA", "2026-04-27 13:00", "Mon 27 Apr 15:00", "is on *Tue 28 Apr, 15:00 (Europe/Berlin)*. Calendar invite: http://"},
    {"UBOB", "2026-04-28 12:00", "Tue 28 Apr 08:00", "is on *Tue 28 Apr, 09:00 (America/New_York)*"},
    {"UMIA", "2026-04-28 12:00", "Tue 28 Apr 14:00", "is on *Tue 28 Apr, 15:00 (Europe/Berlin)*"},
    {"UBOB", "2026-04-28 14:00", "Tue 28 Apr 10:00", "Did you meet *Mia* on Tue 28 Apr, 09:00 (America/New_York)?"},
    {"UMIA", "2026-04-28 14:00", "Tue 28 Apr 16:00", "Did you meet *Bob* on Tue 28 Apr, 15:00 (Europe/Berlin)?"},
    {"UMIA", "2026-04-28 14:00", "Tue 28 Apr 16:00", "Noted. See you before the next session."},
    // That was their third session held: a pulse is due, but both were asked one on 17 Apr, and
    // nobody gets more than one pulse in 14 days: it waits until 1 May, the same hour.
    {"UMIA", "2026-05-01 07:00", "Fri 1 May 09:00", "How is the programme going for you, after 3 sessions? Four quick questions; you can answer until 8 May 2026."},
    {"UBOB", "2026-05-01 13:00", "Fri 1 May 09:00", "How is the programme going for you, after 3 sessions? Four quick questions; you can answer until 8 May 2026."},
    {"UMIA", "2026-05-04 07:00", "Mon 4 May 09:00", "A gentle reminder: the pulse (after 3 sessions) is open until 8 May 2026."},
    {"UBOB", "2026-05-04 13:00", "Mon 4 May 09:00", "A gentle reminder: the pulse (after 3 sessions) is open until 8 May 2026."},
    // Session 6, the last: its agenda is the reflection one.
    {"UBOB", "2026-05-11 13:00", "Mon 11 May 09:00", "Agenda for session 6 with Mia: reflection and wrap-up"},
    {"UMIA", "2026-05-11 13:00", "Mon 11 May 15:00", "Agenda for session 6 with Bob: reflection and wrap-up"},
    {"UBOB", "2026-05-12 12:00", "Tue 12 May 08:00", "is on *Tue 12 May, 09:00 (America/New_York)*"},
    {"UMIA", "2026-05-12 12:00", "Tue 12 May 14:00", "is on *Tue 12 May, 15:00 (Europe/Berlin)*"},
    {"UBOB", "2026-05-12 14:00", "Tue 12 May 10:00", "Did you meet *Mia* on Tue 12 May, 09:00 (America/New_York)?"},
    {"UMIA", "2026-05-12 14:00", "Tue 12 May 16:00", "Did you meet *Bob* on Tue 12 May, 15:00 (Europe/Berlin)?"},
    {"UBOB", "2026-05-12 14:00", "Tue 12 May 10:00", "Noted. See you before the next session."},
    // Tue 26 May, a week before the end, 09:00 on each calendar: the wrap-up.
    {"UMIA", "2026-05-26 07:00", "Tue 26 May 09:00", "Spring pilot ends next week"},
    {"UMIA", "2026-05-26 07:00", "Tue 26 May 09:00", "How is the programme going for you, at the end? Four quick questions; you can answer until 2 Jun 2026."},
    {"UBOB", "2026-05-26 13:00", "Tue 26 May 09:00", "Spring pilot ends next week"},
    {"UBOB", "2026-05-26 13:00", "Tue 26 May 09:00", "How is the programme going for you, at the end? Four quick questions; you can answer until 2 Jun 2026."},
    {"UMIA", "2026-05-29 07:00", "Fri 29 May 09:00", "A gentle reminder: the pulse (at the end) is open until 2 Jun 2026."},
    {"UBOB", "2026-05-29 13:00", "Fri 29 May 09:00", "A gentle reminder: the pulse (at the end) is open until 2 Jun 2026."},
};
// clang-format on

}  // namespace

TEST_CASE("Slack: a scripted three-month programme with a series, DST on both sides, a restart",
          "[slack][script]") {
  SlackCohort s;
  s.slack.set_user("UBOB", "America/New_York", "Bob", "");
  s.slack.set_user("UMIA", "Europe/Berlin", "Mia", "");
  s.create_programme({{"matching_mode", "direct"},
                      {"start_date", "2026-03-02"},
                      {"length_months", "3"},
                      {"cadence", "biweekly"}});
  auto bob = mentor_answers("data_visualisation");
  bob["time_zone"] = "America/New_York";
  bob["availability"] = "tue_am,thu_am";
  auto mia = mentee_answers("data_visualisation");
  mia["time_zone"] = "Europe/Berlin";
  mia["availability"] = "tue_pm,thu_pm";
  s.join_with_intake("UBOB", "mentor", bob);
  s.join_with_intake("UMIA", "mentee", mia);
  CHECK_THAT(text_of(s.command("UPAT", "match run")), Catch::Contains("1"));
  s.deliver_all();
  s.click("UMIA", buttons_in(s.last_post("UMIA", "I'd like to pair you with"))[0]);
  s.click("UBOB", buttons_in(s.last_post("UBOB", "I'd like to pair you with"))[0]);
  REQUIRE(s.pairs() == 1);

  SlackScript script(s);
  script.skip_history();  // what came before the pair formed (sign-up, intake, matching)
  script.tick();
  const std::size_t paired_at = 0;

  // Mon 2 Mar 09:00 UTC: Bob books six sessions in one go from the kickoff's button.
  script.at("2026-03-02 09:00");
  s.click("UBOB", s.button(s.last_post("UBOB", "Welcome to your pair"), "Propose a time"));
  {
    auto view = s.opened_modal();
    CHECK(s.submit("UBOB", view,
                   {{"date", "2026-03-03"}, {"time", "09:00"}, {"minutes", "45"}, {"repeat", "6"}})
              .empty());
  }
  script.tick();
  s.click("UMIA", s.button(s.last_post("UMIA", "proposes a series"), "Accept the series"));
  script.tick();

  script.at("2026-03-03 15:00");
  script.answer("UBOB", "yes");
  script.answer("UMIA", "yes");
  script.at("2026-03-17 14:00");
  script.answer("UMIA", "yes");

  // Halfway: the app restarts on the same database; nothing already posted goes out again.
  script.at("2026-03-25 12:00");
  const auto before_restart = script.log.size();
  s.program->restart();
  script.tick();
  CHECK(script.log.size() == before_restart);

  // 31 Mar: nobody answers (a miss after 48 h); 14 Apr: Bob says no (the second miss in a row).
  script.at("2026-04-14 14:00");
  script.answer("UBOB", "no");
  script.at("2026-04-18 08:00");
  s.click("UMIA", s.button(s.last_post("UMIA", "at the midpoint?"), "Answer (2 minutes)"));
  {
    auto view = s.opened_modal();
    CHECK(s.submit("UMIA", view,
                   {{"quality", "4"}, {"usefulness", "5"}, {"recommend", "9"}, {"comment", ""}})
              .empty());
  }
  script.tick();
  script.at("2026-04-28 14:00");
  script.answer("UMIA", "yes");
  script.at("2026-05-12 14:00");
  script.answer("UBOB", "yes");
  script.at("2026-06-03 00:00");
  // Pat looks at the pulse: all three waves have closed, each with fewer than five answers, so
  // nothing is shown, not even Mia's single answer.
  {
    auto results = text_of(s.command("UPAT", "pulse"));
    CHECK_THAT(results, Catch::Contains("at the midpoint*: 2 asked, but fewer than 5 answered") &&
                            Catch::Contains("after 3 sessions*: 2 asked") &&
                            Catch::Contains("at the end*: 2 asked") && !Catch::Contains("NPS"));
    CHECK_THAT(text_of(s.command("UMIA", "pulse")), Catch::Contains("for programme managers"));
  }

  if (std::getenv("FLIPSIDE_SCRIPT_DUMP")) {
    for (std::size_t i = paired_at; i < script.log.size(); ++i) {
      const auto& d = script.log[i];
      std::cout << d.user << " | " << utc_text(d.at) << " | " << local_text(d.at, kZones.at(d.user))
                << " | " << one_line(d.text) << "\n";
    }
  }

  // Every post after the pair formed, as scripted: nothing missing, nothing extra, each at its
  // minute, each telling the person the time on their own clock.
  std::vector<bool> matched(script.log.size(), false);
  for (const auto& e : kExpected) {
    INFO(e.who << " at " << e.utc << " UTC, saying " << e.says);
    CHECK(local_text(utc(e.utc), kZones.at(e.who)) == e.local);  // the table's own arithmetic
    bool found = false;
    for (std::size_t i = paired_at; i < script.log.size() && !found; ++i) {
      const auto& d = script.log[i];
      if (matched[i] || d.user != e.who || utc_text(d.at) != e.utc ||
          d.text.find(e.says) == std::string::npos)
        continue;
      matched[i] = found = true;
    }
    CHECK(found);
  }
  for (std::size_t i = paired_at; i < script.log.size(); ++i) {
    const auto& d = script.log[i];
    INFO("not in the script: " << d.user << " at " << utc_text(d.at)
                               << " UTC: " << one_line(d.text));
    CHECK(matched[i]);
  }
  // Nothing posted twice: a repeat at another minute is already "not in the script" above; here,
  // no one got the same text twice in the same minute either.
  std::map<std::string, int> copies;
  for (std::size_t i = paired_at; i < script.log.size(); ++i) {
    const auto key =
        script.log[i].user + " " + utc_text(script.log[i].at) + ": " + script.log[i].text;
    INFO("posted twice: " << key);
    CHECK(++copies[key] == 1);
  }
}
