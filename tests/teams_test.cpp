// Teams end to end through /api/messages (development switch on, as with the Agents Playground),
// a fake connector on loopback, and the Adaptive Card renderer.
#include <catch2/catch.hpp>

#include "bot/http/http_client.hpp"
#include "bot/outbox_dispatcher.hpp"
#include "bot/teams/adaptive_card.hpp"
#include "bot/teams/delivery.hpp"
#include "storage/people.hpp"
#include "storage/programmes.hpp"
#include "support/fake_connector.hpp"
#include "support/test_program.hpp"

using namespace flipside;
using namespace flipside::testing;
using nlohmann::json;
using namespace std::chrono;

namespace {

struct TeamsProgram {
  FakeConnector connector;
  std::unique_ptr<TestProgram> program;
  http::HttpClient client;
  int next_id = 1;

  explicit TeamsProgram(bool allow_unauthenticated = true) {
    Config config;
    config.teams_allow_unauthenticated = allow_unauthenticated;
    config.teams_app_id = allow_unauthenticated ? "" : "app-id";
    config.teams_app_password = allow_unauthenticated ? "" : "secret";
    config.teams_token_url = connector.token_url();
    program = std::make_unique<TestProgram>(config);
    program->serve();
  }

  json activity(const std::string& type, const std::string& user = "29:ana",
                const std::string& conversation_type = "personal") {
    return {{"type", type},
            {"id", "act-" + std::to_string(next_id++)},
            {"channelId", "msteams"},
            {"serviceUrl", connector.service_url()},
            {"from", {{"id", user}, {"name", "Ana Lima"}, {"aadObjectId", "aad-1"}}},
            {"recipient", {{"id", "28:bot"}, {"name", "Flipside"}}},
            {"conversation",
             {{"id", conversation_type == "personal" ? "a:dm-" + user : "19:channel@thread.tacv2"},
              {"conversationType", conversation_type},
              {"tenantId", "tenant-1"}}},
            {"channelData", {{"tenant", {{"id", "tenant-1"}}}}}};
  }
  json text(const std::string& words, const std::string& user = "29:ana") {
    auto a = activity("message", user);
    a["text"] = words;
    return a;
  }
  json submit(const json& value) {
    auto a = activity("message");
    a["value"] = value;
    return a;
  }
  http::ClientResponse post(const json& a, const std::string& authorization = "") {
    http::ClientRequest r{
        "POST", program->url("/api/messages"), {{"Content-Type", "application/json"}}, a.dump()};
    if (!authorization.empty()) r.headers.emplace_back("Authorization", authorization);
    return client.send(r);
  }
  void deliver() { program->app->outbox().deliver_due(); }
  std::string last_card_text() {
    auto sent = connector.activities();
    return sent.empty() ? "" : sent.back().body["attachments"][0]["content"].dump();
  }
};

}  // namespace

TEST_CASE("Adaptive Cards: text, facts, buttons and forms in version 1.5", "[teams][cards]") {
  ui::Message m;
  m.header("Your profile")
      .text("You joined as a *mentor*.")
      .fields({{"Time zone", "Asia/Kolkata"}})
      .divider();
  m.buttons(
      {{"Yes, leave", "leave.confirm", "", ui::Style::danger}, {"Stay", "leave.cancel", "x"}});
  auto card = teams::render_card(m);
  CHECK(card["type"] == "AdaptiveCard");
  CHECK(card["version"] == "1.5");
  const auto& body = card["body"];
  CHECK(body[0]["size"] == "Large");
  CHECK(body[1]["text"] == "You joined as a **mentor**.");
  CHECK(body[2]["type"] == "FactSet");
  CHECK(body[2]["facts"][0]["value"] == "Asia/Kolkata");
  CHECK(body[3]["type"] == "ActionSet");
  CHECK(body[3]["separator"] == true);  // the divider before it
  CHECK(body[3]["actions"][0]["style"] == "destructive");
  CHECK(body[3]["actions"][0]["data"] == json{{"action_id", "leave.confirm"}, {"value", ""}});

  ui::Form f{"profile.edit", "Edit your profile", "Save", {}};
  f.inputs.push_back({.id = "time_zone",
                      .label = "Time zone",
                      .kind = ui::InputKind::time_zone,
                      .hint = "e.g. UTC",
                      .initial = "UTC"});
  f.inputs.push_back({.id = "role",
                      .label = "Role",
                      .kind = ui::InputKind::select,
                      .options = {{"Mentor", "mentor"}}});
  ui::Message form;
  form.form(f);
  auto rendered =
      teams::render_card(form, {{"time_zone", "Not a zone."}}, {{"time_zone", "Mars/Base"}});
  const auto& fb = rendered["body"];
  CHECK(fb[1]["type"] == "Input.Text");
  CHECK(fb[1]["value"] == "Mars/Base");  // what the person typed, not the initial value
  CHECK(fb[1]["isRequired"] == true);
  CHECK(fb[3]["text"] == "Not a zone.");
  CHECK(fb[3]["color"] == "Attention");
  CHECK(fb[4]["type"] == "Input.ChoiceSet");
  CHECK(fb.back()["actions"][0]["data"] == json{{"form_id", "profile.edit"}});
  CHECK(teams::to_card_markdown("2 * 3 and *bold* and a*b*") == "2 * 3 and **bold** and a*b*");
}

TEST_CASE("Teams: a personal message is answered with a card through the connector, once",
          "[teams]") {
  TeamsProgram t;
  auto a = t.text("<at>Flipside</at> join mentor");
  REQUIRE(t.post(a).status == 200);
  CHECK(t.post(a).status == 200);  // the same activity delivered again
  t.deliver();
  auto sent = t.connector.activities();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].path == "/v3/conversations/a:dm-29:ana/activities");
  CHECK(sent[0].body["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive");
  CHECK_THAT(t.last_card_text(), Catch::Contains("You're in, Ana Lima!"));
  CHECK(sent[0].authorization.empty());  // development mode: no token
}

TEST_CASE("Teams: card buttons and forms round-trip, with server-side errors", "[teams]") {
  TeamsProgram t;
  t.post(t.text("join mentor"));
  t.post(t.submit({{"action_id", "profile.edit"}, {"value", ""}}));
  t.program->clock.advance(seconds{2});
  t.deliver();
  CHECK_THAT(t.last_card_text(), Catch::Contains("\"form_id\":\"profile.edit\""));
  t.post(t.submit({{"form_id", "profile.edit"},
                   {"display_name", "Ana"},
                   {"time_zone", "Mars/Base"},
                   {"role", "mentor"}}));
  t.deliver();
  CHECK_THAT(t.last_card_text(), Catch::Contains("\\\"Mars/Base\\\" is not a time zone I know"));
  t.post(t.submit({{"form_id", "profile.edit"},
                   {"display_name", "Ana"},
                   {"time_zone", "Europe/Paris"},
                   {"role", "mentor"}}));
  t.deliver();
  CHECK_THAT(t.last_card_text(), Catch::Contains("Saved, Ana."));
  CHECK(t.post(t.submit({{"something", "else"}})).status == 400);
}

TEST_CASE("Teams: an Action.Execute invoke is answered with a card in the HTTP response",
          "[teams]") {
  TeamsProgram t;
  auto a = t.activity("invoke");
  a["name"] = "adaptiveCard/action";
  a["value"] = {
      {"action",
       {{"type", "Action.Execute"}, {"verb", "go"}, {"data", {{"action_id", "join.start"}}}}}};
  auto r = t.post(a);
  REQUIRE(r.status == 200);
  auto body = json::parse(r.body);
  CHECK(body["statusCode"] == 200);
  CHECK(body["type"] == "application/vnd.microsoft.card.adaptive");
  CHECK_THAT(body["value"].dump(), Catch::Contains("join.choose_role"));
  t.deliver();
  CHECK(t.connector.activities().empty());
}

TEST_CASE("Teams: being added welcomes the person, and odd activities are handled politely",
          "[teams][bad-input]") {
  TeamsProgram t;
  auto added = t.activity("conversationUpdate");
  added["membersAdded"] = json::array({{{"id", "28:bot"}}});
  CHECK(t.post(added).status == 200);
  auto someone_else = t.activity("conversationUpdate");
  someone_else["membersAdded"] = json::array({{{"id", "29:other"}}});
  CHECK(t.post(someone_else).status == 200);
  t.deliver();
  REQUIRE(t.connector.activities().size() == 1);
  CHECK_THAT(t.last_card_text(), Catch::Contains("What you can type"));

  CHECK(t.post(t.activity("typing")).status == 200);
  auto no_service = t.text("help");
  no_service.erase("serviceUrl");
  CHECK(t.post(no_service).status == 400);
  http::ClientRequest bad{
      "POST", t.program->url("/api/messages"), {{"Content-Type", "application/json"}}, "{oops"};
  CHECK(t.client.send(bad).status == 400);
  http::ClientRequest form{
      "POST", t.program->url("/api/messages"), {{"Content-Type", "text/plain"}}, "hi"};
  CHECK(t.client.send(form).status == 415);
}

TEST_CASE("Teams: without the development switch an unauthenticated request is refused",
          "[teams][bad-input]") {
  TeamsProgram t(false);
  CHECK(t.post(t.text("join mentor")).status == 401);
  CHECK(t.post(t.text("join mentor"), "Bearer not-a-token").status == 401);
  CHECK(t.program->app->db().transact([](SQLite::Database& db) {
    return db.execAndGet("SELECT count(*) FROM people").getInt();
  }) == 0);
}

TEST_CASE("Teams: connector answers map to retry, wait or give up", "[teams][outbox]") {
  using Outcome = DeliveryResult::Outcome;
  teams::ConnectorResult r;
  r.status = 429;
  r.retry_after = seconds{3};
  CHECK(teams::classify(r).outcome == Outcome::retry);
  CHECK(teams::classify(r).retry_after == seconds{3});
  r = {};
  r.status = 403;
  r.body = {{"error", {{"code", "MessageWritesBlocked"}, {"message", "blocked"}}}};
  CHECK(teams::classify(r).outcome == Outcome::permanent_failure);
  for (int status : {412, 502, 503, 504, 401}) {
    r = {};
    r.status = status;
    CHECK(teams::classify(r).outcome == Outcome::retry);
  }
  r = {};
  r.status = 404;
  CHECK(teams::classify(r).outcome == Outcome::permanent_failure);
}

TEST_CASE("Teams: a burst to one conversation is held to 7 a second", "[teams][outbox]") {
  TeamsProgram t;
  for (int i = 0; i < 9; ++i) t.post(t.text("help"));
  t.deliver();
  CHECK(t.connector.activities().size() == 7);
  t.program->clock.advance(seconds{1});
  t.deliver();
  CHECK(t.connector.activities().size() == 9);
}

TEST_CASE("Teams: a person first met in a channel gets scheduled messages in a new 1:1 chat",
          "[teams][scheduler]") {
  TeamsProgram t;
  auto in_channel = t.text("join mentor");
  in_channel["conversation"] = {
      {"id", "19:general@thread.tacv2"}, {"conversationType", "channel"}, {"tenantId", "tenant-1"}};
  t.post(in_channel);
  t.deliver();
  REQUIRE(t.connector.activities().size() == 1);
  CHECK(t.connector.activities()[0].path == "/v3/conversations/19:general@thread.tacv2/activities");
  t.program->clock.advance(hours{30});
  t.program->run_due_jobs();
  auto created = t.connector.calls("/v3/conversations");
  REQUIRE(created.size() >= 1);
  CHECK(created[1].path == "/v3/conversations");
  CHECK(created[1].body["members"][0]["id"] == "29:ana");
  CHECK(created[1].body["channelData"]["tenant"]["id"] == "tenant-1");
  CHECK(t.connector.activities().back().path == "/v3/conversations/a:personal-29:ana/activities");
  CHECK_THAT(t.last_card_text(), Catch::Contains("Your next steps"));
}

TEST_CASE("Teams: an install announced twice welcomes once, the name and zone arrive later",
          "[teams]") {
  TeamsProgram t;
  auto install = t.activity("installationUpdate");
  install["action"] = "add";
  install["from"].erase("name");  // install activities carry no name
  auto added = t.activity("conversationUpdate");
  added["membersAdded"] = json::array({{{"id", "29:ana"}}, {{"id", "28:bot"}}});
  added["from"].erase("name");
  t.post(install);
  t.post(added);
  t.deliver();
  CHECK(t.connector.activities().size() == 1);

  auto hello = t.text("profile");
  hello["entities"] =
      json::array({{{"type", "clientInfo"}, {"locale", "en-GB"}, {"timezone", "Asia/Calcutta"}}});
  t.post(hello);
  t.program->clock.advance(seconds{1});
  t.deliver();
  CHECK_THAT(t.last_card_text(), Catch::Contains("Ana Lima") && Catch::Contains("Asia/Kolkata"));
}

TEST_CASE("Teams: two selects in one card keep distinct input ids, and a choice is routed",
          "[teams][cards]") {
  ui::Message m;
  m.blocks.emplace_back(
      ui::Actions{{ui::Select{"pick.cadence", "Cadence", {{"Weekly", "weekly"}}, ""},
                   ui::Select{"pick.length", "Length", {{"3 months", "3"}}, ""}}});
  auto body = teams::render_card(m)["body"];
  CHECK(body[0]["id"] == "select.pick.cadence");
  CHECK(body[1]["id"] == "select.pick.length");
  TeamsProgram t;
  t.post(t.submit({{"action_id", "join.choose_role"}, {"select.join.choose_role", "mentee"}}));
  t.deliver();
  CHECK_THAT(t.last_card_text(), Catch::Contains("*mentee*"));
}

TEST_CASE("Teams: someone who blocked the bot is not messaged again, and managers are told",
          "[teams][outbox]") {
  TeamsProgram t;
  auto to = [&](const std::string& user) {
    std::size_t n = 0;
    for (const auto& a : t.connector.activities())
      if (a.path == "/v3/conversations/a:dm-" + user + "/activities") ++n;
    return n;
  };
  t.post(t.text("help", "29:pat"));
  t.deliver();
  t.program->app->db().transact([](SQLite::Database& db) {
    auto pat = storage::PeopleRepository(db).find_by_identity(
        {Platform::teams, "tenant-1", "29:pat", "", "", ""});
    REQUIRE(pat);
    storage::ManagerRepository(db).add(pat->id, std::nullopt, from_unix(kStartUnix));
  });
  const auto pat_before = to("29:pat");

  t.connector.fail_next({403, {{"error", {{"code", "MessageWritesBlocked"}, {"message", "no"}}}}});
  t.post(t.text("join mentor"));
  t.deliver();  // the reply is refused: Ana blocked the bot
  CHECK(to("29:ana") == 1);
  t.program->run_due_jobs();  // tells the managers, and delivers
  REQUIRE(to("29:pat") == pat_before + 1);
  CHECK_THAT(t.last_card_text(), Catch::Contains("blocked Flipside in Microsoft Teams"));

  // Her welcome follow-up the next morning is not even attempted.
  t.program->clock.advance(hours{30});
  t.program->run_due_jobs();
  CHECK(to("29:ana") == 1);

  // Writing to the bot again lifts the block.
  t.post(t.text("help"));
  t.deliver();
  CHECK(to("29:ana") == 2);
}
