// Issue #8, beyond pairing: the role's orientation on joining (with "Got it" for the managers to
// see) and the resource hub (topics, near misses, a hand-edited file with broken entries, and the
// links agendas suggest). Through the console dispatcher on SQLite, with the fake clock.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "support/programme_helpers.hpp"
#include "support/script_time.hpp"
#include "support/slack_cohort.hpp"
#include "support/temp_dir.hpp"
#include "support/test_program.hpp"
#include "templates/store.hpp"

using namespace flipside;
using namespace flipside::testing;
using namespace std::chrono;

namespace {

const ui::Message* message_with(const Reply& r, const std::string& template_id) {
  for (const auto& m : r.messages)
    if (m.template_id == template_id) return &m;
  return nullptr;
}

void open_spring_pilot(TestProgram& p) {
  REQUIRE(p.submit("pat", "programme.create", good_programme()).form_errors.empty());
}

std::string status_of(TestProgram& p) {
  return all_text(p.say("pat", "status"));
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// A hand-edited resources file: two good entries and one of each mistake a manager might make.
const char* kMixedResources = R"({
  "$kind": "resources",
  "resources": [
    {"title": "Pairing well", "url": "https://example.com/pairing", "kind": "article",
     "topics": ["mentoring"], "skills": ["Active listening"], "note": "Start here."},
    {"title": "Broken scheme", "url": "htp://example.com/x", "kind": "video", "topics": ["culture"]},
    {"title": "Relative link", "url": "/wiki/agile", "kind": "guide", "topics": ["ways_of_working"]},
    {"title": "Spaced link", "url": "https://example.com/a b", "kind": "guide", "topics": ["dei"]},
    {"title": "No host", "url": "https:///path", "kind": "guide", "topics": ["dei"]},
    {"title": "No kind", "url": "https://example.com/k", "topics": ["dei"]},
    {"url": "https://example.com/untitled", "kind": "article", "topics": ["dei"]},
    {"title": "Webinar", "url": "https://example.com/w", "kind": "webinar", "topics": ["dei"]},
    {"title": "Nowhere to file", "url": "https://example.com/n", "kind": "article"},
    {"title": "pairing WELL", "url": "https://example.com/again", "kind": "video", "topics": ["dei"]},
    {"title": "Data stories", "url": "http://intranet.example:8080/data?x=1", "kind": "course",
     "topics": ["ai_data"], "skills": ["Data visualisation"]}
  ]
})";

}  // namespace

TEST_CASE("joining a programme brings the role's orientation once, with a Got it button",
          "[orientation]") {
  TestProgram p(with_admin("pat"));
  open_spring_pilot(p);

  auto ana = p.say("ana", "join mentor");
  CHECK(template_ids(ana) ==
        std::vector<std::string>{"join.confirmed", "intake.invite", "orientation.mentor"});
  const auto* mentor = message_with(ana, "orientation.mentor");
  REQUIRE(mentor);
  const auto mentor_text = text_of(*mentor);
  CHECK_THAT(mentor_text, Catch::Contains("you are the mentor") && Catch::Contains("Coach") &&
                              Catch::Contains("Give feedback") &&
                              Catch::Contains("Manage upwards") &&
                              Catch::Contains("Confidential, both ways"));
  CHECK_THAT(mentor_text, !Catch::Contains("Listen actively"));
  REQUIRE(buttons_in(*mentor).size() == 1);
  CHECK(buttons_in(*mentor)[0].label == "Got it");
  CHECK(buttons_in(*mentor)[0].action_id == "orientation.ack");

  auto lee = p.say("lee", "join mentee");
  const auto* mentee = message_with(lee, "orientation.mentee");
  REQUIRE(mentee);
  CHECK_THAT(text_of(*mentee),
             Catch::Contains("you are the mentee") && Catch::Contains("Listen actively") &&
                 Catch::Contains("Ask open questions") && Catch::Contains("Apply what you learn") &&
                 Catch::Contains("Confidential, both ways"));
  CHECK_THAT(text_of(*mentee), !Catch::Contains("Manage upwards"));

  // Joining again changes nothing and sends nothing more, now or later.
  CHECK(template_ids(p.say("ana", "join mentor")) == std::vector<std::string>{"join.already"});
  p.clock.advance(days{3});
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("ana"), "orientation.mentor") == 0);
  CHECK(count_template(p.delivered_to("lee"), "orientation.mentee") == 0);
}

TEST_CASE("people waiting for a programme get their orientation when it opens, once",
          "[orientation]") {
  TestProgram p(with_admin("pat"));
  auto early = p.say("ana", "join mentee");
  CHECK_THAT(all_text(early), Catch::Contains("No programme is open"));
  CHECK_FALSE(message_with(early, "orientation.mentee"));  // no programme, no role to take up yet
  open_spring_pilot(p);
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("ana"), "orientation.mentee") == 1);
  CHECK(count_template(p.delivered_to("ana"), "orientation.mentor") == 0);
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("ana"), "orientation.mentee") == 1);
}

TEST_CASE("Got it is recorded for the managers, a second click is harmless, a stale one refused",
          "[orientation]") {
  TestProgram p(with_admin("pat"));
  open_spring_pilot(p);
  p.say("ana", "join mentor");
  p.say("lee", "join mentee");
  set_email(p, "ana", "ana@example.com");
  set_email(p, "lee", "lee@example.com");
  CHECK_THAT(status_of(p), Catch::Contains("*Orientation:* 0 of 2 acknowledged."));

  CHECK(template_ids(p.press("ana", "orientation.ack", "mentor")) ==
        std::vector<std::string>{"orientation.acknowledged"});
  CHECK_THAT(status_of(p), Catch::Contains("*Orientation:* 1 of 2 acknowledged."));

  // Twice: nothing changes, and the reply says it was already done (and when).
  p.clock.advance(days{2});
  auto again = p.press("ana", "orientation.ack", "mentor");
  CHECK(template_ids(again) == std::vector<std::string>{"orientation.already"});
  CHECK_THAT(all_text(again), Catch::Contains("already confirmed") && Catch::Contains("2 Mar"));

  // A click for a role the person does not have, a forged value, or from someone not in the
  // programme: treated like any stale button, and nothing is recorded.
  for (const auto& [user, value] : std::vector<std::pair<std::string, std::string>>{
           {"lee", "mentor"}, {"lee", "' OR 1=1 --"}, {"lee", ""}, {"bob", "mentee"}})
    CHECK(template_ids(p.press(user, "orientation.ack", value)) ==
          std::vector<std::string>{"router.stale_action"});
  CHECK_THAT(status_of(p), Catch::Contains("*Orientation:* 1 of 2 acknowledged."));

  // `pair <email>` shows each person's acknowledgement; it survives a restart.
  p.restart();
  CHECK_THAT(all_text(p.say("pat", "pair ana@example.com")),
             Catch::Contains("Orientation: acknowledged on") && Catch::Contains("2 Mar"));
  CHECK_THAT(all_text(p.say("pat", "pair lee@example.com")),
             Catch::Contains("Orientation: not acknowledged yet."));
  CHECK(template_ids(p.press("lee", "orientation.ack", "mentee")) ==
        std::vector<std::string>{"orientation.acknowledged"});
  CHECK_THAT(status_of(p), Catch::Contains("*Orientation:* 2 of 2 acknowledged."));
}

TEST_CASE("changing role brings the new role's orientation, and the old Got it no longer counts",
          "[orientation]") {
  TestProgram p(with_admin("pat"));
  open_spring_pilot(p);
  p.say("ana", "join mentor");
  p.press("ana", "orientation.ack", "mentor");
  CHECK_THAT(status_of(p), Catch::Contains("*Orientation:* 1 of 1 acknowledged."));

  auto saved =
      p.submit("ana", "profile.edit",
               {{"display_name", "Ana"}, {"time_zone", "Europe/Berlin"}, {"role", "mentee"}});
  REQUIRE(saved.form_errors.empty());
  const auto* mentee = message_with(saved, "orientation.mentee");
  REQUIRE(mentee);
  CHECK_THAT(text_of(*mentee), Catch::Contains("Listen actively"));
  CHECK_THAT(status_of(p), Catch::Contains("*Orientation:* 0 of 1 acknowledged."));
  // The mentor orientation's button is stale now; the mentee one counts.
  CHECK(template_ids(p.press("ana", "orientation.ack", "mentor")) ==
        std::vector<std::string>{"router.stale_action"});
  CHECK(template_ids(p.press("ana", "orientation.ack", "mentee")) ==
        std::vector<std::string>{"orientation.acknowledged"});
  CHECK_THAT(status_of(p), Catch::Contains("*Orientation:* 1 of 1 acknowledged."));
}

TEST_CASE("Slack: the orientation arrives with the join and its Got it button is routed back",
          "[orientation][slack]") {
  SlackCohort s;
  s.create_programme();
  auto joined = s.command("UANA", "join mentor");
  CHECK_THAT(text_of(joined), Catch::Contains("you are the mentor"));
  const auto got_it = s.button(joined, "Got it");
  s.click("UANA", got_it);
  s.deliver_all();
  CHECK(s.posts_saying("UANA", "Thanks, noted") == 1);
  CHECK(
      s.count("SELECT count(*) FROM participants WHERE orientation_acknowledged_at IS NOT NULL") ==
      1);
  s.click("UANA", got_it);  // the same button again
  s.deliver_all();
  CHECK(s.posts_saying("UANA", "already confirmed the orientation") == 1);
  CHECK(s.posts_saying("UANA", "Thanks, noted") == 1);
}

TEST_CASE("orientation shows the guide again any time, and help lists the new verbs",
          "[orientation][resources]") {
  TestProgram p(with_admin("pat"));
  CHECK(template_ids(p.say("ana", "orientation")) ==
        std::vector<std::string>{"orientation.not_joined"});
  p.say("ana", "join mentor");  // no programme yet: the verb still explains the role
  auto shown = p.say("ana", "orientation");
  CHECK(template_ids(shown) == std::vector<std::string>{"orientation.mentor"});
  CHECK_THAT(all_text(shown),
             Catch::Contains("Manage upwards") && !Catch::Contains("You confirmed this"));
  p.press("ana", "orientation.ack", "mentor");
  CHECK_THAT(all_text(p.say("ana", "orientation")), Catch::Contains("You confirmed this on"));

  const auto help = all_text(p.say("ana", "help"));
  CHECK_THAT(help, Catch::Contains("`orientation`: read the short guide to your role again"));
  CHECK_THAT(help, Catch::Contains("`resources [topic]`: articles, videos and courses"));
}

TEST_CASE("resources lists topics and skills, a topic's links, and helps with near misses",
          "[resources]") {
  TestProgram p(with_admin("pat"));
  auto index = p.say("ana", "resources");
  CHECK(template_ids(index) == std::vector<std::string>{"resources.index"});
  CHECK_THAT(all_text(index), Catch::Contains("*Topics:*") && Catch::Contains("AI and data (") &&
                                  Catch::Contains("Mentoring well (") &&
                                  Catch::Contains("*Skills:*") &&
                                  Catch::Contains("Active listening (3)"));
  CHECK_THAT(all_text(index), !Catch::Contains("resources check"));  // a manager's tool
  CHECK_THAT(all_text(p.say("pat", "resources")), Catch::Contains("resources check"));

  // A skill, in any case.
  auto listening = p.say("ana", "resources active LISTENING");
  CHECK(template_ids(listening) == std::vector<std::string>{"resources.list"});
  const auto text = all_text(listening);
  CHECK_THAT(text,
             Catch::Contains("What great listeners actually do") &&
                 Catch::Contains("https://hbr.org/2016/07/what-great-listeners-actually-do") &&
                 Catch::Contains("5 ways to listen better") && Catch::Contains("(talk)"));
  CHECK_THAT(text, !Catch::Contains("AI for everyone"));

  // A topic, by its id or its label.
  const auto by_id = all_text(p.say("ana", "resources ai_data"));
  CHECK_THAT(by_id, Catch::Contains("Resources: AI and data") && Catch::Contains("Elements of AI"));
  CHECK(all_text(p.say("ana", "resources ai and data")) == by_id);

  // A typo, or one word of a longer name: a suggestion and the topics.
  auto typo = p.say("ana", "resources activ lisening");
  CHECK(template_ids(typo) == std::vector<std::string>{"resources.unknown"});
  CHECK_THAT(all_text(typo), Catch::Contains("nothing filed under *activ lisening*") &&
                                 Catch::Contains("Did you mean *Active listening*?") &&
                                 Catch::Contains("*Topics:*"));
  CHECK_THAT(all_text(p.say("ana", "resources feedback")),
             Catch::Contains("Did you mean *Giving feedback*?"));

  // Unknown and nothing near: the topics to choose from, no guess.
  auto unknown = all_text(p.say("ana", "resources knitting"));
  CHECK_THAT(unknown, Catch::Contains("nothing filed under *knitting*") &&
                          !Catch::Contains("Did you mean") && Catch::Contains("Sustainability ("));

  // The built-in list is clean, and only managers may check it.
  CHECK(template_ids(p.say("ana", "resources check")) ==
        std::vector<std::string>{"router.managers_only"});
  CHECK_THAT(all_text(p.say("pat", "resources check")),
             Catch::Contains("All 19 resources passed their checks"));
}

TEST_CASE("a resources file with broken entries loads the good ones and flags the bad ones",
          "[resources]") {
  TempDir templates;
  const auto file = templates.path() / "resources" / "ours.json";
  write_file(file, kMixedResources);

  SECTION("the catalogue keeps the good entries and names each bad one with its reason") {
    const auto store = templates::TemplateStore::load(templates.path().string());
    const auto& catalogue = store.resources();
    REQUIRE(catalogue.entries().size() == 2);
    CHECK(catalogue.entries()[0].title == "Pairing well");
    CHECK(catalogue.entries()[1].url == "http://intranet.example:8080/data?x=1");
    const auto& problems = catalogue.problems();
    REQUIRE(problems.size() == 9);
    CHECK(problems[0].file == file.string());
    CHECK(problems[0].entry == "entry 2 (\"Broken scheme\")");
    CHECK_THAT(problems[0].reason, Catch::Contains("not an absolute http(s) link"));
    CHECK_THAT(problems[1].reason, Catch::Contains("\"/wiki/agile\" is not an absolute"));
    CHECK_THAT(problems[2].reason, Catch::Contains("contains a space"));
    CHECK_THAT(problems[3].reason, Catch::Contains("has no host"));
    CHECK(problems[4].reason == "missing kind");
    CHECK(problems[5].entry == "entry 7");
    CHECK(problems[5].reason == "missing title");
    CHECK_THAT(problems[6].reason, Catch::Contains("kind \"webinar\" is not one of"));
    CHECK_THAT(problems[7].reason, Catch::Contains("at least one topic or skill"));
    CHECK_THAT(problems[8].reason,
               Catch::Contains("duplicate title") && Catch::Contains("entry 1 (\"Pairing well\")"));
  }

  SECTION("through the chat: the list replaces the built-in one, managers see the problems") {
    Config c = with_admin("pat");
    c.templates_dir = templates.path().string();
    TestProgram p(c);
    auto index = all_text(p.say("ana", "resources"));
    CHECK_THAT(index, Catch::Contains("Mentoring well (1)") && Catch::Contains("AI and data (1)"));
    CHECK_THAT(index, !Catch::Contains("Sustainability") && !Catch::Contains("Culture"));
    CHECK_THAT(all_text(p.say("ana", "resources mentoring")),
               Catch::Contains("*Pairing well* (article): https://example.com/pairing _Start "
                               "here._"));

    auto check = all_text(p.say("pat", "resources check"));
    CHECK_THAT(check, Catch::Contains("2 resources are listed; 9 entries were skipped"));
    CHECK_THAT(check, Catch::Contains(file.string() + ", entry 3 (\"Relative link\"): url "
                                                      "\"/wiki/agile\" is not an absolute"));
    CHECK_THAT(check, Catch::Contains("entry 10 (\"pairing WELL\"): duplicate title"));

    // The manager fixes the file and restarts: the list follows, without recompiling.
    std::string fixed = kMixedResources;
    fixed.replace(fixed.find("htp://"), 6, "https://");
    write_file(file, fixed);
    p.restart();
    CHECK_THAT(all_text(p.say("ana", "resources culture")),
               Catch::Contains("*Broken scheme* (video): https://example.com/x"));
    CHECK_THAT(all_text(p.say("pat", "resources check")),
               Catch::Contains("3 resources are listed; 8 entries were skipped"));
  }

  SECTION("a file that is not a resource list at all stops start-up, naming it") {
    write_file(file, R"({"$kind": "resources", "items": []})");
    CHECK_THROWS_WITH(templates::TemplateStore::load(templates.path().string()),
                      Catch::Contains("ours.json") && Catch::Contains("\"resources\": ["));
  }
}

TEST_CASE("links are checked by shape only: absolute http(s) with a host, nothing to break chat",
          "[resources]") {
  using templates::url_problem;
  CHECK(url_problem("https://hbr.org/2019/11/the-leader-as-coach").empty());
  CHECK(url_problem("HTTP://intranet:8080/x?y=1#z").empty());
  CHECK_THAT(url_problem("ftp://example.com/file"), Catch::Contains("not an absolute http(s)"));
  CHECK_THAT(url_problem("example.com"), Catch::Contains("not an absolute http(s)"));
  CHECK_THAT(url_problem("https://"), Catch::Contains("has no host"));
  CHECK_THAT(url_problem("https://exa mple.com"), Catch::Contains("contains a space"));
  CHECK_THAT(url_problem("https://example.com/a|b"), Catch::Contains("breaks chat links"));
  CHECK_THAT(url_problem("https://-bad.example/"), Catch::Contains("invalid host"));
}

TEST_CASE("the first agenda links up to three resources that fit the pair's focus and skills",
          "[resources][agenda]") {
  TestProgram p(with_admin("pat"));
  // Spring pilot (focus: digital skills, AI and data); S1 wants to learn generative AI.
  paired_cohort(p, 1, "Finance", "Sales");
  book_at_ten(p, "m1", "s1", "2026-03-04");
  p.clock.set(utc("2026-03-03 12:00"));  // past the 24-hour reminder, which carries the agenda
  p.run_due_jobs();
  for (const auto* user : {"m1", "s1"}) {
    const auto text = text_of(last_delivered(p, user, "session.reminder"));
    CHECK_THAT(text, Catch::Contains("*Worth a look before you meet*"));
    // Generative AI and the AI and data focus first, then the next best fit, in list order.
    CHECK_THAT(text, Catch::Contains("• AI for everyone: https://www.coursera.org/learn/"
                                     "ai-for-everyone\n• Elements of AI: "
                                     "https://www.elementsofai.com/\n• Data visualization"));
    CHECK_THAT(text, !Catch::Contains("Managing your boss") && !Catch::Contains("Scrum"));
  }
}

TEST_CASE("an agenda suggests nothing when no resource fits the pair", "[resources][agenda]") {
  TempDir templates;
  write_file(templates.path() / "resources" / "ours.json", R"({"$kind": "resources",
    "resources": [{"title": "Composting at work", "url": "https://example.com/compost",
                   "kind": "guide", "topics": ["sustainability"], "skills": ["Composting"]}]})");
  Config c = with_admin("pat");
  c.templates_dir = templates.path().string();
  TestProgram p(c);
  paired_cohort(p, 1, "Finance", "Sales");
  book_at_ten(p, "m1", "s1", "2026-03-04");
  p.clock.set(utc("2026-03-03 12:00"));
  p.run_due_jobs();
  const auto text = text_of(last_delivered(p, "s1", "session.reminder"));
  CHECK_THAT(text, Catch::Contains("getting to know each other"));
  CHECK_THAT(text, !Catch::Contains("Worth a look") && !Catch::Contains("Composting"));
}
