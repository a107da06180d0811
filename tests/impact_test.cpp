// Impact measurement (issue #8): confidence rated at intake and again at the wrap-up, and the
// managers' `impact` report (before -> after per skill and overall, mentors as coaches, sessions,
// goals, NPS, shared testimonials) under the pulse's anonymity rules. Through the console
// dispatcher, with a fake clock.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Statement.h>

#include <regex>

#include "bot/http/http_client.hpp"
#include "bot/http/http_types.hpp"

#include "handlers/impact/impact_figures.hpp"
#include "storage/privacy.hpp"
#include "support/programme_helpers.hpp"
#include "support/test_program.hpp"

using namespace flipside;
using namespace flipside::testing;
using namespace std::chrono;

namespace {

const std::vector<std::string> kSkills = {
    "generative_ai", "data_visualisation", "social_media", "automation", "cloud", "security"};

std::string programme_value(TestProgram& p) {
  return std::to_string(in_db(p, [](SQLite::Database& db) {
    return db.execAndGet("SELECT id FROM programmes ORDER BY id LIMIT 1").getInt64();
  }));
}

// Six mentors (m1..m6) and six mentees (s1..s6) in Pat's "Spring pilot" (16 Mar - 16 Jul, six
// skills). mi teaches skill i; s1 learns Generative AI, s2..s6 their mentor's skill and
// Generative AI too, so the optimal direct match pairs mi with si and Generative AI has six
// learners while every other skill has one.
void impact_cohort(TestProgram& p) {
  p.say("pat", "hi");
  auto programme = good_programme();
  programme["matching_mode"] = "direct";
  programme["skills"] =
      "Generative AI, Data visualisation, Social media, Automation, Cloud, Security";
  REQUIRE(p.submit("pat", "programme.create", programme).form_errors.empty());
  for (int i = 1; i <= 6; ++i) {
    const auto& skill = kSkills[i - 1];
    join_with_intake(
        p, "m" + std::to_string(i), "mentor",
        {{"department", "Finance"}, {"time_zone", "Europe/Berlin"}, {"teaches", skill}});
    join_with_intake(p, "s" + std::to_string(i), "mentee",
                     {{"department", "Sales"},
                      {"time_zone", "Europe/Berlin"},
                      {"learns", i == 1 ? skill : skill + ",generative_ai"}});
  }
  p.say("pat", "match run");
  p.run_due_jobs();
  for (int i = 1; i <= 6; ++i) {
    auto to_mentee = buttons_in(last_delivered(p, "s" + std::to_string(i), "match.proposal"));
    p.press("s" + std::to_string(i), to_mentee[0].action_id, to_mentee[0].value);
  }
  for (int i = 1; i <= 6; ++i) {
    auto to_mentor = buttons_in(last_delivered(p, "m" + std::to_string(i), "match.request"));
    p.press("m" + std::to_string(i), to_mentor[0].action_id, to_mentor[0].value);
  }
  REQUIRE(pairs_in(p) == 6);
  // book_at_ten relies on mi being paired with si.
  REQUIRE(in_db(p, [](SQLite::Database& db) {
            return db
                .execAndGet(
                    "SELECT count(*) FROM pairs x JOIN people a ON a.id = x.mentor_id"
                    " JOIN people b ON b.id = x.mentee_id"
                    " WHERE substr(a.display_name, 2) = substr(b.display_name, 2)")
                .getInt();
          }) == 6);
  p.run_due_jobs();
}

// `user` opens the "before" form from its button and submits `ratings`.
Reply rate_before(TestProgram& p, const std::string& user,
                  const std::map<std::string, std::string>& ratings) {
  auto opened = p.press(user, "impact.rate", programme_value(p));
  const auto* form = form_of(opened);
  REQUIRE(form);
  return p.submit(user, form->form_id, ratings);
}

// `user` answers their wrap-up: takeaways, no testimonial unless `fields` says otherwise.
Reply wrap_up(TestProgram& p, const std::string& user, std::map<std::string, std::string> fields) {
  Reply shown;
  shown.messages.push_back(last_delivered(p, user, "timeline.wrapup"));
  REQUIRE(form_of(shown));
  fields.insert({{"takeaways", "Worth it"}, {"testimonial", ""}, {"share", "no"}});
  return p.submit(user, form_of(shown)->form_id, fields);
}

Reply answer_pulse(TestProgram& p, const std::string& user, const std::string& recommend) {
  auto ask = buttons_in(last_delivered(p, user, "pulse.ask"));
  REQUIRE(ask.size() == 1);
  auto opened = p.press(user, ask[0].action_id, ask[0].value);
  REQUIRE(form_of(opened));
  return p.submit(
      user, form_of(opened)->form_id,
      {{"quality", "4"}, {"usefulness", "4"}, {"recommend", recommend}, {"comment", ""}});
}

int rows(TestProgram& p, const std::string& sql) {
  return in_db(p, [&](SQLite::Database& db) { return db.execAndGet(sql).getInt(); });
}

}  // namespace

TEST_CASE(
    "impact: a scripted programme from orientation through a mentor circle and the wrap-up "
    "to its report, computed from what people rated and did",
    "[impact][circles][orientation]") {
  TestProgram p(with_admin("pat"));
  impact_cohort(p);

  // The intake's confirmation offers the "before" form; a mentee rates the skills they chose.
  auto opened = p.press("s2", "impact.rate", programme_value(p));
  REQUIRE(form_of(opened));
  std::vector<std::string> ids;
  for (const auto& in : form_of(opened)->inputs) ids.push_back(in.id);
  CHECK(ids ==
        std::vector<std::string>{"confidence_generative_ai", "confidence_data_visualisation"});
  CHECK_THAT(all_text(p.press("m1", "impact.rate", programme_value(p))),
             Catch::Contains("Your confidence today"));

  // Before (2 Mar): Generative AI 2,1,3,2,1,3 from s1..s6; each of s2..s6 also rates their own
  // skill 2,1,3,2,4; mentors' coaching 3,2,4,3,2,3 from m1..m6.
  const int gen_before[] = {2, 1, 3, 2, 1, 3};
  const int own_before[] = {0, 2, 1, 3, 2, 4};
  const int coach_before[] = {3, 2, 4, 3, 2, 3};
  for (int i = 1; i <= 6; ++i) {
    std::map<std::string, std::string> ratings{
        {"confidence_generative_ai", std::to_string(gen_before[i - 1])}};
    if (i > 1) ratings["confidence_" + kSkills[i - 1]] = std::to_string(own_before[i - 1]);
    INFO("s" << i);
    CHECK(template_ids(rate_before(p, "s" + std::to_string(i), ratings)) ==
          std::vector<std::string>{"impact.before.saved"});
    CHECK(
        template_ids(rate_before(p, "m" + std::to_string(i),
                                 {{"confidence_coaching", std::to_string(coach_before[i - 1])}})) ==
        std::vector<std::string>{"impact.before.saved"});
  }
  CHECK(rows(p, "SELECT count(*) FROM impact_ratings WHERE phase = 'before'") == 6 + 5 + 6);

  // Orientation: everyone but m6 confirms theirs; the managers see it.
  for (int i = 1; i <= 6; ++i) {
    CHECK(template_ids(p.press("s" + std::to_string(i), "orientation.ack", "mentee")) ==
          std::vector<std::string>{"orientation.acknowledged"});
    if (i < 6) p.press("m" + std::to_string(i), "orientation.ack", "mentor");
  }
  CHECK_THAT(all_text(p.say("pat", "status spring pilot")),
             Catch::Contains("*Orientation:* 11 of 12 acknowledged."));

  // Goals: pair 1 and pair 2 agree one each; pair 1's is done at its first check-in.
  for (const char* n : {"1", "2"}) {
    const auto pair = buttons_in(last_delivered(p, std::string("m") + n, "pair.kickoff"))[0].value;
    auto form = p.press(std::string("m") + n, "goal.new", pair);
    REQUIRE(form_of(form));
    REQUIRE(p.submit(std::string("m") + n, form_of(form)->form_id,
                     {{"specific", "Build a Power BI dashboard of the sales pipeline for my team"},
                      {"measurable", "Dashboard used in 4 weekly reviews"},
                      {"achievable", "The data already exists"},
                      {"relevant", "We decide on stale numbers today"},
                      {"due_date", "2026-06-30"}})
                .form_errors.empty());
    p.run_due_jobs();
    auto agree = buttons_in(last_delivered(p, std::string("s") + n, "goal.proposed"))[0];
    p.press(std::string("s") + n, agree.action_id, agree.value);
  }

  // Sessions on 4 Mar for pairs 1-3: pairs 1 and 2 meet, pair 3 misses; pair 4 books 15 Jul.
  book_at_ten(p, "m1", "s1", "2026-03-04");
  book_at_ten(p, "m2", "s2", "2026-03-04");
  book_at_ten(p, "m3", "s3", "2026-03-04");
  book_at_ten(p, "m4", "s4", "2026-07-15");
  p.clock.set(TimePoint{sys_days{2026y / March / 4}} + hours{10});
  p.run_due_jobs();
  auto ask = buttons_in(last_delivered(p, "s1", "checkin.ask"));
  auto notes = p.press("s1", ask[0].action_id, ask[0].value);
  REQUIRE(form_of(notes));
  std::map<std::string, std::string> progress{{"learned", "Prompting"}, {"actions", ""}};
  for (const auto& in : form_of(notes)->inputs)
    if (in.id.starts_with("goal_")) progress[in.id] = "100";
  REQUIRE(progress.size() == 3);
  REQUIRE(p.submit("s1", form_of(notes)->form_id, progress).form_errors.empty());
  check_in_on_4_march(p, "s2", 0);
  check_in_on_4_march(p, "s3", 1);

  // A mentor circle from 4 Mar: five of the six mentors answer; on 9 Mar the themes come back to
  // Pat's chat (where the circle was started) without names. "questions" is in three answers,
  // "slides" in two; "feedback" in three of the stuck ones.
  p.say("pat", "circle on");
  p.run_due_jobs();
  answer_circle(p, "m1", "Open questions about his slides", "Feedback upwards");
  answer_circle(p, "m2", "Asking questions first", "Giving feedback to a director");
  answer_circle(p, "m3", "Short questions, short demos", "Time");
  answer_circle(p, "m4", "Redoing his slides together", "Feedback that lands");
  answer_circle(p, "m5", "Real data", "");
  p.clock.set(TimePoint{sys_days{2026y / March / 9}} + hours{10});
  p.run_due_jobs();
  const auto circle = text_of(last_delivered(p, "pat", "circle.share"));
  CHECK_THAT(circle, Catch::Contains("5 of 6 mentors answered"));
  CHECK_THAT(circle, Catch::Contains("recurring themes _questions_ (3), _slides_ (2)"));
  CHECK_THAT(circle, Catch::Contains("recurring themes _feedback_ (3)"));
  for (int i = 1; i <= 6; ++i) CHECK_THAT(circle, !Catch::Contains("M" + std::to_string(i)));

  // Once the programme has started, a "before" rating is too late.
  p.clock.set(TimePoint{sys_days{2026y / March / 17}} + hours{9});
  p.run_due_jobs();
  CHECK(template_ids(p.press("s1", "impact.rate", programme_value(p))) ==
        std::vector<std::string>{"impact.before.closed"});

  // The midpoint pulse (Sat 16 May, 09:00 Berlin): six mentees answer "would you recommend"
  // 10, 9, 9, 8, 6, 10.
  p.clock.set(TimePoint{sys_days{2026y / May / 16}} + hours{8});
  p.run_due_jobs();
  const char* recommend[] = {"10", "9", "9", "8", "6", "10"};
  for (int i = 1; i <= 6; ++i)
    REQUIRE(template_ids(answer_pulse(p, "s" + std::to_string(i), recommend[i - 1])) ==
            std::vector<std::string>{"pulse.thanks"});

  // The wrap-up (Thu 9 Jul, 09:00 Berlin) asks the same confidence questions again.
  p.clock.set(TimePoint{sys_days{2026y / July / 9}} + hours{7});
  p.run_due_jobs();

  // A rating out of range or not a number comes back beside its field; nothing is saved.
  auto bad = wrap_up(p, "s2",
                     {{"confidence_generative_ai", "7"},
                      {"confidence_data_visualisation", "lots"},
                      {"testimonial", "Kept"},
                      {"share", "yes"}});
  CHECK_THAT(bad.form_errors["confidence_generative_ai"], Catch::Contains("from 1 to 5"));
  CHECK_THAT(bad.form_errors["confidence_data_visualisation"], Catch::Contains("whole number"));
  CHECK(rows(p, "SELECT count(*) FROM impact_ratings WHERE phase = 'after'") == 0);
  CHECK(rows(p, "SELECT count(*) FROM wrapups") == 0);

  // After: Generative AI 4,3,4,2,4,5; own skills 3,2,3,4,5 (s2..s6); coaching 4,4,4,5,3 from
  // m1..m5, while m6 leaves it empty. S1 and M1 share a testimonial; S2 writes one but keeps it.
  const int gen_after[] = {4, 3, 4, 2, 4, 5};
  const int own_after[] = {0, 3, 2, 3, 4, 5};
  const int coach_after[] = {4, 4, 4, 5, 3};
  for (int i = 1; i <= 6; ++i) {
    std::map<std::string, std::string> fields{
        {"confidence_generative_ai", std::to_string(gen_after[i - 1])}};
    if (i > 1) fields["confidence_" + kSkills[i - 1]] = std::to_string(own_after[i - 1]);
    if (i == 1)
      fields.insert({{"testimonial", "Generative AI is less scary now."}, {"share", "yes"}});
    if (i == 2) fields.insert({{"testimonial", "Private thoughts."}, {"share", "no"}});
    INFO("s" << i);
    CHECK(wrap_up(p, "s" + std::to_string(i), fields).form_errors.empty());
    std::map<std::string, std::string> mentor;
    if (i <= 5) mentor["confidence_coaching"] = std::to_string(coach_after[i - 1]);
    if (i == 1) mentor.insert({{"testimonial", "I learned to teach."}, {"share", "yes"}});
    CHECK(wrap_up(p, "m" + std::to_string(i), mentor).form_errors.empty());
  }
  CHECK(rows(p, "SELECT count(*) FROM impact_ratings WHERE phase = 'after'") == 6 + 5 + 5);

  p.clock.set(TimePoint{sys_days{2026y / July / 10}} + hours{9});
  p.run_due_jobs();
  CHECK(template_ids(p.say("s1", "impact")) == std::vector<std::string>{"router.managers_only"});
  // While it runs there is no report: each wrap-up would visibly move the figures.
  CHECK(template_ids(p.say("pat", "impact spring pilot")) ==
        std::vector<std::string>{"impact.not_closed"});
  auto close = buttons_in(p.say("pat", "programme close spring pilot").messages.at(0));
  REQUIRE_FALSE(close.empty());
  p.press("pat", close[0].action_id, close[0].value);
  // Closed, the ratings no longer change: a late re-rating is not taken.
  wrap_up(p, "s3", {{"confidence_generative_ai", "1"}});
  auto report = p.say("pat", "impact spring pilot");
  REQUIRE(template_ids(report) == std::vector<std::string>{"impact.report"});
  const auto text = all_text(report);
  INFO(text);
  // Generative AI, the six mentees who rated it both times:
  //   before (2+1+3+2+1+3)/6 = 12/6 = 2.0; after (4+3+4+2+4+5)/6 = 22/6 = 3.67; change +1.67.
  CHECK_THAT(text, Catch::Contains("Generative AI: 2.0 → 3.7 (+1.7, 6 people)"));
  // Every other skill has one rater: suppressed. Together they hide five people (s2..s6), so
  // hiding them does not expose them through the overall figure, and Generative AI stays shown.
  for (const char* skill :
       {"Automation", "Cloud", "Data visualisation", "Security", "Social media"})
    CHECK_THAT(text, Catch::Contains(std::string(skill) +
                                     ": fewer than 5 answers — not shown to protect anonymity"));
  // Mentees overall, each (mentee, skill) rated both times once: 6 + 5 = 11 ratings by 6 people.
  //   before (12 + 2+1+3+2+4)/11 = 24/11 = 2.18; after (22 + 3+2+3+4+5)/11 = 39/11 = 3.55;
  //   change 15/11 = +1.36, shown as the difference of the figures shown: 3.5 - 2.2 = +1.3.
  CHECK_THAT(text, Catch::Contains("Mentees' confidence:* 2.2 → 3.5 (+1.3, 6 people)"));
  // Mentors as coaches, the five who rated both times (m6 did not rate after):
  //   before (3+2+4+3+2)/5 = 2.8; after (4+4+4+5+3)/5 = 4.0; change +1.2.
  CHECK_THAT(text, Catch::Contains("Mentors' confidence as coaches:* 2.8 → 4.0 (+1.2, 5 people)"));
  // Pairs 1 and 2 met on 4 Mar, pair 3 missed, pair 4's 15 Jul session is still ahead.
  CHECK_THAT(text, Catch::Contains("*Sessions:* 2 held, 1 still planned, 1 missed."));
  // Pair 1's goal reached 100%; pair 2's is agreed, not done.
  CHECK_THAT(text, Catch::Contains("*Goals met:* 1 of 2."));
  // Midpoint pulse: promoters (9-10) 4 of 6, detractors (0-6) 1 of 6: (4 - 1) / 6 = +50. The
  // end pulse asked at the wrap-up is still open, so the midpoint is the newest closed wave.
  CHECK_THAT(text, Catch::Contains("*NPS:* +50 (at the midpoint, from 6 answers)"));
  // Only the testimonials their authors agreed to share, with their names.
  CHECK_THAT(text, Catch::Contains("Generative AI is less scary now.\n— S1"));
  CHECK_THAT(text, Catch::Contains("I learned to teach.\n— M1"));
  CHECK_THAT(text, !Catch::Contains("Private thoughts."));

  // The dashboard shows the same figures, under the same rules.
  p.serve();
  std::smatch link;
  const auto dashboard_reply = all_text(p.say("pat", "dashboard"));
  REQUIRE(
      std::regex_search(dashboard_reply, link, std::regex(R"(/dashboard/login/([0-9a-f]{48}))")));
  http::HttpClient client;
  auto login = client.send({"GET", p.url("/dashboard/login/" + link[1].str()), {}, ""});
  REQUIRE(login.status == 303);
  const auto cookie = login.header("set-cookie");
  http::ClientRequest get_page{"GET", p.url("/dashboard"), {}, ""};
  get_page.headers.emplace_back("Cookie", cookie.substr(0, cookie.find(';')));
  const auto page = client.send(get_page).body;
  CHECK_THAT(page, Catch::Contains("<th scope=\"row\">Mentees: Generative AI</th><td>2.0</td>"
                                   "<td>3.7</td><td>+1.7</td><td>6</td>"));
  CHECK_THAT(page, Catch::Contains("<th scope=\"row\">Mentees, all skills</th><td>2.2</td>"
                                   "<td>3.5</td><td>+1.3</td><td>6</td>"));
  CHECK_THAT(page, Catch::Contains("<th scope=\"row\">Mentees: Cloud</th><td colspan=\"4\">"
                                   "fewer than 5 answers — not shown to protect anonymity"));
  CHECK_THAT(page, Catch::Contains("<th scope=\"row\">Mentors as coaches</th><td>2.8</td>"
                                   "<td>4.0</td><td>+1.2</td><td>5</td>"));

  // my-data lists a person's own ratings; forget-me deletes them.
  const auto s6 = person_id(p, "s6");
  const auto sections = in_db(
      p, [&](SQLite::Database& db) { return storage::PrivacyRepository(db).export_sections(s6); });
  const auto mine = std::find_if(sections.begin(), sections.end(),
                                 [](const auto& s) { return s.first == "confidence_ratings"; });
  REQUIRE(mine != sections.end());
  CHECK_THAT(mine->second, Catch::Contains(R"("phase":"before","about":"Security","rating":4)"));
  auto forget = buttons_in(p.say("s6", "forget-me").messages.at(0));
  p.press("s6", forget.at(0).action_id, forget.at(0).value);
  CHECK(rows(p, "SELECT count(*) FROM impact_ratings WHERE person_id = " + std::to_string(s6)) ==
        0);
  CHECK(rows(p, "SELECT count(*) FROM impact_ratings") == 17 + 16 - 2 - 2);

  // The retention purge of the closed programme (closed above) takes the ratings with the
  // intakes.
  p.clock.set(p.clock.now() + days{365});
  p.run_due_jobs();
  CHECK(rows(p, "SELECT count(*) FROM impact_ratings") == 0);
}

TEST_CASE("impact: an out-of-range before rating is refused beside its field and nothing is saved",
          "[impact]") {
  TestProgram p(with_admin("pat"));
  REQUIRE(p.submit("pat", "programme.create", good_programme()).form_errors.empty());
  p.say("lee", "join mentee");
  auto opened = p.press("lee", "intake.open");
  REQUIRE(form_of(opened));
  auto answers = good_intake();
  answers.erase("capacity");
  answers["level"] = "8";
  answers["manager_email"] = "";
  answers["teaches"] = "strategy";
  answers["learns"] = "generative_ai,automation";
  auto saved = p.submit("lee", form_of(opened)->form_id, answers);
  REQUIRE(saved.form_errors.empty());
  // The intake's confirmation carries the button to the "before" form.
  auto buttons = buttons_in(saved.messages.at(0));
  REQUIRE_FALSE(buttons.empty());
  CHECK(buttons[0].action_id == "impact.rate");

  auto form = p.press("lee", buttons[0].action_id, buttons[0].value);
  REQUIRE(form_of(form));
  const std::string form_id = form_of(form)->form_id;
  auto r =
      p.submit("lee", form_id, {{"confidence_generative_ai", "0"}, {"confidence_automation", ""}});
  CHECK_THAT(r.form_errors["confidence_generative_ai"], Catch::Contains("from 1 to 5"));
  CHECK(r.form_errors.contains("confidence_automation"));  // required in the "before" form
  CHECK(r.messages.empty());
  CHECK(rows(p, "SELECT count(*) FROM impact_ratings") == 0);

  r = p.submit("lee", form_id,
               {{"confidence_generative_ai", "2"}, {"confidence_automation", " 4 "}});
  CHECK(r.form_errors.empty());
  CHECK(rows(p, "SELECT count(*) FROM impact_ratings WHERE rating IN (2, 4)") == 2);
  // Sent again, the form shows what was saved and replaces it.
  form = p.press("lee", buttons[0].action_id, buttons[0].value);
  CHECK(initial_values(*form_of(form))["confidence_automation"] == "4");
  p.submit("lee", form_id, {{"confidence_generative_ai", "3"}, {"confidence_automation", "3"}});
  CHECK(rows(p, "SELECT count(*) FROM impact_ratings") == 2);
  CHECK(rows(p, "SELECT sum(rating) FROM impact_ratings") == 6);
}

TEST_CASE("impact: a programme with fewer than 5 participants gets no report", "[impact]") {
  TestProgram p(with_admin("pat"));
  paired_cohort(p, 2, "Finance", "Sales");
  auto r = p.say("pat", "impact");
  CHECK(template_ids(r) == std::vector<std::string>{"impact.too_small"});
  CHECK_THAT(all_text(r), Catch::Contains("has 4 participants, fewer than 5"));
  CHECK_THAT(all_text(p.say("pat", "impact autumn pilot")), Catch::Contains("couldn't find"));
}

TEST_CASE(
    "impact figures: a skill with fewer than 5 raters is hidden, and so is one that would "
    "give it away",
    "[impact]") {
  using storage::Role;
  std::vector<storage::RatingRow> given;
  auto rate = [&](std::int64_t person, Role role, const std::string& topic, int before, int after) {
    given.push_back({person, role, "before", {topic, topic, before}});
    given.push_back({person, role, "after", {topic, topic, after}});
  };
  // A: five mentees (1-5), B: three others (6-8), C: one of A's (1). Overall 9 ratings by 8 people.
  for (int i = 1; i <= 5; ++i) rate(i, Role::mentee, "A", 2, 4);
  for (int i = 6; i <= 8; ++i) rate(i, Role::mentee, "B", 1, 5);
  rate(1, Role::mentee, "C", 3, 3);
  // Four mentors: fewer than 5, so their coaching change is not shown.
  for (int i = 11; i <= 14; ++i) rate(i, Role::mentor, "coaching", 2, 3);

  auto f = handlers::impact::impact_figures(given, 5);
  REQUIRE(f.mentees);
  CHECK(f.mentees->people == 8);
  CHECK(f.mentees->ratings == 9);
  // (5*2 + 3*1 + 3) / 9 = 16/9 before; (5*4 + 3*5 + 3) / 9 = 38/9 after.
  CHECK(f.mentees->before == Approx(16.0 / 9));
  CHECK(f.mentees->after == Approx(38.0 / 9));
  CHECK_FALSE(f.mentors);
  REQUIRE(f.skills.size() == 3);
  // B (3 people) and C (1 person) are hidden: 4 people, fewer than 5, whom "overall minus A"
  // would reveal; so A, the smallest shown group, is hidden too.
  for (const auto& s : f.skills) {
    INFO(s.label);
    CHECK_FALSE(s.change);
  }

  // With a fourth B rater, the hidden B and C hold 5 people, and A is shown.
  rate(9, Role::mentee, "B", 1, 5);
  f = handlers::impact::impact_figures(given, 5);
  REQUIRE(f.skills[0].change);
  CHECK(f.skills[0].label == "A");
  CHECK(f.skills[0].change->delta() == Approx(2.0));
  CHECK_FALSE(f.skills[1].change);
  CHECK_FALSE(f.skills[2].change);
}
