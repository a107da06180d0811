// The shortlist flow (pick, accept, decline, timeout, collision) end to end through Slack: the real
// server on loopback, really signed slash commands, button clicks and modal submissions, and the
// outbox delivering through a fake Slack Web API. Everything asserted is what a Slack user would
// see (the posted blocks), plus the number of pairs in SQLite where that sharpens the point.
#include <catch2/catch.hpp>

#include <set>

#include "bot/outbox_dispatcher.hpp"
#include "bot/slack/slack_adapter.hpp"
#include "support/fake_slack.hpp"
#include "support/programme_helpers.hpp"
#include "support/slack_cohort.hpp"
#include "support/slack_requests.hpp"
#include "support/test_program.hpp"

using namespace flipside;
using namespace flipside::testing;
using nlohmann::json;
using namespace std::chrono;

TEST_CASE("Slack: the shortlist flow end to end: pick, accept, collision, decline, timeout",
          "[slack][matching]") {
  SlackCohort s;
  s.cohort_of_five_matched();

  // Each mentee gets the shortlist in their DM: three mentors, the optimal one first, each "why".
  auto lee_list = s.last_post("ULEE", "choose your mentor");
  auto mia_list = s.last_post("UMIA", "choose your mentor");
  INFO(text_of(lee_list));
  CHECK_THAT(text_of(lee_list),
             Catch::Contains("Spring pilot: choose your mentor") &&
                 Catch::Contains("teaches Generative AI, which Lee wants to learn"));
  REQUIRE(buttons_in(lee_list).size() == 3);
  REQUIRE(buttons_in(mia_list).size() == 3);
  CHECK(labels(buttons_in(lee_list)).front() == "Choose Ana");
  CHECK(labels(buttons_in(mia_list)).front() == "Choose Bob");
  for (const auto& b : buttons_in(lee_list)) CHECK(b.action_id == "match.pick");
  CHECK(s.slack.count("chat.postMessage") > 0);
  CHECK(s.posts_saying("UANA", "choose your mentor") == 0);  // mentors get no shortlist

  SECTION(
      "a mentee picks, the mentor accepts, both hear they are paired; a late pick is explained") {
    s.click("ULEE", s.button(lee_list, "Choose Ana"));
    s.deliver_all();
    CHECK_THAT(text_of(s.last_post("ULEE", "I've asked")), Catch::Contains("I've asked *Ana*"));
    // A second pick while waiting changes nothing.
    s.click("ULEE", s.button(lee_list, "Choose Cat"));
    s.deliver_all();
    CHECK_THAT(text_of(s.last_post("ULEE", "waiting for")),
               Catch::Contains("You're waiting for *Ana*"));
    CHECK(s.posts_saying("UCAT", "a mentee would like you") == 0);

    auto request = s.last_post("UANA", "a mentee would like you");
    CHECK_THAT(text_of(request), Catch::Contains("*Lee* (Data analyst) chose you"));
    CHECK(labels(buttons_in(request)) == std::vector<std::string>{"Accept", "Decline"});
    // Only Ana can answer her request: Bob replaying her button is told it is out of date.
    s.click("UBOB", s.button(request, "Accept"));
    s.deliver_all();
    CHECK_THAT(text_of(s.posts_to("UBOB").back()), Catch::Contains("belongs to an older message"));
    CHECK(s.pairs() == 0);

    s.click("UANA", s.button(request, "Accept"));
    CHECK(s.pairs() == 1);
    s.deliver_all();
    CHECK_THAT(text_of(s.last_post("ULEE", "You have a match!")),
               Catch::Contains("*Ana* is your mentor in *Spring pilot*"));
    CHECK_THAT(text_of(s.last_post("UANA", "You have a match!")),
               Catch::Contains("You're now mentoring *Lee* in *Spring pilot*"));
    // Accept again: nothing new.
    s.click("UANA", s.button(request, "Accept"));
    s.deliver_all();
    CHECK_THAT(text_of(s.posts_to("UANA").back()), Catch::Contains("already accepted"));
    CHECK(s.pairs() == 1);
    CHECK(s.posts_saying("ULEE", "You have a match!") == 1);

    // Mia picks Ana, whose one place is now taken: the explanation and her remaining options.
    s.click("UMIA", s.button(mia_list, "Choose Ana"));
    s.deliver_all();
    auto taken = s.last_post("UMIA", "was just taken");
    CHECK_THAT(text_of(taken), Catch::Contains("*Ana* was just taken"));
    auto rest = labels(buttons_in(taken));
    CHECK(std::set<std::string>(rest.begin(), rest.end()) ==
          std::set<std::string>{"Choose Bob", "Choose Cat"});
    CHECK(s.posts_saying("UANA", "a mentee would like you") == 1);

    // She picks Bob from there, who accepts: two pairs.
    s.click("UMIA", s.button(taken, "Choose Bob"));
    s.deliver_all();
    s.click("UBOB", s.button(s.last_post("UBOB", "a mentee would like you"), "Accept"));
    s.deliver_all();
    CHECK(s.pairs() == 2);
    CHECK_THAT(text_of(s.last_post("UMIA", "You have a match!")),
               Catch::Contains("*Bob* is your mentor"));
  }

  SECTION("two mentees pick the same mentor: the second is told; a decline brings the rest") {
    s.click("ULEE", s.button(lee_list, "Choose Cat"));
    s.click("UMIA", s.button(mia_list, "Choose Cat"));
    s.deliver_all();
    CHECK_THAT(text_of(s.last_post("ULEE", "I've asked")), Catch::Contains("I've asked *Cat*"));
    auto taken = s.last_post("UMIA", "was just taken");
    CHECK_THAT(text_of(taken), Catch::Contains("*Cat* was just taken by another mentee"));
    auto rest = labels(buttons_in(taken));
    CHECK(std::set<std::string>(rest.begin(), rest.end()) ==
          std::set<std::string>{"Choose Ana", "Choose Bob"});
    CHECK(s.posts_saying("UCAT", "a mentee would like you") == 1);  // never asked beyond capacity
    CHECK_THAT(text_of(s.last_post("UCAT", "a mentee would like you")), Catch::Contains("*Lee*"));

    // Cat declines Lee: Lee chooses again from Ana and Bob.
    s.click("UCAT", s.button(s.last_post("UCAT", "a mentee would like you"), "Decline"));
    s.deliver_all();
    CHECK_THAT(text_of(s.posts_to("UCAT").back()), Catch::Contains("No hard feelings"));
    auto again = s.last_post("ULEE", "can't take this on");
    CHECK_THAT(text_of(again), Catch::Contains("*Cat* can't take this on right now"));
    auto options = labels(buttons_in(again));
    CHECK(std::set<std::string>(options.begin(), options.end()) ==
          std::set<std::string>{"Choose Ana", "Choose Bob"});
    // Cat's button on the old shortlist is explained, not sent.
    s.click("ULEE", s.button(lee_list, "Choose Cat"));
    s.deliver_all();
    CHECK_THAT(text_of(s.posts_to("ULEE").back()), Catch::Contains("*Cat* already said no"));
    CHECK(s.posts_saying("UCAT", "a mentee would like you") == 1);

    // Cat has room again now, but not for Lee; Lee picks Ana from the new list, who accepts.
    s.click("ULEE", s.button(again, "Choose Ana"));
    s.deliver_all();
    s.click("UANA", s.button(s.last_post("UANA", "a mentee would like you"), "Accept"));
    s.deliver_all();
    CHECK(s.pairs() == 1);
    CHECK_THAT(text_of(s.last_post("ULEE", "You have a match!")),
               Catch::Contains("*Ana* is your mentor"));
  }

  SECTION("no answer within the answer window moves the request to the next option") {
    auto choices = buttons_in(lee_list);
    s.click("ULEE", choices[0]);  // Ana
    s.deliver_all();
    auto request = s.last_post("UANA", "a mentee would like you");
    s.program->clock.advance(hours{71});
    s.deliver_all();
    CHECK(s.posts_saying("ULEE", "didn't answer") == 0);
    s.program->clock.advance(hours{2});
    s.deliver_all();
    const auto next = choices[1].label.substr(std::string("Choose ").size());
    CHECK_THAT(text_of(s.last_post("ULEE", "didn't answer")),
               Catch::Contains("*Ana* didn't answer within 3 days") &&
                   Catch::Contains("I've asked *" + next + "*"));
    CHECK(s.posts_saying("UANA", "has expired") == 1);
    const std::string next_user = next == "Bob" ? "UBOB" : next == "Cat" ? "UCAT" : "UANA";
    CHECK(s.posts_saying(next_user, "a mentee would like you") == 1);
    CHECK_THAT(text_of(s.last_post(next_user, "a mentee would like you")),
               Catch::Contains("*Lee*"));
    // Ana's old Accept button no longer pairs anyone.
    s.click("UANA", s.button(request, "Accept"));
    s.deliver_all();
    CHECK_THAT(text_of(s.posts_to("UANA").back()), Catch::Contains("expired, so nothing changed"));
    CHECK(s.pairs() == 0);
    // The next mentor accepts in time: the pair forms.
    s.click(next_user, s.button(s.last_post(next_user, "a mentee would like you"), "Accept"));
    s.deliver_all();
    CHECK(s.pairs() == 1);
    CHECK_THAT(text_of(s.last_post("ULEE", "You have a match!")),
               Catch::Contains("*" + next + "* is your mentor"));
  }
}

TEST_CASE("Slack: an address typed in a command arrives as a mailto link and still works",
          "[slack][programmes]") {
  SlackCohort s;
  s.slack.set_user("USAM", "Europe/Berlin", "Sam", "sam@example.com");
  s.command("USAM", "help");  // Sam writes once, so the bot knows Sam's address
  s.command("UPAT", "help");
  s.program->app->slack()->refresh_profiles_now();  // the address from users.info
  const auto added =
      text_of(s.command("UPAT", "manager add <mailto:sam@example.com|sam@example.com>"));
  CHECK_THAT(added, Catch::Contains("Sam"));
  CHECK_THAT(added, !Catch::Contains("couldn't find"));
  CHECK(s.count("SELECT count(*) FROM managers m JOIN people p ON p.id = m.person_id"
                " WHERE p.email = 'sam@example.com'") == 1);
}
