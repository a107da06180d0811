// Programmes, program managers and the intake survey, through the real dispatcher on SQLite.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "storage/intakes.hpp"
#include "storage/people.hpp"
#include "storage/programmes.hpp"
#include "support/programme_helpers.hpp"
#include "support/test_program.hpp"

using namespace flipside;
using namespace flipside::testing;
using namespace std::chrono;

TEST_CASE("manager verbs are refused to everyone else, even as forged clicks and forms",
          "[programmes][managers]") {
  TestProgram p(with_admin("pat"));
  auto r = p.say("ana", "programme new");
  CHECK(template_ids(r) == std::vector<std::string>{"router.managers_only"});
  CHECK_THAT(all_text(r), Catch::Contains("for programme managers"));
  CHECK(template_ids(p.press("ana", "programme.new")) ==
        std::vector<std::string>{"router.managers_only"});
  CHECK(template_ids(p.submit("ana", "programme.create", good_programme())) ==
        std::vector<std::string>{"router.managers_only"});
  CHECK(in_db(p, [](SQLite::Database& db) {
          return storage::ProgrammeRepository(db).all().size();
        }) == 0);
  // Help hides manager verbs from participants and shows them to managers.
  CHECK_THAT(all_text(p.say("ana", "help")), !Catch::Contains("programme [new"));
  CHECK_THAT(all_text(p.say("pat", "help")),
             Catch::Contains("programme [new|list|edit|settings|close|next <name>]"));
}

TEST_CASE("a manager creates a programme through a validated form", "[programmes]") {
  TestProgram p(with_admin("pat"));
  auto r = p.say("pat", "programme new");
  const auto* form = form_of(r);
  REQUIRE(form);
  CHECK(form->form_id == "programme.create");
  auto defaults = initial_values(*form);
  CHECK(defaults["start_date"] == "2026-03-09");  // the Monday after "today" (Mon 2 Mar)
  CHECK(defaults["length_months"] == "4");

  auto bad = good_programme();
  bad["start_date"] = "2026-02-30";
  bad["skills"] = "Excel";
  bad["length_months"] = "9";
  bad["co_managers"] = "nobody@example.com";
  r = p.submit("pat", "programme.create", bad);
  CHECK(r.form_errors.size() == 4);
  CHECK_THAT(r.form_errors["start_date"], Catch::Contains("YYYY-MM-DD"));
  CHECK_THAT(r.form_errors["skills"], Catch::Contains("at least three"));
  CHECK_THAT(r.form_errors["length_months"], Catch::Contains("3 to 6"));
  CHECK_THAT(r.form_errors["co_managers"], Catch::Contains("nobody@example.com"));

  bad = good_programme();
  bad["start_date"] = "2026-03-01";
  CHECK_THAT(p.submit("pat", "programme.create", bad).form_errors["start_date"],
             Catch::Contains("past"));

  p.say("lee", "hello");
  set_email(p, "lee", "lee@example.com");
  auto good = good_programme();
  good["co_managers"] = "LEE@example.com";
  r = p.submit("pat", "programme.create", good);
  REQUIRE(r.form_errors.empty());
  CHECK(template_ids(r) == std::vector<std::string>{"programme.card"});
  CHECK_THAT(all_text(r), Catch::Contains("Spring pilot") && Catch::Contains("Open for sign-ups") &&
                              Catch::Contains("16 Mar 2026") && Catch::Contains("4 months"));
  // The co-manager can now run manager verbs and was told.
  CHECK(template_ids(p.say("lee", "programme list")) == std::vector<std::string>{"programme.card"});
  p.run_due_jobs();
  CHECK(has_template(p.delivered_to("lee"), "manager.welcome"));

  // The same name again (any case) is refused beside the name.
  good["name"] = "SPRING PILOT";
  CHECK_THAT(p.submit("pat", "programme.create", good).form_errors["name"],
             Catch::Contains("already a programme"));
}

TEST_CASE("a programme can be edited during intake through a form that names it", "[programmes]") {
  TestProgram p(with_admin("pat"));
  REQUIRE(p.submit("pat", "programme.create", good_programme()).form_errors.empty());
  auto r = p.say("pat", "programme edit spring pilot");
  const auto* form = form_of(r);
  REQUIRE(form);
  CHECK(form->form_id.starts_with("programme.edit:"));
  auto values = initial_values(*form);
  CHECK(values["name"] == "Spring pilot");
  values["cadence"] = "weekly";
  r = p.submit("pat", form->form_id, values);
  REQUIRE(r.form_errors.empty());
  CHECK_THAT(all_text(r), Catch::Contains("Saved the changes") && Catch::Contains("weekly"));
  CHECK(template_ids(p.say("pat", "programme edit nope")) ==
        std::vector<std::string>{"programme.unknown"});
}

TEST_CASE("managers add and remove managers by email, configured ones stay",
          "[programmes][managers]") {
  TestProgram p(with_admin("pat"));
  p.say("sam", "hi");
  set_email(p, "sam", "sam@example.com");
  CHECK(template_ids(p.say("sam", "manager list")) ==
        std::vector<std::string>{"router.managers_only"});
  CHECK(template_ids(p.say("pat", "manager add ghost@example.com")) ==
        std::vector<std::string>{"manager.unknown"});
  CHECK(template_ids(p.say("pat", "manager add sam@example.com")) ==
        std::vector<std::string>{"manager.added"});
  CHECK(template_ids(p.say("pat", "manager add sam@example.com")) ==
        std::vector<std::string>{"manager.already"});
  CHECK_THAT(all_text(p.say("sam", "manager list")), Catch::Contains("sam@example.com"));
  CHECK(template_ids(p.say("sam", "manager remove sam@example.com")) ==
        std::vector<std::string>{"manager.not_self"});
  p.say("pat", "hi");
  set_email(p, "pat", "pat@example.com");
  CHECK(template_ids(p.say("sam", "manager remove pat@example.com")) ==
        std::vector<std::string>{"manager.configured"});
  CHECK(template_ids(p.say("pat", "manager remove sam@example.com")) ==
        std::vector<std::string>{"manager.removed"});
  CHECK(template_ids(p.say("sam", "programme list")) ==
        std::vector<std::string>{"router.managers_only"});
}

TEST_CASE("people who joined early are invited when a programme opens, later joiners at once",
          "[programmes][intake]") {
  TestProgram p(with_admin("pat"));
  auto r = p.say("ana", "join mentor");
  CHECK_THAT(all_text(r), Catch::Contains("No programme is open"));
  REQUIRE(p.submit("pat", "programme.create", good_programme()).form_errors.empty());
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("ana"), "intake.invite") == 1);

  r = p.say("ben", "join mentee");
  CHECK(template_ids(r) ==
        std::vector<std::string>{"join.confirmed", "intake.invite", "orientation.mentee"});
  CHECK_THAT(all_text(r), Catch::Contains("Spring pilot"));
}

TEST_CASE("the intake form is prefilled, validated on the server, saved and editable",
          "[programmes][intake]") {
  TestProgram p(with_admin("pat"));
  REQUIRE(p.submit("pat", "programme.create", good_programme()).form_errors.empty());
  p.say("ana", "join mentor");
  auto r = p.press("ana", "intake.open");
  const auto* form = form_of(r);
  REQUIRE(form);
  CHECK(form->form_id.starts_with("intake.submit:"));
  auto initial = initial_values(*form);
  CHECK(initial["time_zone"] == "Europe/Berlin");  // from the platform
  CHECK(initial["cadence"] == "biweekly");         // from the programme
  // The skills to teach come from the programme's list.
  auto teaches = std::find_if(form->inputs.begin(), form->inputs.end(),
                              [](const auto& in) { return in.id == "teaches"; });
  REQUIRE(teaches != form->inputs.end());
  REQUIRE(teaches->options.size() == 4);
  CHECK(teaches->options[1].label == "Data visualisation");
  CHECK(teaches->options[1].value == "data_visualisation");

  auto bad = good_intake();
  bad["level"] = "senior";
  bad["availability"] = "mon_am";
  bad["time_zone"] = "Mars/Olympus";
  bad["manager_email"] = "not an email";
  bad["teaches"] = "juggling";
  r = p.submit("ana", form->form_id, bad);
  CHECK(r.form_errors.size() == 5);
  CHECK_THAT(r.form_errors["availability"], Catch::Contains("at least two"));
  CHECK_THAT(r.form_errors["level"], Catch::Contains("whole number"));
  CHECK_FALSE(intake_of(p, "ana").has_value());

  r = p.submit("ana", form->form_id, good_intake());
  REQUIRE(r.form_errors.empty());
  CHECK(template_ids(r) == std::vector<std::string>{"intake.saved"});
  CHECK_THAT(all_text(r), Catch::Contains("complete"));
  auto saved = intake_of(p, "ana");
  REQUIRE(saved);
  CHECK(saved->complete);
  auto answers = nlohmann::json::parse(saved->answers);
  CHECK(answers["teaches"] == "generative_ai,data_visualisation");
  CHECK(answers["manager_email"] == "boss@example.com");
  CHECK(answers["time_zone"] == "Asia/Kolkata");  // canonical name

  // Opening again shows the saved answers; saving again says "updated".
  auto reopened = p.press("ana", "intake.open");
  form = form_of(reopened);
  REQUIRE(form);
  CHECK(initial_values(*form)["department"] == "Finance");
  CHECK(initial_values(*form)["learns"] == "strategy,stakeholders");
  CHECK_THAT(all_text(p.submit("ana", form->form_id, good_intake())), Catch::Contains("Updated"));
  // The profile now shows the confirmed zone.
  CHECK_THAT(all_text(p.say("ana", "profile")), Catch::Contains("Asia/Kolkata"));
}

TEST_CASE("intake answers lock once matching starts", "[programmes][intake]") {
  TestProgram p(with_admin("pat"));
  REQUIRE(p.submit("pat", "programme.create", good_programme()).form_errors.empty());
  p.say("ana", "join mentor");
  auto form_id = form_of(p.press("ana", "intake.open"))->form_id;
  in_db(p,
        [](SQLite::Database& db) { return db.exec("UPDATE programmes SET status = 'matching'"); });
  CHECK(template_ids(p.press("ana", "intake.open")) == std::vector<std::string>{"intake.locked"});
  CHECK(template_ids(p.submit("ana", form_id, good_intake())) ==
        std::vector<std::string>{"intake.locked"});
  CHECK_FALSE(intake_of(p, "ana").has_value());
}

TEST_CASE("an unfinished intake gets two reminders two days apart, a finished one none",
          "[programmes][intake][scheduler]") {
  TestProgram p(with_admin("pat"));
  REQUIRE(p.submit("pat", "programme.create", good_programme()).form_errors.empty());
  p.say("ana", "join mentor");
  p.say("ben", "join mentee");
  auto ben_form = form_of(p.press("ben", "intake.open"))->form_id;
  auto answers = good_intake();
  // A mentee shares experience and learns the programme's skills.
  answers.erase("capacity");
  answers["level"] = "9";
  answers["teaches"] = "strategy";
  answers["learns"] = "generative_ai";
  REQUIRE(p.submit("ben", ben_form, answers).form_errors.empty());

  p.clock.advance(hours{47});
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("ana"), "intake.reminder") == 0);
  p.clock.advance(hours{2});
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("ana"), "intake.reminder") == 1);
  p.clock.advance(hours{48});
  p.run_due_jobs();
  auto ana = p.delivered_to("ana");
  CHECK(count_template(ana, "intake.reminder") == 2);
  CHECK_THAT(ana.back().fallback_text(), Catch::Contains("Last reminder"));
  p.clock.advance(hours{24 * 10});
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("ana"), "intake.reminder") == 2);
  CHECK(count_template(p.delivered_to("ben"), "intake.reminder") == 0);
}

TEST_CASE("match preview pairs optimally within the constraints and explains everyone",
          "[programmes][matching]") {
  TestProgram p(with_admin("pat"));
  REQUIRE(p.submit("pat", "programme.create", good_programme()).form_errors.empty());
  for (const char* user : {"lee", "bob"}) p.say(user, "hi");
  set_email(p, "lee", "lee@example.com");
  join_with_intake(
      p, "ana", "mentor",
      {{"teaches", "generative_ai"}, {"department", "Sales"}, {"interests", "photography"}});
  // Bob reports to Lee, so they must never be paired, even though Bob teaches what Lee wants.
  join_with_intake(p, "bob", "mentor",
                   {{"teaches", "data_visualisation"},
                    {"manager_email", "lee@example.com"},
                    {"time_zone", "Europe/London"}});
  join_with_intake(p, "lee", "mentee",
                   {{"learns", "data_visualisation"},
                    {"department", "Engineering"},
                    {"interests", "photography"}});
  join_with_intake(p, "mia", "mentee", {{"learns", "generative_ai"}});
  join_with_intake(p, "pia", "mentee", {{"languages", "pt"}});
  p.say("ida", "join mentor");  // never fills in the intake

  CHECK(template_ids(p.say("ana", "match preview")) ==
        std::vector<std::string>{"router.managers_only"});
  auto r = p.say("pat", "match preview");
  REQUIRE(template_ids(r) == std::vector<std::string>{"match.preview"});
  const auto text = all_text(r);
  INFO(text);
  CHECK_THAT(text, Catch::Contains("*2 pairs* from 2 mentors and 3 mentees"));
  // Both pairs, because matching as many people as possible comes before the best single fit.
  CHECK_THAT(text, Catch::Contains("*Lee* learns from *Ana*"));
  CHECK_THAT(text, Catch::Contains("*Mia* learns from *Bob*"));
  CHECK_THAT(text, !Catch::Contains("*Lee* learns from *Bob*"));
  // Lee and Ana share photography and come from different departments.
  CHECK_THAT(text, Catch::Contains("both into Photography"));
  CHECK_THAT(text, Catch::Contains("Sales ↔ Engineering"));
  CHECK_THAT(text, Catch::Contains("*Pia* (mentee), no match: no mentor speaks Portuguese"));
  CHECK_THAT(text, Catch::Contains("intake isn't finished (1): Ida"));
  CHECK_THAT(text, Catch::Contains("nobody has been told anything"));
  // A preview sends nothing.
  p.run_due_jobs();
  for (const char* user : {"ana", "bob", "lee", "mia", "pia"}) {
    for (const auto& m : p.delivered_to(user)) CHECK_FALSE(m.template_id.starts_with("match."));
  }
}

TEST_CASE("shortlist: each mentee picks, the mentor accepts, and both hear they are paired",
          "[programmes][matching][shortlist]") {
  TestProgram p(with_admin("pat"));
  cohort_of_five(p);
  auto r = p.say("pat", "match run");
  CHECK_THAT(all_text(r), Catch::Contains("2 mentees got their shortlist"));
  CHECK(template_ids(p.say("pat", "match run")) == std::vector<std::string>{"match.already_run"});
  CHECK(template_ids(p.press("lee", "intake.open")) == std::vector<std::string>{"intake.locked"});
  p.run_due_jobs();

  auto shortlist = last_delivered(p, "lee", "match.shortlist");
  auto choices = buttons_in(shortlist);
  REQUIRE(choices.size() == 3);             // every mentor fits, shortlist size 3
  CHECK(choices[0].label == "Choose Ana");  // the optimal mentor leads: Ana teaches what Lee wants
  CHECK_THAT(text_of(shortlist),
             Catch::Contains("teaches Generative AI, which Lee wants to learn"));

  r = p.press("lee", choices[0].action_id, choices[0].value);
  CHECK(template_ids(r) == std::vector<std::string>{"match.asked"});
  CHECK_THAT(all_text(r), Catch::Contains("I've asked *Ana*"));
  // A second pick while waiting changes nothing.
  CHECK(template_ids(p.press("lee", choices[1].action_id, choices[1].value)) ==
        std::vector<std::string>{"match.already_waiting"});
  p.run_due_jobs();
  auto request = last_delivered(p, "ana", "match.request");
  CHECK_THAT(text_of(request), Catch::Contains("*Lee*") && Catch::Contains("chose you"));
  auto answer = buttons_in(request);
  REQUIRE(answer.size() == 2);
  // Only Ana can answer her request.
  CHECK(template_ids(p.press("bob", answer[0].action_id, answer[0].value)) ==
        std::vector<std::string>{"router.stale_action"});
  p.press("ana", answer[0].action_id, answer[0].value);
  CHECK(pairs_in(p) == 1);
  // Pressing Accept again changes nothing.
  CHECK(template_ids(p.press("ana", answer[0].action_id, answer[0].value)) ==
        std::vector<std::string>{"match.answered.accepted"});
  CHECK(pairs_in(p) == 1);
  p.run_due_jobs();
  CHECK_THAT(text_of(last_delivered(p, "lee", "match.paired")),
             Catch::Contains("*Ana* is your mentor"));
  CHECK_THAT(text_of(last_delivered(p, "ana", "match.paired")), Catch::Contains("mentoring *Lee*"));
}

TEST_CASE("shortlist: a decline brings the remaining options, a taken mentor is explained",
          "[programmes][matching][shortlist]") {
  TestProgram p(with_admin("pat"));
  cohort_of_five(p);
  p.say("pat", "match run");
  p.run_due_jobs();
  // Both mentees want Cat, who takes one mentee: first come, first served, the other is told.
  auto find_cat = [&](const std::string& user) {
    for (const auto& b : buttons_in(last_delivered(p, user, "match.shortlist")))
      if (b.label == "Choose Cat") return b;
    FAIL("Cat is not on " << user << "'s shortlist");
    return ui::Button{};
  };
  auto lee_cat = find_cat("lee"), mia_cat = find_cat("mia");
  CHECK(template_ids(p.press("lee", lee_cat.action_id, lee_cat.value)) ==
        std::vector<std::string>{"match.asked"});
  auto r = p.press("mia", mia_cat.action_id, mia_cat.value);
  CHECK(template_ids(r) == std::vector<std::string>{"match.unavailable"});
  CHECK_THAT(all_text(r), Catch::Contains("*Cat* was just taken"));
  CHECK(r.messages.size() == 1);
  CHECK(buttons_in(r.messages[0]).size() == 2);  // Ana and Bob remain

  // Cat declines Lee: Lee chooses again from Ana and Bob.
  p.run_due_jobs();
  auto request = buttons_in(last_delivered(p, "cat", "match.request"));
  CHECK(template_ids(p.press("cat", request[1].action_id, request[1].value)) ==
        std::vector<std::string>{"match.decline_noted"});
  p.run_due_jobs();
  auto again = last_delivered(p, "lee", "match.declined");
  CHECK_THAT(text_of(again), Catch::Contains("*Cat* can't take this on"));
  auto options = buttons_in(again);
  REQUIRE(options.size() == 2);
  CHECK(std::none_of(options.begin(), options.end(),
                     [](const ui::Button& b) { return b.label == "Choose Cat"; }));
  // Picking Cat again from the old shortlist is explained, not sent.
  CHECK_THAT(all_text(p.press("lee", lee_cat.action_id, lee_cat.value)),
             Catch::Contains("already said no"));
}

TEST_CASE("shortlist: no answer within the answer window moves to the next option",
          "[programmes][matching][shortlist][scheduler]") {
  TestProgram p(with_admin("pat"));
  cohort_of_five(p);
  p.say("pat", "match run");
  p.run_due_jobs();
  auto choices = buttons_in(last_delivered(p, "lee", "match.shortlist"));
  REQUIRE(choices.size() == 3);
  p.press("lee", choices[0].action_id, choices[0].value);  // Ana
  p.clock.advance(hours{71});
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("lee"), "match.moved_on") == 0);
  p.clock.advance(hours{2});
  p.run_due_jobs();
  auto moved = last_delivered(p, "lee", "match.moved_on");
  const auto next = choices[1].label.substr(std::string("Choose ").size());
  CHECK_THAT(text_of(moved), Catch::Contains("*Ana* didn't answer within 3 days") &&
                                 Catch::Contains("I've asked *" + next + "*"));
  CHECK(count_template(p.delivered_to("ana"), "match.expired.silent") == 1);
  // Ana's old Accept button no longer pairs anyone.
  auto stale = buttons_in(last_delivered(p, "ana", "match.request"));
  CHECK(template_ids(p.press("ana", stale[0].action_id, stale[0].value)) ==
        std::vector<std::string>{"match.answered.expired"});
  CHECK(pairs_in(p) == 0);
  std::string next_user = next == "Bob" ? "bob" : next == "Cat" ? "cat" : "ana";
  CHECK(count_template(p.delivered_to(next_user), "match.request") == 1);
}

TEST_CASE("direct mode proposes the optimal pair to both, a pair needs both yeses",
          "[programmes][matching][direct]") {
  TestProgram p(with_admin("pat"));
  cohort_of_five(p, "direct");
  auto r = p.say("pat", "match run");
  CHECK_THAT(all_text(r), Catch::Contains("2 pairs were proposed"));
  p.run_due_jobs();
  auto proposal = last_delivered(p, "lee", "match.proposal");
  CHECK_THAT(text_of(proposal), Catch::Contains("pair you with *Ana*"));
  auto lee_buttons = buttons_in(proposal);
  auto ana_buttons = buttons_in(last_delivered(p, "ana", "match.request"));
  CHECK_THAT(all_text(p.press("lee", lee_buttons[0].action_id, lee_buttons[0].value)),
             Catch::Contains("waiting for *Ana*"));
  CHECK(pairs_in(p) == 0);
  p.press("ana", ana_buttons[0].action_id, ana_buttons[0].value);
  CHECK(pairs_in(p) == 1);

  // Mia declines Bob: Bob hears, and the programme manager is asked to step in.
  auto mia_buttons = buttons_in(last_delivered(p, "mia", "match.proposal"));
  p.press("mia", mia_buttons[1].action_id, mia_buttons[1].value);
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("bob"), "match.proposal_declined") == 1);
  CHECK_THAT(text_of(last_delivered(p, "pat", "match.manager.declined")),
             Catch::Contains("*Bob* and *Mia*"));
  CHECK(pairs_in(p) == 1);
}

TEST_CASE("a mentee nobody can mentor is told why at the run, and managers hear who is stuck",
          "[programmes][matching][shortlist]") {
  TestProgram p(with_admin("pat"));
  REQUIRE(p.submit("pat", "programme.create", good_programme()).form_errors.empty());
  join_with_intake(p, "ana", "mentor", {{"teaches", "generative_ai"}});
  join_with_intake(p, "lee", "mentee", {{"learns", "generative_ai"}});
  join_with_intake(p, "pia", "mentee", {{"languages", "pt"}});
  p.say("pat", "match run");
  p.run_due_jobs();
  CHECK_THAT(text_of(last_delivered(p, "pia", "match.no_match")),
             Catch::Contains("no mentor speaks Portuguese"));
  // Lee picks Ana, Ana declines: Lee has no options left.
  auto pick = buttons_in(last_delivered(p, "lee", "match.shortlist"));
  REQUIRE(pick.size() == 1);
  p.press("lee", pick[0].action_id, pick[0].value);
  p.run_due_jobs();
  auto answer = buttons_in(last_delivered(p, "ana", "match.request"));
  p.press("ana", answer[1].action_id, answer[1].value);
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("lee"), "match.no_options") == 1);
  CHECK_THAT(text_of(last_delivered(p, "pat", "match.manager.stuck")), Catch::Contains("*Lee*"));
}

TEST_CASE(
    "managers pair and unpair by hand with a reason, unfinished intakes hear they were left out",
    "[programmes][matching][manual]") {
  TestProgram p(with_admin("pat"));
  cohort_of_five(p);
  p.say("ida", "join mentor");  // never finishes the intake
  for (const char* user : {"ana", "bob", "lee", "mia", "ida"})
    set_email(p, user, std::string(user) + "@example.com");
  CHECK(template_ids(p.say("pat", "pair ana@example.com lee@example.com same team")) ==
        std::vector<std::string>{"pair.no_programme"});
  p.say("pat", "match run");
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("ida"), "match.left_out") == 1);
  CHECK(count_template(p.delivered_to("ana"), "match.left_out") == 0);

  // Lee has asked Bob; the manager pairs Lee with Ana instead: Bob's request is withdrawn.
  auto choices = buttons_in(last_delivered(p, "lee", "match.shortlist"));
  for (const auto& b : choices)
    if (b.label == "Choose Bob") p.press("lee", b.action_id, b.value);
  CHECK(template_ids(p.say("ana", "pair ana@example.com lee@example.com x")) ==
        std::vector<std::string>{"router.managers_only"});
  CHECK(template_ids(p.say("pat", "pair lee@example.com ana@example.com x")) ==
        std::vector<std::string>{"pair.roles"});
  CHECK(template_ids(p.say("pat", "pair ana@example.com lee@example.com")) ==
        std::vector<std::string>{"pair.usage"});  // a reason is required
  auto r =
      p.say("pat", "pair ana@example.com lee@example.com both in Berlin");
  CHECK_THAT(all_text(r), Catch::Contains("Reason kept: both in Berlin"));
  CHECK(pairs_in(p) == 1);
  CHECK(in_db(p, [](SQLite::Database& db) {
          return db.execAndGet("SELECT source || ':' || reason FROM pairs").getString();
        }) == "manual:both in Berlin");
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("bob"), "pair.request_withdrawn") == 1);
  CHECK(count_template(p.delivered_to("lee"), "match.paired") == 1);
  CHECK(template_ids(p.say("pat", "pair bob@example.com lee@example.com again")) ==
        std::vector<std::string>{"pair.mentee_taken"});

  r = p.say("pat", "unpair lee@example.com moved to another country");
  CHECK_THAT(all_text(r), Catch::Contains("Ended the pair of *Lee* with Ana"));
  CHECK(pairs_in(p) == 0);
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("ana"), "unpair.told") == 1);
  CHECK(template_ids(p.say("pat", "unpair lee@example.com again")) ==
        std::vector<std::string>{"unpair.none"});
}

TEST_CASE(
    "matching settings change the rules the preview applies, and everyone unmatched hears why",
    "[programmes][matching][settings]") {
  TestProgram p(with_admin("pat"));
  cohort_of_five(p);
  auto r = p.say("pat", "programme settings spring pilot");
  const auto* form = form_of(r);
  REQUIRE(form);
  const std::string form_id = form->form_id;  // `r` is reused below
  CHECK(form_id.starts_with("programme.settings:"));
  auto values = initial_values(*form);
  CHECK(values["weight_skills"] == "35");
  CHECK(values["min_level_gap"] == "1");

  auto bad = values;
  for (auto& [k, v] : bad)
    if (k.starts_with("weight_")) v = "0";
  bad["answer_days"] = "30";
  r = p.submit("pat", form_id, bad);
  CHECK(r.form_errors.size() == 2);
  CHECK_THAT(r.form_errors["weight_skills"], Catch::Contains("At least one weight"));
  CHECK_FALSE(r.form_errors["answer_days"].empty());

  // Mentors are level 3 and mentees level 8: a gap of at least 6 rules every pair out.
  values["min_level_gap"] = "6";
  r = p.submit("pat", form_id, values);
  REQUIRE(r.form_errors.empty());
  CHECK_THAT(all_text(r), Catch::Contains("Saved the matching settings"));
  CHECK_THAT(all_text(p.say("pat", "match preview")),
             Catch::Contains("*0 pairs*") && Catch::Contains("no mentor is junior enough to them"));
  p.say("pat", "match run");
  p.run_due_jobs();
  CHECK_THAT(text_of(last_delivered(p, "lee", "match.no_match")),
             Catch::Contains("no mentor is junior enough"));
  CHECK_THAT(text_of(last_delivered(p, "ana", "match.no_match")),
             Catch::Contains("no mentee is senior enough"));
  // Settings are fixed once matching has run.
  CHECK(template_ids(p.submit("pat", form_id, values)) ==
        std::vector<std::string>{"programme.locked"});
}
