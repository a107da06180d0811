// Mentor circles (issue #8): a manager turns the circle on where the prompts should go, each mentor
// answers privately, and the recurring themes come back without names, only when enough mentors
// answered (the pulse surveys' anonymity threshold). Console dispatcher, fake clock.
#include <catch2/catch.hpp>

#include "handlers/circles/themes.hpp"
#include "storage/privacy.hpp"
#include "support/programme_helpers.hpp"
#include "support/test_program.hpp"

using namespace flipside;
using namespace flipside::testing;
using namespace std::chrono;
using Catch::Contains;

namespace {

void programme_with_mentors(TestProgram& p, int mentors) {
  p.say("pat", "hi");
  REQUIRE(p.submit("pat", "programme.create", good_programme()).form_errors.empty());
  for (int i = 1; i <= mentors; ++i)
    join_with_intake(p, "c" + std::to_string(i), "mentor", {{"teaches", "generative_ai"}});
  join_with_intake(p, "lee", "mentee", {{"learns", "generative_ai"}});
}

}  // namespace

TEST_CASE("circle themes: words in at least two answers, counted once per answer", "[circles]") {
  auto themes = handlers::circles::common_themes({"Feedback, feedback and more feedback",
                                                  "Giving feedback upwards", "Time with the team",
                                                  "The team liked it"});
  REQUIRE(themes.size() == 2);
  CHECK(themes[0].word == "feedback");
  CHECK(themes[0].answers == 2);  // three times in one answer still counts once
  CHECK(themes[1].word == "team");
  CHECK(handlers::circles::common_themes({"with that", "with that"}).empty());  // filler only
}

TEST_CASE("a mentor circle: prompt in the chosen chat, private answers, themes without names",
          "[circles]") {
  TestProgram p(with_admin("pat"));
  programme_with_mentors(p, 6);
  CHECK(template_ids(p.say("c1", "circle on")) == std::vector<std::string>{"router.managers_only"});
  CHECK_THAT(all_text(p.say("pat", "circle on weekly")), Contains("*fortnightly*"));  // usage
  auto started = all_text(p.say("pat", "circle on"));
  CHECK_THAT(started, Contains("is on, every four weeks"));
  CHECK_THAT(started, !Contains("Heads-up"));
  p.run_due_jobs();

  // The prompt goes where the manager typed the command; the questions to each mentor only.
  REQUIRE(count_template(p.delivered_to("pat"), "circle.prompt") == 1);
  CHECK_THAT(text_of(last_delivered(p, "pat", "circle.prompt")),
             Contains("I've sent each of you (6) a short form"));
  for (int i = 1; i <= 6; ++i)
    CHECK(count_template(p.delivered_to("c" + std::to_string(i)), "circle.ask") == 1);
  CHECK(count_template(p.delivered_to("lee"), "circle.ask") == 0);

  CHECK(template_ids(answer_circle(p, "c1", "Letting him drive the keyboard during the demo",
                                   "Giving feedback to a director feels awkward")) ==
        std::vector<std::string>{"circle.thanks"});
  CHECK(template_ids(answer_circle(p, "c1", "Again", "")) ==
        std::vector<std::string>{"circle.already"});
  answer_circle(p, "c2", "Short demos with real data from his team",
                "Feedback on his slides; he gets defensive");
  answer_circle(p, "c3", "A shared agenda before each session",
                "Finding time: meetings keep moving");
  answer_circle(p, "c4", "Live demos worked better than slides",
                "How to give feedback upwards without sounding rude");
  // Nothing written: a field error, and nothing saved.
  auto empty = answer_circle(p, "c6", "  ", "");
  CHECK(empty.form_errors.count("worked") == 1);
  answer_circle(p, "c5", "Agenda agreed in advance", "");
  CHECK_THAT(all_text(p.say("pat", "circle status")),
             Contains("Round 1: 5 of 6 mentors answered so far"));

  // Five days on, the round closes: themes and answers in the circle, in an order unrelated to
  // who answered, with no names. Worked: "agenda" (c3, c5) and "demos" (c2, c4); stuck:
  // "feedback" (c1, c2, c4).
  p.clock.set(p.clock.now() + days{5});
  p.run_due_jobs();
  auto shared = text_of(last_delivered(p, "pat", "circle.share"));
  CHECK_THAT(shared, Contains("5 of 6 mentors answered"));
  CHECK_THAT(shared, Contains("*What worked*: recurring themes _agenda_ (2), _demos_ (2)"));
  CHECK_THAT(shared, Contains("*Where mentors are stuck*: recurring themes _feedback_ (3)"));
  CHECK(shared.find("> A shared agenda") < shared.find("> Agenda agreed in advance"));
  CHECK(shared.find("> Agenda agreed in advance") < shared.find("> Letting him drive"));
  for (int i = 1; i <= 6; ++i) CHECK_THAT(shared, !Contains("C" + std::to_string(i)));
  CHECK(template_ids(answer_circle(p, "c6", "Late, but here", "")) ==
        std::vector<std::string>{"circle.closed"});

  // Four weeks after the first, round 2; only two answer, so nothing is shared, and the circle
  // hears why.
  p.clock.set(TimePoint{from_unix(kStartUnix)} + days{28});
  p.run_due_jobs();
  REQUIRE(count_template(p.delivered_to("pat"), "circle.prompt") == 2);
  CHECK_THAT(text_of(last_delivered(p, "pat", "circle.prompt")), Contains("round 2"));
  answer_circle(p, "c1", "Pairing on a real report", "");
  answer_circle(p, "c2", "Pairing again", "");
  p.clock.set(p.clock.now() + days{5});
  p.run_due_jobs();
  auto second = text_of(last_delivered(p, "pat", "circle.share"));
  CHECK_THAT(second, Contains("2 of 6 mentors answered, fewer than 5"));
  CHECK_THAT(second, !Contains("Pairing"));

  // Off: no third round.
  CHECK_THAT(all_text(p.say("pat", "circle off")), Contains("is off"));
  p.clock.set(TimePoint{from_unix(kStartUnix)} + days{60});
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("pat"), "circle.prompt") == 2);
}

TEST_CASE("a circle smaller than the anonymity threshold never shares answers, and says why",
          "[circles]") {
  TestProgram p(with_admin("pat"));
  programme_with_mentors(p, 3);
  CHECK_THAT(all_text(p.say("pat", "circle on fortnightly")),
             Contains("the programme has 3 mentors, and themes are shared only when at least 5"));
  p.run_due_jobs();
  // Typed again, the circle keeps its pace: no second round opens now.
  CHECK_THAT(all_text(p.say("pat", "circle on fortnightly")), Contains("the next round starts on"));
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("pat"), "circle.prompt") == 1);
  for (int i = 1; i <= 3; ++i) answer_circle(p, "c" + std::to_string(i), "Screen sharing", "Time");
  p.clock.set(p.clock.now() + days{5});
  p.run_due_jobs();
  auto shared = text_of(last_delivered(p, "pat", "circle.share"));
  CHECK_THAT(shared, Contains("Only 3 mentors were in this round, fewer than 5"));
  CHECK_THAT(shared, !Contains("Screen sharing"));
  // Fortnightly: the next round two weeks after the first.
  p.clock.set(TimePoint{from_unix(kStartUnix)} + days{14});
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("pat"), "circle.prompt") == 2);
}

TEST_CASE("my-data lists the circle rounds someone was asked in, never what they wrote",
          "[circles][privacy]") {
  TestProgram p(with_admin("pat"));
  programme_with_mentors(p, 5);
  p.say("pat", "circle on");
  p.run_due_jobs();
  answer_circle(p, "c1", "Pairing on the quarterly report", "");
  const auto me = person_id(p, "c1");
  const auto sections = in_db(
      p, [&](SQLite::Database& db) { return storage::PrivacyRepository(db).export_sections(me); });
  std::string circles_section, everything;
  for (const auto& [name, value] : sections) {
    everything += value;
    if (name == "mentor_circle_invitations") circles_section = value;
  }
  CHECK_THAT(circles_section, Contains("\"round\":1") && Contains("\"answered\":true"));
  CHECK_THAT(everything, !Contains("quarterly report"));
}
