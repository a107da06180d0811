// Slack end to end: the real server on loopback, really signed payloads, a fake Web API.
#include <catch2/catch.hpp>

#include "bot/outbox_dispatcher.hpp"
#include "bot/slack/slack_adapter.hpp"
#include "storage/people.hpp"
#include "support/fake_slack.hpp"
#include "support/slack_requests.hpp"
#include "support/test_program.hpp"

using namespace flipside;
using namespace flipside::testing;
using nlohmann::json;
using namespace std::chrono;

namespace {

struct SlackProgram {
  FakeSlack slack;
  std::unique_ptr<TestProgram> program;
  std::unique_ptr<SlackSender> send;

  SlackProgram() {
    Config config;
    config.slack_signing_secret = kSlackSecret;
    config.slack_bot_token = "xoxb-test-token";
    config.slack_api_url = slack.api_url();
    program = std::make_unique<TestProgram>(config);
    program->serve();
    send.reset(new SlackSender{program->url("/slack/events"), program->clock, {}});
  }
  void deliver() { program->app->outbox().deliver_due(); }
  std::int64_t count(const std::string& sql) {
    return program->app->db().transact(
        [&](SQLite::Database& db) { return db.execAndGet(sql).getInt64(); });
  }
};

std::string all_text(const json& blocks) {
  std::string out;
  for (const auto& b : blocks) out += b.dump();
  return out;
}

}  // namespace

TEST_CASE("Slack: unsigned, stale or forged requests get 401 and nothing is processed",
          "[slack][bad-input]") {
  SlackProgram s;
  auto body = slack::form_encode(
      {{"team_id", "T1"}, {"user_id", "U1"}, {"command", "/flipside"}, {"text", "join mentor"}});
  auto forged =
      s.send->post(body, "application/x-www-form-urlencoded", 0, "v0=" + std::string(64, '0'));
  CHECK(forged.status == 401);
  CHECK(forged.header("x-slack-no-retry") == "1");
  CHECK(s.send->post(body, "application/x-www-form-urlencoded", -301).status ==
        401);  // replayed 5+ minutes later
  CHECK(s.send->post(body, "application/x-www-form-urlencoded", 0, "garbage").status == 401);
  http::ClientRequest unsigned_request{"POST",
                                       s.program->url("/slack/events"),
                                       {{"Content-Type", "application/x-www-form-urlencoded"}},
                                       body};
  CHECK(s.send->client.send(unsigned_request).status == 401);
  CHECK(s.count("SELECT count(*) FROM people") == 0);
  CHECK(s.send->post(body, "application/x-www-form-urlencoded").status ==
        200);  // the same, signed: accepted
}

TEST_CASE("Slack: malformed bodies get 400, odd content types 415, unknown events 200",
          "[slack][bad-input]") {
  SlackProgram s;
  CHECK(s.send->post("{not json", "application/json").status == 400);
  CHECK(
      s.send->post(slack::form_encode({{"payload", "{oops"}}), "application/x-www-form-urlencoded")
          .status == 400);
  CHECK(s.send->post("a=b", "application/x-www-form-urlencoded").status == 400);
  CHECK(s.send->post("<xml/>", "text/xml").status == 415);
  CHECK(s.send->post(json{{"type", "event_callback"}}.dump(), "application/json").status == 400);
  auto unknown = s.send->event("Ev0", {{"type", "reaction_added"}, {"user", "U1"}});
  CHECK(unknown.status == 200);
  CHECK(s.send
            ->post(slack::form_encode({{"ssl_check", "1"}, {"token", "x"}}),
                   "application/x-www-form-urlencoded")
            .status == 200);
  auto challenge = s.send->post(
      json{{"type", "url_verification"}, {"challenge", "3eZbrw1aB"}, {"token", "x"}}.dump(),
      "application/json");
  CHECK(challenge.status == 200);
  CHECK(json::parse(challenge.body)["challenge"] == "3eZbrw1aB");
  CHECK(s.count("SELECT count(*) FROM people") == 0);
}

TEST_CASE(
    "Slack: a slash command is answered in the acknowledgement, and the person's zone is looked up",
    "[slack]") {
  SlackProgram s;
  s.slack.set_user("U1", "Asia/Calcutta", "Ana Lima", "ana@example.com");
  auto r = s.send->command("U1", "join mentor", "C0PUBLIC");
  REQUIRE(r.status == 200);
  auto ack = json::parse(r.body);
  CHECK(ack["response_type"] == "ephemeral");
  CHECK_THAT(all_text(ack["blocks"]), Catch::Contains("You joined as a *mentor*"));
  CHECK(s.slack.count("chat.postMessage") == 0);  // nothing else was sent to answer it

  CHECK(s.program->app->slack()->refresh_profiles_now() == 1);
  REQUIRE(s.slack.count("users.info") == 1);
  CHECK(s.slack.calls("users.info")[0].authorization == "Bearer xoxb-test-token");
  CHECK(s.count("SELECT count(*) FROM people WHERE time_zone = 'Asia/Kolkata' AND display_name = "
                "'Ana Lima'"
                " AND email = 'ana@example.com'") == 1);
  // A public channel is never remembered as the place to reach someone.
  CHECK(s.count("SELECT count(*) FROM identities WHERE conversation_id = 'C0PUBLIC'") == 0);

  s.send->command("U1", "profile");  // looked up recently: not again
  CHECK(s.program->app->slack()->refresh_profiles_now() == 0);

  auto unknown = json::parse(s.send->command("U1", "jion").body);
  CHECK_THAT(all_text(unknown["blocks"]), Catch::Contains("Did you mean *join*?"));
}

TEST_CASE("Slack: without the users:read scope the zone stays unset rather than guessed",
          "[slack]") {
  SlackProgram s;
  s.slack.set_missing_scope_for_users_info();
  s.send->command("U1", "join mentor");
  s.program->app->slack()->refresh_profiles_now();
  CHECK(s.count("SELECT count(*) FROM people WHERE time_zone IS NULL") == 1);
  auto home = s.send->event(
      "EvH", {{"type", "app_home_opened"}, {"user", "U1"}, {"channel", "D0USER"}, {"tab", "home"}});
  s.deliver();
  REQUIRE(s.slack.count("views.publish") == 1);
  CHECK_THAT(s.slack.calls("views.publish")[0].args.dump(),
             Catch::Contains("I don't know your time zone yet"));
}

TEST_CASE("Slack: a DM is answered through the outbox once, even when Slack retries the event",
          "[slack]") {
  SlackProgram s;
  json ev = {{"type", "message"}, {"channel_type", "im"}, {"user", "U1"},
             {"text", "help"},    {"channel", "D0USER"},  {"ts", "1.1"}};
  CHECK(s.send->event("Ev1", ev).status == 200);
  CHECK(s.send->event("Ev1", ev, "1").status == 200);  // Slack's retry of the same delivery
  s.program->restart();                                // even across a restart
  CHECK(s.send->event("Ev1", ev, "2").status == 200);
  s.deliver();
  REQUIRE(s.slack.count("chat.postMessage") == 1);
  auto post = s.slack.calls("chat.postMessage")[0].args;
  CHECK(post["channel"] == "D0USER");
  CHECK_THAT(all_text(post["blocks"]), Catch::Contains("What you can type"));
  CHECK(post["text"].get<std::string>().starts_with("Flipside: reverse mentoring"));

  // Our own message echoed back, and chatter in channels, are not commands.
  s.send->event("Ev2", {{"type", "message"},
                        {"channel_type", "im"},
                        {"bot_id", "B1"},
                        {"text", "help"},
                        {"channel", "D0USER"}});
  s.send->event("Ev3", {{"type", "message"},
                        {"channel_type", "channel"},
                        {"user", "U1"},
                        {"text", "help"},
                        {"channel", "C1"}});
  s.send->event("Ev4", {{"type", "message"},
                        {"subtype", "message_changed"},
                        {"channel_type", "im"},
                        {"channel", "D0USER"}});
  s.deliver();
  CHECK(s.slack.count("chat.postMessage") == 1);
  // A mention in a channel is answered there.
  s.send->event(
      "Ev5",
      {{"type", "app_mention"}, {"user", "U1"}, {"text", "<@UBOT> leave"}, {"channel", "C1"}});
  s.deliver();
  REQUIRE(s.slack.count("chat.postMessage") == 2);
  CHECK(s.slack.calls("chat.postMessage")[1].args["channel"] == "C1");
}

TEST_CASE("Slack: buttons open modals, modal errors show inline, a valid submission is confirmed",
          "[slack]") {
  SlackProgram s;
  s.send->command("U1", "join mentor");
  CHECK(s.send->interactive(SlackSender::button("U1", "profile.edit", "-", "trig-1")).status ==
        200);
  REQUIRE(s.slack.count("views.open") == 1);
  auto open = s.slack.calls("views.open")[0].args;
  CHECK(open["trigger_id"] == "trig-1");
  CHECK(open["view"]["type"] == "modal");
  CHECK(open["view"]["callback_id"] == "profile.edit");

  json bad = {
      {"display_name", {{"display_name", {{"type", "plain_text_input"}, {"value", "Ana"}}}}},
      {"time_zone", {{"time_zone", {{"type", "plain_text_input"}, {"value", "Lisbon"}}}}},
      {"role",
       {{"role", {{"type", "static_select"}, {"selected_option", {{"value", "mentor"}}}}}}}};
  auto rejected = s.send->interactive(SlackSender::submission("U1", "profile.edit", bad, "h1"));
  REQUIRE(rejected.status == 200);
  auto errors = json::parse(rejected.body);
  CHECK(errors["response_action"] == "errors");
  CHECK_THAT(errors["errors"]["time_zone"].get<std::string>(),
             Catch::Contains("not a time zone I know"));
  s.deliver();
  CHECK(s.slack.count("chat.postMessage") == 0);

  json good = bad;
  good["time_zone"]["time_zone"]["value"] = "Europe/Lisbon";
  auto accepted = s.send->interactive(SlackSender::submission("U1", "profile.edit", good, "h2"));
  CHECK(accepted.status == 200);
  CHECK(accepted.body.empty());  // closes the modal
  s.deliver();
  REQUIRE(s.slack.count("chat.postMessage") == 1);
  CHECK_THAT(all_text(s.slack.calls("chat.postMessage")[0].args["blocks"]),
             Catch::Contains("Europe/Lisbon"));

  // The same button's value "-" means none, and a second click adds nothing new.
  s.send->interactive(SlackSender::button("U1", "join.choose_role#2", "mentee", "trig-2"));
  s.program->clock.advance(seconds{1});  // one message a second per channel
  s.deliver();
  CHECK_THAT(all_text(s.slack.calls("chat.postMessage").back().args["blocks"]),
             Catch::Contains("already in the programme"));
  CHECK(s.send
            ->interactive({{"type", "view_closed"},
                           {"user", {{"id", "U1"}}},
                           {"team", {{"id", "T1"}}},
                           {"view", {{"callback_id", "profile.edit"}}}})
            .status == 200);
}

TEST_CASE("Slack: opening the Home tab publishes the person's status", "[slack]") {
  SlackProgram s;
  s.send->command("U1", "join mentee");
  s.send->event(
      "EvH1",
      {{"type", "app_home_opened"}, {"user", "U1"}, {"channel", "D0USER"}, {"tab", "home"}});
  s.send->event(
      "EvH2",
      {{"type", "app_home_opened"}, {"user", "U1"}, {"channel", "D0USER"}, {"tab", "messages"}});
  s.deliver();
  REQUIRE(s.slack.count("views.publish") == 1);
  auto call = s.slack.calls("views.publish")[0].args;
  CHECK(call["user_id"] == "U1");
  CHECK(call["view"]["type"] == "home");
  CHECK_THAT(all_text(call["view"]["blocks"]), Catch::Contains("*mentee*"));
  CHECK(s.slack.count("chat.postMessage") == 0);
}

TEST_CASE("Slack: a 429 is retried after Retry-After, a 500 with backoff, each message sent once",
          "[slack][outbox]") {
  SlackProgram s;
  s.slack.fail_next("chat.postMessage", {429, {{"ok", false}, {"error", "ratelimited"}}, "7"});
  s.slack.fail_next("chat.postMessage", {500, {{"ok", false}}, ""});
  json ev = {{"type", "message"},
             {"channel_type", "im"},
             {"user", "U1"},
             {"text", "help"},
             {"channel", "D0USER"}};
  s.send->event("Ev1", ev);
  s.deliver();
  CHECK(s.slack.count("chat.postMessage") == 1);
  s.program->clock.advance(seconds{6});
  s.deliver();
  CHECK(s.slack.count("chat.postMessage") == 1);  // Retry-After: 7 is honoured
  s.program->clock.advance(seconds{1});
  s.deliver();
  CHECK(s.slack.count("chat.postMessage") == 2);  // and then a 500
  s.program->clock.advance(seconds{10});
  s.deliver();
  CHECK(s.slack.count("chat.postMessage") == 3);
  s.program->clock.advance(minutes{10});
  s.deliver();
  CHECK(s.slack.count("chat.postMessage") == 3);
  CHECK(s.count("SELECT count(*) FROM outbox WHERE status = 'sent'") == 1);
}

TEST_CASE("Slack: messages to one channel are paced to about one a second", "[slack][outbox]") {
  SlackProgram s;
  for (const char* id : {"E1", "E2", "E3"}) {
    s.send->event(id, {{"type", "message"},
                       {"channel_type", "im"},
                       {"user", "U1"},
                       {"text", "help"},
                       {"channel", "D0USER"}});
  }
  s.deliver();
  CHECK(s.slack.count("chat.postMessage") == 1);
  s.program->clock.advance(seconds{1});
  s.deliver();
  CHECK(s.slack.count("chat.postMessage") == 2);
  s.program->clock.advance(seconds{1});
  s.deliver();
  CHECK(s.slack.count("chat.postMessage") == 3);
  // Waiting for the pace is not a failed attempt: a long burst is never given up on.
  CHECK(s.count("SELECT max(attempts) FROM outbox") == 1);
}

TEST_CASE("Slack: a scheduled message reaches the person in a DM opened for it",
          "[slack][scheduler]") {
  SlackProgram s;
  s.slack.set_user("U1", "Europe/Berlin", "Ana");
  s.send->command("U1", "join mentor", "C0PUBLIC");
  s.program->clock.advance(hours{30});
  s.program->run_due_jobs();
  REQUIRE(s.slack.count("conversations.open") == 1);
  CHECK(s.slack.calls("conversations.open")[0].args["users"] == "U1");
  REQUIRE(s.slack.count("chat.postMessage") == 1);
  auto post = s.slack.calls("chat.postMessage")[0].args;
  CHECK(post["channel"] == "DU1");
  CHECK_THAT(all_text(post["blocks"]), Catch::Contains("Your next steps"));
  CHECK(s.count("SELECT count(*) FROM identities WHERE conversation_id = 'DU1'") ==
        1);  // remembered
}
