// The real server on 127.0.0.1 and a free port, driven over HTTP as the console page drives it.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <thread>

#include "bot/http/http_client.hpp"
#include "support/raw_http.hpp"
#include "support/test_program.hpp"

using namespace flipside;
using namespace flipside::testing;
using nlohmann::json;

namespace {

struct Console {
  TestProgram& program;
  http::HttpClient client;
  std::string token;

  http::ClientResponse post(const std::string& body,
                            const std::string& content_type = "application/json") {
    http::ClientRequest r;
    r.method = "POST";
    r.url = program.url("/console/api/events");
    r.headers = {{"Content-Type", content_type}};
    if (!token.empty()) r.headers.emplace_back("X-Flipside-Console-Token", token);
    r.body = body;
    return client.send(r);
  }
  json event(const json& e) {
    auto r = post(e.dump());
    INFO(r.body);
    REQUIRE(r.status == 200);
    return json::parse(r.body);
  }
  json say(const std::string& user, const std::string& text, const std::string& event_id = "") {
    json e = {{"user", {{"id", user}, {"name", user}, {"tz", "Europe/Lisbon"}}},
              {"type", "text"},
              {"text", text}};
    if (!event_id.empty()) e["event_id"] = event_id;
    return event(e);
  }
  json press(const std::string& user, const std::string& action, const std::string& value = "") {
    return event({{"user", {{"id", user}, {"name", user}}},
                  {"type", "action"},
                  {"action_id", action},
                  {"value", value}});
  }
  http::ClientResponse get(const std::string& path) {
    http::ClientRequest r;
    r.url = program.url(path);
    if (!token.empty()) r.headers.emplace_back("X-Flipside-Console-Token", token);
    return client.send(r);
  }
};

std::string template_of(const json& reply) {
  return reply["messages"].at(0)["template_id"].get<std::string>();
}

std::int64_t count(TestProgram& p, const std::string& sql) {
  return p.app->db().transact([&](SQLite::Database& db) { return db.execAndGet(sql).getInt64(); });
}

}  // namespace

TEST_CASE("join, profile and leave through the console API, and state survives a restart",
          "[http][console]") {
  TestProgram p;
  p.serve();
  Console c{p};
  auto joined = c.say("ana", "join mentor");
  CHECK(template_of(joined) == "join.confirmed");
  CHECK_THAT(joined["messages"][0]["html"].get<std::string>(),
             Catch::Contains("You&#39;re in, ana!"));

  p.restart();
  auto profile = c.say("ana", "profile");
  CHECK(template_of(profile) == "profile.card");
  auto html = profile["messages"][0]["html"].get<std::string>();
  CHECK_THAT(html, Catch::Contains("Mentor") && Catch::Contains("Europe/Lisbon"));

  CHECK(template_of(c.say("ana", "leave")) == "leave.confirm");
  CHECK(template_of(c.press("ana", "leave.confirm")) == "leave.done");
  p.restart();
  CHECK(template_of(c.say("ana", "leave")) == "leave.not_member");

  // The transcript holds every reply in order, for the page to show after a reload.
  auto history = json::parse(c.get("/console/api/messages?user=ana&after=0").body);
  CHECK(history["messages"].size() == 5);
  auto later = json::parse(c.get("/console/api/messages?user=ana&after=4").body);
  REQUIRE(later["messages"].size() == 1);
  CHECK(later["messages"][0]["template_id"] == "leave.not_member");
}

TEST_CASE("a retried delivery with the same event id is processed once", "[http][console]") {
  TestProgram p;
  p.serve();
  Console c{p};
  auto first = c.say("ana", "join mentor", "evt-1");
  auto retry = c.say("ana", "join mentor", "evt-1");
  CHECK_FALSE(first["duplicate"].get<bool>());
  CHECK(retry["duplicate"].get<bool>());
  CHECK(retry["messages"].empty());
  CHECK(count(p, "SELECT count(*) FROM console_messages") == 1);
  CHECK(template_of(c.say("ana", "join mentor", "evt-2")) == "join.already");
}

TEST_CASE("a form with errors comes back with them beside the inputs, and saves nothing",
          "[http][console]") {
  TestProgram p;
  p.serve();
  Console c{p};
  c.say("ana", "join mentor");
  json bad = {{"user", {{"id", "ana"}, {"name", "Ana"}}},
              {"type", "form"},
              {"form_id", "profile.edit"},
              {"fields", {{"display_name", "Ana"}, {"time_zone", "Lisbon"}, {"role", "mentor"}}}};
  auto r = c.event(bad);
  CHECK(r["messages"].empty());
  CHECK_THAT(r["form_errors"]["time_zone"].get<std::string>(),
             Catch::Contains("not a time zone I know"));
  CHECK(count(p, "SELECT count(*) FROM people WHERE time_zone = 'Lisbon'") == 0);
}

TEST_CASE("bad requests get a clear 4xx and the server keeps serving", "[http][bad-input]") {
  TestProgram p;
  auto port = p.serve();
  Console c{p};
  auto error_of = [](const http::ClientResponse& r) {
    return json::parse(r.body)["error"].get<std::string>();
  };

  auto malformed = c.post("{\"user\": ");
  CHECK(malformed.status == 400);
  CHECK_THAT(error_of(malformed), Catch::StartsWith("malformed JSON"));

  CHECK(c.post("[1,2]").status == 400);
  CHECK(error_of(c.post(R"({"user":{"id":"ana"},"type":"dance"})")) ==
        "\"type\" must be text, action or form");
  CHECK(c.post(R"({"user":{"id":"../etc"},"type":"text","text":"hi"})").status == 400);
  CHECK(c.post(R"({"user":{"id":"ana"},"type":"text","text":42})").status == 400);
  CHECK(c.post(R"({"user":{"id":"ana"},"type":"form","form_id":"x","fields":{"a":1}})").status ==
        400);
  CHECK(c.post("text=hi", "application/x-www-form-urlencoded").status == 415);

  auto big = c.post(std::string(1024 * 1024 + 10, 'x'));
  CHECK(big.status == 413);

  CHECK(c.get("/nothing/here").status == 404);
  CHECK(c.get("/console/api/events").status == 405);
  CHECK(c.get("/console/api/messages?user=").status == 400);
  CHECK(c.get("/console/api/messages?user=ana&after=x").status == 400);

  auto garbage = raw_exchange(port, "HELLO THERE\r\n\r\n");
  CHECK_THAT(garbage, Catch::StartsWith("HTTP/1.1 400"));
  auto bad_chunk = raw_exchange(
      port,
      "POST /console/api/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\nZZZ\r\nnot a chunk\r\n\r\n");
  CHECK_THAT(bad_chunk, Catch::StartsWith("HTTP/1.1 400"));
  auto huge_header = raw_exchange(
      port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  CHECK_THAT(huge_header, Catch::StartsWith("HTTP/1.1 431"));
  auto lying_length = raw_exchange(
      port, "POST /console/api/events HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n");
  CHECK_THAT(lying_length, Catch::StartsWith("HTTP/1.1 413"));

  CHECK(c.get("/healthz").status == 200);               // still alive after all of the above
  CHECK(count(p, "SELECT count(*) FROM people") == 0);  // and nothing was written
}

TEST_CASE("a console token, when set, is required", "[http][console]") {
  Config config;
  config.console_token = "0123456789abcdef-token";
  TestProgram p(config);
  p.serve();
  Console anonymous{p};
  CHECK(anonymous.post(R"({"user":{"id":"ana"},"type":"text","text":"help"})").status == 401);
  CHECK(anonymous.get("/console/api/messages?user=ana").status == 401);
  Console with_token{p, {}, "0123456789abcdef-token"};
  CHECK(template_of(with_token.say("ana", "help")) == "help.title");
}

TEST_CASE("health, readiness and metrics answer for monitoring", "[http][ops]") {
  TestProgram p;
  p.serve();
  Console c{p};
  c.say("ana", "join mentor");
  CHECK(c.get("/healthz").body == "ok\n");
  CHECK(c.get("/readyz").status == 200);
  auto metrics = c.get("/metrics");
  CHECK(metrics.status == 200);
  CHECK_THAT(
      metrics.body,
      Catch::Contains(
          "flipside_http_requests_total{route=\"POST /console/api/events\",status=\"200\"} 1"));
  CHECK_THAT(metrics.body, Catch::Contains("flipside_http_request_duration_seconds_bucket{route="
                                           "\"POST /console/api/events\",le=\"+Inf\"} 1"));
  CHECK_THAT(metrics.body, Catch::Contains("flipside_jobs_due 0"));
  CHECK_THAT(metrics.body, Catch::Contains("flipside_outbox_depth 0"));
  p.clock.advance(std::chrono::hours{48});
  CHECK_THAT(c.get("/metrics").body, Catch::Contains("flipside_jobs_due 1"));
  auto page = c.get("/console");
  CHECK(page.status == 200);
  CHECK(page.header("content-type") == "text/html; charset=utf-8");
  CHECK_THAT(page.body, Catch::Contains("Flipside console"));
}

TEST_CASE("the console is not served when it is off", "[http][console]") {
  Config config;
  config.console_enabled = false;
  TestProgram p(config);
  p.serve();
  Console c{p};
  CHECK(c.get("/console").status == 404);
  CHECK(c.post(R"({"user":{"id":"ana"},"type":"text","text":"help"})").status == 404);
}

TEST_CASE("shutdown lets a request in flight finish and then refuses new connections",
          "[http][ops]") {
  TestProgram p;
  auto port = p.serve();
  // A client that has sent half a request is mid-flight; stop() must not hang on it for ever.
  std::thread slow([port] {
    raw_exchange(
        port, "POST /console/api/events HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{", 500);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds{100});
  const auto started = std::chrono::steady_clock::now();
  p.app->stop();
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds{8});
  slow.join();
  CHECK(raw_exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 500) == "connect failed");
}

TEST_CASE("connections beyond the cap are answered 503 with Retry-After, not dropped",
          "[http][ops]") {
  Config config;
  config.max_connections = 1;
  TestProgram p(config);
  auto port = p.serve();
  // One slow client holds the only slot for a moment; the next is told to come back.
  std::thread holder([port] { raw_exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n", 800); });
  std::this_thread::sleep_for(std::chrono::milliseconds{150});
  auto refused = raw_exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 800);
  CHECK_THAT(refused, Catch::StartsWith("HTTP/1.1 503") && Catch::Contains("Retry-After: 1"));
  holder.join();
  std::this_thread::sleep_for(std::chrono::milliseconds{50});
  CHECK_THAT(raw_exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
             Catch::StartsWith("HTTP/1.1 200"));
}
