// A pair's life after matching (issue #6): kickoff, SMART goals, sessions in two time zones with
// calendar invites, reminders, check-ins and the missed-session ladder, under a fake clock.
#include <catch2/catch.hpp>

#include "bot/core/time_zones.hpp"
#include "bot/http/http_client.hpp"
#include "support/programme_helpers.hpp"
#include "support/test_program.hpp"

using namespace flipside;
using namespace flipside::testing;
using namespace std::chrono;

namespace {

// Ana (mentor, Berlin) and Lee (mentee, Kolkata), paired by a confirmed direct proposal; Pat
// manages.
void paired_ana_and_lee(TestProgram& p,
                        const std::map<std::string, std::string>& settings_changes = {}) {
  auto programme = good_programme();
  programme["matching_mode"] = "direct";
  REQUIRE(p.submit("pat", "programme.create", programme).form_errors.empty());
  if (!settings_changes.empty()) {
    auto opened = p.say("pat", "programme settings spring pilot");
    REQUIRE(form_of(opened));
    const std::string form_id = form_of(opened)->form_id;
    auto values = initial_values(*form_of(opened));
    for (const auto& [k, v] : settings_changes) values[k] = v;
    REQUIRE(p.submit("pat", form_id, values).form_errors.empty());
  }
  // Free on the mornings (Berlin) and afternoons (Kolkata) the tests book: 10:00 in Berlin is
  // 14:30 in Kolkata.
  join_with_intake(p, "ana", "mentor",
                   {{"teaches", "generative_ai"},
                    {"time_zone", "Europe/Berlin"},
                    {"availability", "mon_am,wed_am,thu_am"}});
  join_with_intake(p, "lee", "mentee",
                   {{"learns", "generative_ai"},
                    {"time_zone", "Asia/Kolkata"},
                    {"availability", "mon_pm,wed_pm,thu_pm"}});
  p.say("pat", "match run");
  p.run_due_jobs();
  auto to_lee = buttons_in(last_delivered(p, "lee", "match.proposal"));
  auto to_ana = buttons_in(last_delivered(p, "ana", "match.request"));
  p.press("lee", to_lee[0].action_id, to_lee[0].value);
  p.press("ana", to_ana[0].action_id, to_ana[0].value);
  REQUIRE(pairs_in(p) == 1);
  p.run_due_jobs();
}

std::string pair_value(TestProgram& p) {
  return buttons_in(last_delivered(p, "ana", "pair.kickoff"))[0].value;
}

std::map<std::string, std::string> good_goal() {
  return {{"specific", "Build a Power BI dashboard of the sales pipeline for my team"},
          {"measurable", "Dashboard used in 4 weekly reviews"},
          {"achievable", "Ana knows Power BI; data already exists"},
          {"relevant", "We decide on stale numbers today"},
          {"due_date", "2026-06-30"}};
}

// Ana proposes a session; Lee accepts it. Returns the booked message Ana got.
ui::Message book(TestProgram& p, const std::string& date, const std::string& time) {
  auto form = p.press("ana", "session.propose", pair_value(p));
  REQUIRE(form_of(form));
  const std::string form_id = form_of(form)->form_id;
  auto r =
      p.submit("ana", form_id, {{"date", date}, {"time", time}, {"minutes", "45"}, {"anyway", ""}});
  REQUIRE(r.form_errors.empty());
  p.run_due_jobs();
  auto accept = buttons_in(last_delivered(p, "lee", "session.proposed"))[0];
  p.press("lee", accept.action_id, accept.value);
  p.run_due_jobs();
  return last_delivered(p, "ana", "session.booked");
}

std::string link_in(const ui::Message& m) {
  const auto text = text_of(m);
  const auto at = text.find("/ics/");
  REQUIRE(at != std::string::npos);
  auto end = text.find_first_of(" \n", at);
  return text.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

}  // namespace

TEST_CASE("a new pair gets a kickoff, then agrees SMART goals with helpful validation",
          "[pairs][goals]") {
  TestProgram p(with_admin("pat"));
  paired_ana_and_lee(p);
  auto kickoff = last_delivered(p, "lee", "pair.kickoff");
  CHECK_THAT(text_of(kickoff), Catch::Contains("*Ana* is your mentor") &&
                                   Catch::Contains("Icebreakers") &&
                                   Catch::Contains("45-minute sessions every two weeks"));
  CHECK(count_template(p.delivered_to("ana"), "pair.kickoff") == 1);

  auto opened = p.press("ana", "goal.new", pair_value(p));
  REQUIRE(form_of(opened));
  const std::string form_id = form_of(opened)->form_id;
  auto bad = good_goal();
  bad["specific"] = "get better at Excel";
  bad["measurable"] = "feel confident";
  bad["due_date"] = "2026-09-01";  // the programme ends on 16 Jul
  auto r = p.submit("ana", form_id, bad);
  CHECK(r.form_errors.size() == 3);
  CHECK_THAT(r.form_errors["specific"], Catch::Contains("vague"));
  CHECK_THAT(r.form_errors["measurable"], Catch::Contains("number or a concrete result"));
  CHECK_THAT(r.form_errors["due_date"], Catch::Contains("16 Jul 2026"));

  r = p.submit("ana", form_id, good_goal());
  REQUIRE(r.form_errors.empty());
  CHECK_THAT(all_text(r), Catch::Contains("Sent to *Lee*"));
  p.run_due_jobs();
  auto proposal = last_delivered(p, "lee", "goal.proposed");
  auto answer = buttons_in(proposal);
  // Ana cannot agree to her own goal; Lee can, once.
  CHECK(template_ids(p.press("ana", answer[0].action_id, answer[0].value)) ==
        std::vector<std::string>{"router.stale_action"});
  CHECK_THAT(all_text(p.press("lee", answer[0].action_id, answer[0].value)),
             Catch::Contains("Agreed"));
  CHECK(template_ids(p.press("lee", answer[0].action_id, answer[0].value)) ==
        std::vector<std::string>{"goal.answered.agreed"});
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("ana"), "goal.agreed") == 1);
  CHECK_THAT(all_text(p.say("lee", "goals")),
             Catch::Contains("Power BI") && Catch::Contains("Agreed"));

  // Two more goals fit; a fourth is refused.
  for (int i = 0; i < 2; ++i) REQUIRE(p.submit("lee", form_id, good_goal()).form_errors.empty());
  CHECK(template_ids(p.submit("lee", form_id, good_goal())) ==
        std::vector<std::string>{"goal.too_many"});
}

TEST_CASE(
    "a session proposed in Berlin is shown in Kolkata, booked with an invite, reminded and "
    "checked in",
    "[pairs][sessions]") {
  TestProgram p(with_admin("pat"));
  const auto port = p.serve();
  (void)port;
  paired_ana_and_lee(p);
  auto form = p.press("ana", "session.propose", pair_value(p));
  const std::string form_id = form_of(form)->form_id;
  auto submit = [&](std::string date, std::string time, std::string anyway = "") {
    return p.submit("ana", form_id,
                    {{"date", date}, {"time", time}, {"minutes", "45"}, {"anyway", anyway}});
  };
  CHECK_THAT(submit("2026-03-01", "10:00").form_errors["date"], Catch::Contains("already passed"));
  CHECK_THAT(submit("2026-03-04", "ten").form_errors["time"], Catch::Contains("like 09:30"));
  // 18:00 in Berlin is 22:30 in Kolkata: asked to confirm, then accepted when confirmed.
  CHECK_THAT(submit("2026-03-05", "18:00").form_errors["time"],
             Catch::Contains("22:30") && Catch::Contains("Lee"));

  // Wed 4 Mar 10:00 in Berlin = 09:00 UTC = 14:30 in Kolkata.
  auto r = submit("2026-03-04", "10:00");
  REQUIRE(r.form_errors.empty());
  CHECK_THAT(submit("2026-03-04", "10:00").form_errors["time"],
             Catch::Contains("already proposed"));
  p.run_due_jobs();
  auto proposed = last_delivered(p, "lee", "session.proposed");
  CHECK_THAT(text_of(proposed), Catch::Contains("Wed 4 Mar, 14:30 (Asia/Kolkata)") &&
                                    Catch::Contains("Wed 4 Mar, 10:00 (Europe/Berlin) for them"));
  auto accept = buttons_in(proposed)[0];
  CHECK(template_ids(p.press("ana", accept.action_id, accept.value)) ==
        std::vector<std::string>{"session.own_proposal"});
  p.press("lee", accept.action_id, accept.value);
  p.run_due_jobs();
  auto booked = last_delivered(p, "lee", "session.booked");
  CHECK_THAT(text_of(booked), Catch::Contains("Wed 4 Mar, 14:30"));

  // The calendar invite: a real iCalendar file at an unguessable URL.
  http::HttpClient client;
  auto ics = client.send({"GET", p.url(link_in(booked)), {}, ""});
  REQUIRE(ics.status == 200);
  CHECK_THAT(ics.header("content-type"), Catch::Contains("text/calendar"));
  CHECK_THAT(ics.body, Catch::Contains("DTSTART:20260304T090000Z") &&
                           Catch::Contains("DTEND:20260304T094500Z") &&
                           Catch::Contains("SEQUENCE:0") && Catch::Contains("Ana & Lee"));
  CHECK(client.send({"GET", p.url("/ics/" + std::string(48, 'a')), {}, ""}).status == 404);
  CHECK(client.send({"GET", p.url("/ics/../../etc/passwd"), {}, ""}).status == 404);

  // Reminders 24 h and 1 h before, each in the person's own zone; the first carries the agenda.
  p.clock.set(from_unix(1772528340));  // Tue 3 Mar 08:59 UTC
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("lee"), "session.reminder") == 0);
  p.clock.advance(minutes{1});
  p.run_due_jobs();
  auto reminder = last_delivered(p, "lee", "session.reminder");
  CHECK_THAT(text_of(reminder),
             Catch::Contains("getting to know each other") && Catch::Contains("Wed 4 Mar, 14:30"));
  CHECK(count_template(p.delivered_to("ana"), "session.reminder") == 1);
  p.clock.set(from_unix(1772611200));  // Wed 4 Mar 08:00 UTC: one hour before
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("lee"), "session.reminder") == 2);
  CHECK(count_template(p.delivered_to("ana"), "session.reminder") == 2);

  // 15 minutes after the end both are asked; Lee says yes and notes progress.
  p.clock.set(from_unix(1772618400));  // Wed 4 Mar 10:00 UTC: 09:00 + 45 min + 15 min
  p.run_due_jobs();
  auto ask = buttons_in(last_delivered(p, "lee", "checkin.ask"));
  REQUIRE(ask.size() == 3);
  auto yes = p.press("lee", ask[0].action_id, ask[0].value);
  REQUIRE(form_of(yes));
  CHECK(template_ids(p.press("lee", ask[1].action_id, ask[1].value)) ==
        std::vector<std::string>{"checkin.already"});
  const std::string notes_id = form_of(yes)->form_id;
  CHECK(template_ids(
            p.submit("lee", notes_id,
                     {{"learned", "Copilot drafts"}, {"actions", "Try it on the Q2 memo"}})) ==
        std::vector<std::string>{"checkin.thanks"});
  // Nothing is sent twice, even when the jobs run again.
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("lee"), "session.reminder") == 2);
  CHECK(count_template(p.delivered_to("lee"), "checkin.ask") == 1);
}

TEST_CASE("moving a session keeps the invite's UID, bumps its SEQUENCE and voids the old button",
          "[pairs][sessions]") {
  TestProgram p(with_admin("pat"));
  p.serve();
  paired_ana_and_lee(p);
  auto booked = book(p, "2026-03-04", "10:00");
  http::HttpClient client;
  auto before = client.send({"GET", p.url(link_in(booked)), {}, ""});
  auto uid_line = before.body.substr(
      before.body.find("UID:"),
      before.body.find("\r\n", before.body.find("UID:")) - before.body.find("UID:"));

  auto move = buttons_in(booked)[0];
  auto opened = p.press("ana", move.action_id, move.value);
  REQUIRE(form_of(opened));
  const std::string move_form = form_of(opened)->form_id;
  REQUIRE(p.submit("ana", move_form,
                   {{"date", "2026-03-05"}, {"time", "11:00"}, {"minutes", "45"}, {"anyway", ""}})
              .form_errors.empty());
  p.run_due_jobs();
  auto after = client.send({"GET", p.url(link_in(booked)), {}, ""});
  CHECK_THAT(after.body, Catch::Contains(uid_line) && Catch::Contains("SEQUENCE:1") &&
                             Catch::Contains("DTSTART:20260305T100000Z"));
  // The new proposal needs Lee's yes again; the reminders for the old time never fire.
  auto accept = buttons_in(last_delivered(p, "lee", "session.proposed"))[0];
  p.press("lee", accept.action_id, accept.value);
  p.clock.set(from_unix(1772528400));  // Tue 3 Mar 09:00 UTC, 24 h before the old time
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("lee"), "session.reminder") == 0);
}

TEST_CASE(
    "missed sessions climb the ladder: both, then the senior and the manager, then the "
    "manager acts",
    "[pairs][ladder]") {
  TestProgram p(with_admin("pat"));
  p.say("pat", "hi");
  paired_ana_and_lee(p);
  auto miss_by_answer = [&](const std::string& date) {
    book(p, date, "10:00");
    // Check-in time: 09:00 UTC + 1 h (Berlin is UTC+1 in March).
    auto day = *parse_date(date);
    p.clock.set(TimePoint{sys_days{day}} + hours{10});
    p.run_due_jobs();
    auto ask = buttons_in(last_delivered(p, "ana", "checkin.ask"));
    p.press("ana", ask[1].action_id, ask[1].value);  // No
    p.run_due_jobs();
  };
  miss_by_answer("2026-03-04");
  CHECK(count_template(p.delivered_to("ana"), "pair.ladder.nudge") == 1);
  CHECK(count_template(p.delivered_to("lee"), "pair.ladder.nudge") == 1);
  CHECK(count_template(p.delivered_to("pat"), "pair.ladder.at_risk") == 0);

  // The second miss: nobody answers the check-in for two days.
  book(p, "2026-03-11", "10:00");
  p.clock.set(TimePoint{sys_days{2026y / March / 13}} + hours{11});
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("lee"), "pair.ladder.senior") == 1);
  CHECK(count_template(p.delivered_to("ana"), "pair.ladder.senior") == 0);
  CHECK_THAT(text_of(last_delivered(p, "pat", "pair.ladder.at_risk")),
             Catch::Contains("*Ana*") && Catch::Contains("*Lee*"));

  miss_by_answer("2026-03-18");
  auto act = last_delivered(p, "pat", "pair.ladder.act");
  CHECK_THAT(text_of(act), Catch::Contains("missed 3 sessions"));
  auto choices = buttons_in(act);
  REQUIRE(choices.size() == 2);
  CHECK(template_ids(p.press("ana", choices[0].action_id, choices[0].value)) ==
        std::vector<std::string>{"router.managers_only"});
  CHECK(template_ids(p.press("pat", choices[0].action_id, choices[0].value)) ==
        std::vector<std::string>{"pair.done.pause"});
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("lee"), "pair.told.pause") == 1);
  // Each step went out once.
  CHECK(count_template(p.delivered_to("pat"), "pair.ladder.at_risk") == 1);
  CHECK(count_template(p.delivered_to("pat"), "pair.ladder.act") == 1);
}

TEST_CASE("a pair that never books a session is flagged after twice the cadence",
          "[pairs][ladder]") {
  TestProgram p(with_admin("pat"));
  p.say("pat", "hi");
  paired_ana_and_lee(p);
  p.clock.advance(days{27});
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("pat"), "pair.quiet.at_risk") == 0);
  p.clock.advance(days{2});
  p.run_due_jobs();
  CHECK_THAT(text_of(last_delivered(p, "pat", "pair.quiet.at_risk")),
             Catch::Contains("haven't met for twice"));
  CHECK(count_template(p.delivered_to("lee"), "pair.quiet.senior") == 1);
  // Still quiet a month later: the same quiet stretch is not reported twice.
  p.clock.advance(days{30});
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("pat"), "pair.quiet.at_risk") == 1);
}

TEST_CASE("the midpoint and wrap-up arrive at 09:00 in each person's zone, closing ends the pairs",
          "[pairs][timeline]") {
  TestProgram p(with_admin("pat"));
  paired_ana_and_lee(p);
  // The programme runs 16 Mar - 16 Jul 2026: its midpoint is 16 May. 09:00 in Kolkata (+5:30) is
  // 03:30 UTC; 09:00 in Berlin (summer time, +2) is 07:00 UTC.
  p.clock.set(TimePoint{sys_days{2026y / May / 16}} + hours{3} + minutes{29});
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("lee"), "timeline.midpoint") == 0);
  p.clock.advance(minutes{1});
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("lee"), "timeline.midpoint") == 1);
  CHECK(count_template(p.delivered_to("ana"), "timeline.midpoint") == 0);
  p.clock.set(TimePoint{sys_days{2026y / May / 16}} + hours{7});
  p.run_due_jobs();
  CHECK_THAT(text_of(last_delivered(p, "ana", "timeline.midpoint")),
             Catch::Contains("You and *Lee* are halfway"));

  // A week before the end: the wrap-up with its form.
  p.clock.set(TimePoint{sys_days{2026y / July / 9}} + hours{7});
  p.run_due_jobs();
  auto wrap = last_delivered(p, "ana", "timeline.wrapup");
  Reply shown;
  shown.messages.push_back(wrap);
  REQUIRE(form_of(shown));
  const std::string form_id = form_of(shown)->form_id;
  CHECK(p.submit("ana", form_id, {{"takeaways", ""}, {"testimonial", ""}, {"share", "no"}})
            .form_errors.contains("takeaways"));
  CHECK_THAT(all_text(p.submit("ana", form_id,
                               {{"takeaways", "Copilot saves me an hour a week"},
                                {"testimonial", "Lee asked the best questions."},
                                {"share", "yes"}})),
             Catch::Contains("We may share your testimonial"));

  // Closing asks first, ends the pair, thanks both, and cannot happen twice.
  auto ask = p.say("pat", "programme close spring pilot");
  REQUIRE(template_ids(ask) == std::vector<std::string>{"timeline.close_confirm"});
  auto close = buttons_in(ask.messages[0])[0];
  CHECK(template_ids(p.press("ana", close.action_id, close.value)) ==
        std::vector<std::string>{"router.managers_only"});
  CHECK_THAT(all_text(p.press("pat", close.action_id, close.value)),
             Catch::Contains("1 pairs ended"));
  CHECK(pairs_in(p) == 0);
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("lee"), "timeline.closed") == 1);
  CHECK(template_ids(p.press("pat", close.action_id, close.value)) ==
        std::vector<std::string>{"timeline.closed_already"});
}

TEST_CASE("someone leaving ends their pair: the partner and the manager are told, reminders stop",
          "[pairs][leave]") {
  TestProgram p(with_admin("pat"));
  p.say("pat", "hi");
  paired_ana_and_lee(p);
  book(p, "2026-03-04", "10:00");
  auto ask = p.say("ana", "leave");
  auto confirm = buttons_in(ask.messages[0])[0];
  p.press("ana", confirm.action_id, confirm.value);
  CHECK(pairs_in(p) == 0);
  p.run_due_jobs();
  CHECK_THAT(text_of(last_delivered(p, "lee", "leave.partner_left")),
             Catch::Contains("*Ana* has left"));
  CHECK(count_template(p.delivered_to("pat"), "leave.managers") == 1);
  // Lee's reminders for the session with Ana no longer come.
  p.clock.set(TimePoint{sys_days{2026y / March / 3}} + hours{9});
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("lee"), "session.reminder") == 0);
}

TEST_CASE("a programme's reminder offsets and quiet hours are its own", "[pairs][sessions]") {
  TestProgram p(with_admin("pat"));
  // 48 h and 2 h before; quiet from 22:00 to 07:00.
  paired_ana_and_lee(p,
                     {{"reminder_offsets", "2880,120"}, {"quiet_start", "22"}, {"quiet_end", "7"}});
  // Thu 5 Mar 11:00 in Berlin = 10:00 UTC = 15:30 in Kolkata.
  book(p, "2026-03-05", "11:00");
  p.clock.set(TimePoint{sys_days{2026y / March / 3}} + hours{9} + minutes{59});
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("lee"), "session.reminder") == 0);
  p.clock.advance(minutes{1});  // Tue 3 Mar 10:00 UTC: 48 h before
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("lee"), "session.reminder") == 1);
  p.clock.set(TimePoint{sys_days{2026y / March / 5}} + hours{8});  // 2 h before
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("ana"), "session.reminder") == 2);
  // 21:00 in Berlin is no longer quiet for Ana, but 01:30 in Kolkata is for Lee.
  auto form = p.press("ana", "session.propose", pair_value(p));
  const std::string form_id = form_of(form)->form_id;
  CHECK_THAT(
      p.submit("ana", form_id,
               {{"date", "2026-03-12"}, {"time", "21:00"}, {"minutes", "45"}, {"anyway", ""}})
          .form_errors["time"],
      Catch::Contains("01:30") && Catch::Contains("Lee") && Catch::Contains("working hours"));
}

TEST_CASE(
    "a recurring series is booked in one go: one invite with an RRULE that keeps 10:00 in Berlin "
    "across the DST change",
    "[pairs][sessions][series]") {
  TestProgram p(with_admin("pat"));
  p.serve();
  paired_ana_and_lee(p);
  auto form = p.press("ana", "session.propose", pair_value(p));
  REQUIRE(form_of(form));
  const std::string form_id = form_of(form)->form_id;
  const auto inputs = form_of(form)->inputs;
  REQUIRE(
      std::any_of(inputs.begin(), inputs.end(), [](const auto& i) { return i.id == "repeat"; }));
  auto submit = [&](std::string date, std::string repeat) {
    return p.submit(
        "ana", form_id,
        {{"date", date}, {"time", "10:00"}, {"minutes", "45"}, {"repeat", repeat}, {"anyway", ""}});
  };
  // The programme (biweekly) ends on 16 Jul: four sessions from 10 Jun would run to 22 Jul.
  CHECK_THAT(submit("2026-06-10", "4").form_errors["repeat"],
             Catch::Contains("22 Jul") && Catch::Contains("16 Jul"));
  CHECK_FALSE(submit("2026-03-18", "7").form_errors["repeat"].empty());  // not an option
  CHECK(pairs_in(p) == 1);

  // Wed 18 Mar 10:00 Berlin (CET, 09:00 UTC), then 1, 15 and 29 Apr at 10:00 Berlin (CEST,
  // 08:00 UTC): Berlin moves its clocks on 29 Mar, Kolkata never does.
  REQUIRE(submit("2026-03-18", "4").form_errors.empty());
  p.run_due_jobs();
  auto proposed = last_delivered(p, "lee", "session.proposed.series");
  CHECK_THAT(text_of(proposed), Catch::Contains("4 sessions") && Catch::Contains("every 2 weeks") &&
                                    Catch::Contains("Wed 18 Mar, 14:30 (Asia/Kolkata)"));
  auto accept = buttons_in(proposed)[0];
  p.press("lee", accept.action_id, accept.value);
  p.run_due_jobs();
  auto booked = last_delivered(p, "ana", "session.booked.series");
  CHECK_THAT(text_of(booked),
             Catch::Contains("4 sessions") && Catch::Contains("Wed 18 Mar, 10:00 (Europe/Berlin)"));
  CHECK(count_template(p.delivered_to("lee"), "session.booked.series") == 1);
  // Pressing accept again books nothing twice.
  CHECK(template_ids(p.press("lee", accept.action_id, accept.value)) ==
        std::vector<std::string>{"session.already"});

  http::HttpClient client;
  auto ics = client.send({"GET", p.url(link_in(booked)), {}, ""});
  REQUIRE(ics.status == 200);
  CHECK_THAT(ics.body, Catch::Contains("RRULE:FREQ=WEEKLY;COUNT=4;INTERVAL=2") &&
                           Catch::Contains("DTSTART;TZID=Europe/Berlin:20260318T100000") &&
                           Catch::Contains("BEGIN:VTIMEZONE") && Catch::Contains("SEQUENCE:0"));

  // Each occurrence is reminded on its own, in each person's zone: the second one, after the
  // change, is 13:30 in Kolkata (10:00 in Berlin still).
  p.clock.set(from_unix(1774944000));  // Tue 31 Mar 08:00 UTC: 24 h before 1 Apr 08:00 UTC
  p.run_due_jobs();
  auto reminder = last_delivered(p, "lee", "session.reminder");
  CHECK_THAT(text_of(reminder), Catch::Contains("Wed 1 Apr, 13:30"));
  CHECK_THAT(text_of(last_delivered(p, "ana", "session.reminder")),
             Catch::Contains("Wed 1 Apr, 10:00"));
  CHECK_THAT(text_of(reminder), Catch::Contains(link_in(booked)));
  const auto reminders_so_far = count_template(p.delivered_to("lee"), "session.reminder");
  CHECK(reminders_so_far == 3);  // 24 h and 1 h before the first, 24 h before the second

  // Moving one occurrence (1 Apr, 10:00 -> 11:30 in Berlin, 15:00 for Lee) makes it an exception
  // of the same event.
  auto move = buttons_in(reminder)[0];
  auto opened = p.press("lee", move.action_id, move.value);
  REQUIRE(form_of(opened));
  const std::string move_form = form_of(opened)->form_id;
  REQUIRE(p.submit("lee", move_form,
                   {{"date", "2026-04-01"}, {"time", "15:00"}, {"minutes", "45"}, {"anyway", ""}})
              .form_errors.empty());
  p.run_due_jobs();
  auto moved_accept = buttons_in(last_delivered(p, "ana", "session.proposed"))[0];
  p.press("ana", moved_accept.action_id, moved_accept.value);
  p.run_due_jobs();
  ics = client.send({"GET", p.url(link_in(booked)), {}, ""});
  CHECK_THAT(ics.body, Catch::Contains("RECURRENCE-ID;TZID=Europe/Berlin:20260401T100000") &&
                           Catch::Contains("SEQUENCE:1"));

  // Cancelling the series: what is left is cancelled, Lee is told, the invite follows.
  auto cancel = buttons_in(booked)[1];
  CHECK(cancel.action_id == "session.cancel_series");
  CHECK(template_ids(p.press("ana", cancel.action_id, cancel.value)) ==
        std::vector<std::string>{"session.series.you_cancelled"});
  p.run_due_jobs();
  CHECK_THAT(text_of(last_delivered(p, "lee", "session.series.cancelled")),
             Catch::Contains("3 remaining"));
  CHECK(template_ids(p.press("ana", cancel.action_id, cancel.value)) ==
        std::vector<std::string>{"session.series.nothing_left"});
  // The first one happened; the three others are exceptions removed from the series.
  ics = client.send({"GET", p.url(link_in(booked)), {}, ""});
  CHECK_THAT(ics.body, Catch::Contains("EXDATE;TZID=Europe/Berlin:20260401T100000") &&
                           Catch::Contains("EXDATE;TZID=Europe/Berlin:20260415T100000") &&
                           Catch::Contains("EXDATE;TZID=Europe/Berlin:20260429T100000") &&
                           !Catch::Contains("RECURRENCE-ID"));
  // No reminder for a cancelled occurrence.
  p.clock.set(from_unix(1776153600));  // Tue 14 Apr 08:00 UTC
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("lee"), "session.reminder") == reminders_so_far);
}

TEST_CASE("a counter-proposal to a series replaces the whole series", "[pairs][sessions][series]") {
  TestProgram p(with_admin("pat"));
  p.serve();
  paired_ana_and_lee(p);
  auto form = p.press("ana", "session.propose", pair_value(p));
  REQUIRE(p.submit("ana", form_of(form)->form_id,
                   {{"date", "2026-03-18"},
                    {"time", "10:00"},
                    {"minutes", "45"},
                    {"repeat", "end"},
                    {"anyway", ""}})
              .form_errors.empty());
  p.run_due_jobs();
  auto proposed = last_delivered(p, "lee", "session.proposed.series");
  // Every two weeks from 18 Mar until the programme ends on 16 Jul: 9 sessions.
  CHECK_THAT(text_of(proposed), Catch::Contains("9 sessions"));
  auto other = buttons_in(proposed)[1];
  auto opened = p.press("lee", other.action_id, other.value);
  REQUIRE(form_of(opened));
  const auto inputs = form_of(opened)->inputs;
  CHECK(std::any_of(inputs.begin(), inputs.end(), [](const auto& i) { return i.id == "repeat"; }));
  // Thursdays instead, 14:30 for Lee (10:00 in Berlin), 4 of them.
  REQUIRE(p.submit("lee", form_of(opened)->form_id,
                   {{"date", "2026-03-19"},
                    {"time", "14:30"},
                    {"minutes", "45"},
                    {"repeat", "4"},
                    {"anyway", ""}})
              .form_errors.empty());
  p.run_due_jobs();
  // Ana's old series is withdrawn: accepting it now does nothing.
  auto old_accept = buttons_in(proposed)[0];
  CHECK(template_ids(p.press("lee", old_accept.action_id, old_accept.value)) ==
        std::vector<std::string>{"session.stale"});
  auto counter = last_delivered(p, "ana", "session.proposed.series");
  CHECK_THAT(text_of(counter),
             Catch::Contains("4 sessions") && Catch::Contains("Thu 19 Mar, 10:00 (Europe/Berlin)"));
  auto accept = buttons_in(counter)[0];
  p.press("ana", accept.action_id, accept.value);
  p.run_due_jobs();
  CHECK_THAT(text_of(last_delivered(p, "lee", "session.booked.series")),
             Catch::Contains("4 sessions"));
}

TEST_CASE(
    "a programme's own ladder: at risk from the first miss, managers asked to act at the second",
    "[pairs][ladder]") {
  TestProgram p(with_admin("pat"));
  p.say("pat", "hi");
  {
    // The settings form refuses an "act" step that does not come after the at-risk one.
    auto programme = good_programme();
    programme["matching_mode"] = "direct";
    REQUIRE(p.submit("pat", "programme.create", programme).form_errors.empty());
    auto opened = p.say("pat", "programme settings spring pilot");
    REQUIRE(form_of(opened));
    const std::string form_id = form_of(opened)->form_id;
    auto values = initial_values(*form_of(opened));
    CHECK(values["ladder_at_risk"] == "2");
    CHECK(values["ladder_act"] == "3");
    values["ladder_at_risk"] = "2";
    values["ladder_act"] = "2";
    CHECK_THAT(p.submit("pat", form_id, values).form_errors["ladder_act"],
               Catch::Contains("more than the at-risk count"));
  }
  TestProgram q(with_admin("pat"));
  q.say("pat", "hi");
  paired_ana_and_lee(q, {{"ladder_at_risk", "1"}, {"ladder_act", "2"}});
  auto miss_by_answer = [&](const std::string& date) {
    book(q, date, "10:00");
    auto day = *parse_date(date);
    q.clock.set(TimePoint{sys_days{day}} + hours{10});
    q.run_due_jobs();
    auto ask = buttons_in(last_delivered(q, "ana", "checkin.ask"));
    q.press("ana", ask[1].action_id, ask[1].value);  // No
    q.run_due_jobs();
  };
  miss_by_answer("2026-03-04");
  CHECK(count_template(q.delivered_to("ana"), "pair.ladder.nudge") == 0);
  CHECK(count_template(q.delivered_to("lee"), "pair.ladder.senior") == 1);
  CHECK(count_template(q.delivered_to("pat"), "pair.ladder.at_risk") == 1);
  CHECK(count_template(q.delivered_to("pat"), "pair.ladder.act") == 0);
  miss_by_answer("2026-03-11");
  CHECK_THAT(text_of(last_delivered(q, "pat", "pair.ladder.act")),
             Catch::Contains("missed 2 sessions"));
  CHECK(count_template(q.delivered_to("pat"), "pair.ladder.at_risk") == 1);
}
