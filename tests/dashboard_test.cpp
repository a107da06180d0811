// The programme managers' web dashboard (issue #7), through the real HTTP server on loopback:
// signing in with a single-use link from the `dashboard` chat verb, the session cookie, the page's
// figures (the same as `status`, `at-risk` and `pulse`), HTML escaping, and the nudge / pause / end
// forms with their CSRF token, which act through the chat's own dispatcher. Fake clock.
#include <catch2/catch.hpp>

#include <map>
#include <regex>

#include "bot/dashboard/dashboard_auth.hpp"
#include "bot/dashboard/svg_charts.hpp"
#include "bot/demo_data.hpp"
#include "bot/demo_history.hpp"
#include "bot/http/http_client.hpp"
#include "bot/http/http_types.hpp"
#include "storage/pulse.hpp"
#include "storage/tokens.hpp"
#include "support/programme_helpers.hpp"
#include "support/test_program.hpp"

using namespace flipside;
using namespace flipside::testing;
using namespace std::chrono;

namespace {

TimePoint utc(int month, int day, int hour) {
  return TimePoint{sys_days{2026y / month / day}} + hours{hour};
}

std::int64_t count_of(TestProgram& p, const std::string& sql) {
  return in_db(p, [&](SQLite::Database& db) { return db.execAndGet(sql).getInt64(); });
}

std::string first_match(const std::string& text, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(pattern))) return "";
  return m[1].str();
}

// The token of the sign-in link in a `dashboard` reply.
std::string token_in(const Reply& r) {
  return first_match(all_text(r), R"(/dashboard/login/([0-9a-f]{48}))");
}

// A browser without redirects or a cookie jar: each request says exactly what it sends.
struct Browser {
  TestProgram& p;
  http::HttpClient client;
  std::string cookie;  // "flipside_dashboard=<id>", once signed in

  http::ClientResponse get(const std::string& path) {
    http::ClientRequest r{"GET", p.url(path), {}, ""};
    if (!cookie.empty()) r.headers.emplace_back("Cookie", cookie);
    return client.send(r);
  }
  http::ClientResponse post(const std::string& path,
                            const std::map<std::string, std::string>& fields) {
    http::ClientRequest r{"POST",
                          p.url(path),
                          {{"Content-Type", "application/x-www-form-urlencoded"}},
                          http::form_encode(fields)};
    if (!cookie.empty()) r.headers.emplace_back("Cookie", cookie);
    return client.send(r);
  }
  // Asks the bot for a link as `user`, opens it and keeps the session cookie.
  http::ClientResponse sign_in(const std::string& user) {
    const auto token = token_in(p.say(user, "dashboard"));
    REQUIRE(token.size() == 48);
    auto r = get("/dashboard/login/" + token);
    const auto set = r.header("set-cookie");
    if (r.status == 303) cookie = set.substr(0, set.find(';'));
    return r;
  }
};

// The CSRF token the page's forms carry.
std::string csrf_in(const std::string& page) {
  return first_match(page, R"re(name="csrf" value="([0-9a-f]{64})")re");
}

// Three pairs in Pat's "Spring pilot" plus Ned, who joined without finishing his intake. On 4 Mar
// m1 & s1 meet and m2 & s2 miss their session; m3 & s3 have not booked. Then 20 Mar, 09:00 UTC.
void three_pairs(TestProgram& p) {
  // Joined before the programme opened, so he is moved into it; matching leaves him out.
  p.say("ned", "join mentee");
  paired_cohort(p, 3, "Finance", "Sales");
  book_at_ten(p, "m1", "s1", "2026-03-04");
  book_at_ten(p, "m2", "s2", "2026-03-04");
  check_in_on_4_march(p, "s1", 0);
  check_in_on_4_march(p, "s2", 1);
  p.clock.set(utc(3, 20, 9));
  p.run_due_jobs();
}

std::int64_t pair_of(TestProgram& p, const std::string& mentor) {
  return count_of(p, "SELECT id FROM pairs WHERE mentor_id = " +
                         std::to_string(person_id(p, mentor)) + " AND ended_at IS NULL");
}

}  // namespace

TEST_CASE("dashboard: a single-use, 15-minute sign-in link for managers only", "[dashboard]") {
  TestProgram p(with_admin("pat"));
  p.serve();
  Browser b{p};

  // Not a manager: no link.
  CHECK(template_ids(p.say("m1", "dashboard")) == std::vector<std::string>{"router.managers_only"});

  auto reply = p.say("pat", "dashboard");
  CHECK(template_ids(reply) == std::vector<std::string>{"dashboard.link"});
  CHECK_THAT(all_text(reply), Catch::Contains("works once") && Catch::Contains("15 minutes"));
  const auto token = token_in(reply);
  REQUIRE(token.size() == 48);
  // Only the token's SHA-256 is stored.
  CHECK(count_of(p, "SELECT count(*) FROM dashboard_links WHERE token_sha256 = '" +
                        storage::sha256_hex(token) + "'") == 1);
  CHECK(count_of(p, "SELECT count(*) FROM dashboard_links WHERE token_sha256 = '" + token + "'") ==
        0);

  // No cookie: 401, saying how to get in.
  auto anonymous = b.get("/dashboard");
  CHECK(anonymous.status == 401);
  CHECK_THAT(anonymous.body, Catch::Contains("<strong>dashboard</strong>"));
  CHECK_THAT(anonymous.header("content-type"), Catch::StartsWith("text/html"));

  // The link signs in once: 303 to the page with the session cookie.
  auto login = b.get("/dashboard/login/" + token);
  REQUIRE(login.status == 303);
  CHECK(login.header("location") == "/dashboard");
  const auto set_cookie = login.header("set-cookie");
  CHECK(std::regex_match(set_cookie,
                         std::regex("flipside_dashboard=[0-9a-f]{64}; HttpOnly; SameSite=Strict; "
                                    "Path=/dashboard; Max-Age=28800")));
  CHECK(login.header("referrer-policy") == "no-referrer");
  b.cookie = set_cookie.substr(0, set_cookie.find(';'));
  // The session id is stored hashed too.
  const auto session_id = b.cookie.substr(std::string("flipside_dashboard=").size());
  CHECK(count_of(p, "SELECT count(*) FROM dashboard_sessions WHERE id_sha256 = '" +
                        storage::sha256_hex(session_id) + "'") == 1);

  auto page = b.get("/dashboard");
  CHECK(page.status == 200);
  CHECK_THAT(page.body, Catch::Contains("Signed in as Pat"));
  CHECK_THAT(page.header("content-security-policy"), Catch::Contains("default-src 'none'"));
  CHECK_THAT(page.body, !Catch::Contains("<script"));

  // Used: 410, asking for a new one. Unknown or malformed: 404.
  auto again = b.get("/dashboard/login/" + token);
  CHECK(again.status == 410);
  CHECK_THAT(again.body, Catch::Contains("Ask the bot for a new one"));
  CHECK(b.get("/dashboard/login/" + std::string(48, 'a')).status == 404);
  CHECK(b.get("/dashboard/login/../../etc/passwd").status == 404);
  CHECK(b.get("/dashboard/login/" + token.substr(0, 47)).status == 404);
  // A forged cookie is no session.
  Browser forged{p};
  forged.cookie = "flipside_dashboard=" + std::string(64, 'b');
  CHECK(forged.get("/dashboard").status == 401);

  // A link expires 15 minutes after it was issued.
  const auto later = token_in(p.say("pat", "dashboard"));
  p.clock.advance(minutes{15});
  CHECK(Browser{p}.get("/dashboard/login/" + later).status == 410);

  // The session lasts 8 hours.
  p.clock.advance(hours{8});
  CHECK(b.get("/dashboard").status == 401);
}

TEST_CASE("dashboard: https deployments get a Secure cookie", "[dashboard]") {
  auto config = with_admin("pat");
  config.public_url = "https://flipside.example.com";
  TestProgram p(config);
  p.serve();
  Browser b{p};
  auto login = b.sign_in("pat");
  REQUIRE(login.status == 303);
  CHECK_THAT(login.header("set-cookie"), Catch::EndsWith("; Secure"));
  CHECK_THAT(all_text(p.say("pat", "dashboard")),
             Catch::Contains("https://flipside.example.com/dashboard/login/"));
}

TEST_CASE("dashboard: a manager removed meanwhile is refused with 403", "[dashboard]") {
  TestProgram p(with_admin("pat"));
  p.serve();
  p.say("pat", "hi");
  p.say("lee", "hi");
  set_email(p, "lee", "lee@example.com");
  p.say("pat", "manager add lee@example.com");
  Browser b{p};
  REQUIRE(b.sign_in("lee").status == 303);
  CHECK(b.get("/dashboard").status == 200);
  const auto unused = token_in(p.say("lee", "dashboard"));

  p.say("pat", "manager remove lee@example.com");
  auto refused = b.get("/dashboard");
  CHECK(refused.status == 403);
  CHECK_THAT(refused.body, Catch::Contains("for programme managers"));
  // Nor can a link they got while still a manager sign them in.
  CHECK(Browser{p}.get("/dashboard/login/" + unused).status == 403);
  // And their forms do nothing.
  CHECK(b.post("/dashboard/action", {{"action", "pause"}, {"pair_id", "1"}}).status == 403);
}

TEST_CASE("dashboard: the funnel, sessions, goals and at-risk figures of a seeded programme",
          "[dashboard]") {
  TestProgram p(with_admin("pat"));
  p.serve();
  three_pairs(p);
  Browser b{p};
  REQUIRE(b.sign_in("pat").status == 303);
  auto page = b.get("/dashboard");
  REQUIRE(page.status == 200);
  const auto& html = page.body;

  // Hand-computed: 7 joined (3 mentors, 4 mentees with Ned), 6 finished the intake, 6 paired,
  // 2 met (m1 & s1 on 4 Mar), the same 2 active (met within 28 days: twice the biweekly cadence).
  CHECK_THAT(html, Catch::Contains("aria-labelledby=\"funnel-chart-title\""));
  CHECK_THAT(html, Catch::Contains("Joined: 7, Finished the intake: 6, Paired: 6, Met at least "
                                   "once: 2, Active: 2."));
  for (const char* bar : {">Joined</text>", ">Finished the intake</text>", ">Active</text>"})
    CHECK_THAT(html, Catch::Contains(bar));
  // Sessions: one held and one missed, both in ISO week 10 (2-8 Mar 2026).
  CHECK_THAT(html, Catch::Contains("1 sessions held and 1 missed"));
  CHECK_THAT(html,
             Catch::Contains("<th scope=\"row\">W10 (from 2 Mar 2026)</th><td>1</td><td>1</td>"));
  CHECK_THAT(html, Catch::Contains("<th scope=\"row\">W12 (from 16 Mar 2026)</th>"));
  // No goals yet; no pulse yet.
  CHECK_THAT(html, Catch::Contains("0 goals agreed and in progress, 0 done"));
  CHECK_THAT(html, Catch::Contains("No closed pulse wave yet."));
  // At risk, as `at-risk` says: m2 & s2 missed one; m3 & s3 were paired 18 days ago (not yet
  // twice the cadence); m1 & s1 met.
  const auto chat = all_text(p.say("pat", "at-risk"));
  CHECK_THAT(chat, Catch::Contains("*M2* & *S2*: missed 1 in a row."));
  CHECK_THAT(chat, !Catch::Contains("*M3*") && !Catch::Contains("*M1*"));
  CHECK_THAT(html, Catch::Contains("<th scope=\"row\">M2 &amp; S2</th><td>missed 1 in a row</td>"));
  CHECK_THAT(html, !Catch::Contains("M3 &amp; S3") && !Catch::Contains("M1 &amp; S1"));
  CHECK_THAT(html, Catch::Contains("aria-label=\"Pause M2 and S2\""));
  CHECK(csrf_in(html).size() == 64);

  // The programme picker: a second, newer programme is shown by default; ?programme= picks one.
  auto autumn = good_programme();
  autumn["name"] = "Autumn pilot";
  autumn["start_date"] = "2026-09-07";
  REQUIRE(p.submit("pat", "programme.create", autumn).form_errors.empty());
  const auto spring = count_of(p, "SELECT id FROM programmes WHERE name = 'Spring pilot'");
  auto newest = b.get("/dashboard").body;
  CHECK_THAT(newest, Catch::Contains("<h2 class=\"programme\">Autumn pilot"));
  CHECK_THAT(newest, Catch::Contains("href=\"/dashboard?programme=" + std::to_string(spring) +
                                     "\">Spring pilot"));
  auto picked = b.get("/dashboard?programme=" + std::to_string(spring)).body;
  CHECK_THAT(picked, Catch::Contains("<h2 class=\"programme\">Spring pilot"));
  CHECK_THAT(picked, Catch::Contains("aria-current=\"page\">Spring pilot"));
}

TEST_CASE("dashboard: names and programme names are HTML-escaped", "[dashboard]") {
  TestProgram p(with_admin("pat"));
  p.serve();
  three_pairs(p);
  const auto m2 = person_id(p, "m2");
  in_db(p, [&](SQLite::Database& db) {
    db.exec("UPDATE people SET display_name = '<script>alert(1)</script>' WHERE id = " +
            std::to_string(m2));
    db.exec("UPDATE programmes SET name = 'Spring <script>alert(2)</script> \"pilot\"'");
  });
  Browser b{p};
  REQUIRE(b.sign_in("pat").status == 303);
  auto html = b.get("/dashboard").body;
  CHECK_THAT(html, !Catch::Contains("<script"));
  CHECK_THAT(html, Catch::Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; S2"));
  CHECK_THAT(html,
             Catch::Contains("Spring &lt;script&gt;alert(2)&lt;/script&gt; &quot;pilot&quot;"));
  CHECK_THAT(html, Catch::Contains("aria-label=\"Pause &lt;script&gt;alert(1)&lt;/script&gt; and "
                                   "S2\""));
}

TEST_CASE("dashboard: the pulse chart shows no figure for a wave with fewer than 5 answers",
          "[dashboard]") {
  TestProgram p(with_admin("pat"));
  p.serve();
  three_pairs(p);
  const auto programme = count_of(p, "SELECT id FROM programmes");
  // Two closed waves (sent 10 and 9 days ago; a wave closes 7 days after its last invitation): six
  // people asked in each; all six answered after three sessions, only three at the midpoint.
  std::vector<std::int64_t> people;
  for (const char* user : {"m1", "m2", "m3", "s1", "s2", "s3"})
    people.push_back(person_id(p, user));
  in_db(p, [&](SQLite::Database& db) {
    storage::PulseRepository pulses(db);
    const int recommend[] = {10, 10, 9, 8, 6, 10};  // 4 promoters, 1 detractor of 6: NPS +50
    for (const auto& [wave, answers] :
         std::vector<std::pair<std::string, int>>{{"after-3-sessions#1", 6}, {"midpoint#1", 3}}) {
      for (std::size_t i = 0; i < people.size(); ++i) {
        const auto sent = p.clock.now() - days{wave == "midpoint#1" ? 9 : 10};
        storage::PulseInvite v{0, programme, people[i], wave, "", "", sent, false};
        auto id = pulses.invite(v);
        REQUIRE(id);
        if (static_cast<int>(i) < answers)
          pulses.answer(
              *id, {programme, wave, "", "", 4, 4, wave == "midpoint#1" ? 0 : recommend[i], ""});
      }
    }
  });
  Browser b{p};
  REQUIRE(b.sign_in("pat").status == 303);
  auto html = b.get("/dashboard").body;
  const auto chart = html.substr(
      html.find("id=\"pulse-chart\""),
      html.find("</svg>", html.find("id=\"pulse-chart\"")) - html.find("id=\"pulse-chart\""));
  CHECK_THAT(chart, Catch::Contains("After 3 sessions: +50; Midpoint: not enough answers."));
  // One point (After 3 sessions), none for the midpoint: its place says why.
  std::size_t circles = 0;
  for (auto at = chart.find("<circle"); at != std::string::npos; at = chart.find("<circle", at + 1))
    ++circles;
  CHECK(circles == 1);
  CHECK_THAT(chart, Catch::Contains(">+50</text>"));
  CHECK_THAT(chart, Catch::Contains("class=\"missing\""));
  // The table says the same, without the small wave's count or score (three detractors: -100).
  CHECK_THAT(html, Catch::Contains("<th scope=\"row\">Midpoint</th><td>6</td><td>fewer than 5</td>"
                                   "<td>not enough answers</td>"));
  CHECK_THAT(html, Catch::Contains("<th scope=\"row\">After 3 sessions</th><td>6</td><td>6</td>"
                                   "<td>+50</td>"));
  CHECK_THAT(html, !Catch::Contains("<td>-100</td>"));
  // The chat's `status` agrees: the newest wave with figures is the one after three sessions.
  CHECK_THAT(all_text(p.say("pat", "status")), Catch::Contains("after 3 sessions"));
}

TEST_CASE("dashboard: nudge, pause and end are the chat's own actions, behind a CSRF token",
          "[dashboard]") {
  TestProgram p(with_admin("pat"));
  p.serve();
  three_pairs(p);
  Browser b{p};
  REQUIRE(b.sign_in("pat").status == 303);
  const auto csrf = csrf_in(b.get("/dashboard").body);
  REQUIRE(csrf.size() == 64);
  const auto m2 = pair_of(p, "m2");
  const auto pair = std::to_string(m2);
  auto paused = [&] {
    return count_of(p, "SELECT paused_at IS NOT NULL FROM pairs WHERE id = " + pair) == 1;
  };

  // Without a session: 401. Without the token, or with a wrong one: 403, and nothing happens.
  CHECK(Browser{p}
            .post("/dashboard/action", {{"action", "pause"}, {"pair_id", pair}, {"csrf", csrf}})
            .status == 401);
  CHECK(b.post("/dashboard/action", {{"action", "pause"}, {"pair_id", pair}}).status == 403);
  auto wrong = std::string(csrf);
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  CHECK(b.post("/dashboard/action", {{"action", "pause"}, {"pair_id", pair}, {"csrf", wrong}})
            .status == 403);
  // Another session's token is no good either.
  Browser other{p};
  REQUIRE(other.sign_in("pat").status == 303);
  const auto others = csrf_in(other.get("/dashboard").body);
  CHECK(others != csrf);
  CHECK(b.post("/dashboard/action", {{"action", "pause"}, {"pair_id", pair}, {"csrf", others}})
            .status == 403);
  CHECK_FALSE(paused());
  CHECK(count_of(p, "SELECT count(*) FROM audit_log WHERE action = 'pair.pause'") == 0);

  // With it: paused through the chat's route, audited, both partners told; back to the page.
  auto done = b.post("/dashboard/action",
                     {{"action", "pause"}, {"pair_id", pair}, {"csrf", csrf}, {"programme", "1"}});
  REQUIRE(done.status == 303);
  CHECK(done.header("location") == "/dashboard?programme=1&done=paused&pair=" + pair);
  CHECK(paused());
  CHECK(count_of(p, "SELECT count(*) FROM audit_log WHERE action = 'pair.pause' AND actor_id = " +
                        std::to_string(person_id(p, "pat")) + " AND subject_pair_id = " + pair) ==
        1);
  p.run_due_jobs();
  CHECK_THAT(text_of(last_delivered(p, "s2", "pair.told.pause")), Catch::Contains("*M2*"));
  CHECK_THAT(text_of(last_delivered(p, "m2", "pair.told.pause")), Catch::Contains("*S2*"));
  auto after = b.get(done.header("location")).body;
  CHECK_THAT(after, Catch::Contains("role=\"status\">Paused M2 and S2."));
  // Paused pairs leave the at-risk table, as in chat.
  CHECK_THAT(after, !Catch::Contains("M2 &amp; S2</th>"));
  CHECK_THAT(all_text(p.say("pat", "audit")), Catch::Contains("*Pat* paused M2 & S2"));

  // A second click (a reload, a double submit) must not resume the pair, as the chat's toggle
  // would.
  auto twice =
      b.post("/dashboard/action", {{"action", "pause"}, {"pair_id", pair}, {"csrf", csrf}});
  CHECK(twice.header("location") == "/dashboard?done=already_paused&pair=" + pair);
  CHECK(paused());

  // Nudge and end, on m3 & s3.
  const auto m3 = std::to_string(pair_of(p, "m3"));
  auto nudged = b.post("/dashboard/action", {{"action", "nudge"}, {"pair_id", m3}, {"csrf", csrf}});
  CHECK(nudged.header("location") == "/dashboard?done=nudged&pair=" + m3);
  p.run_due_jobs();
  CHECK(count_template(p.delivered_to("s3"), "at_risk.nudged") == 1);
  auto ended = b.post("/dashboard/action", {{"action", "end"}, {"pair_id", m3}, {"csrf", csrf}});
  CHECK(ended.header("location") == "/dashboard?done=ended&pair=" + m3);
  CHECK(count_of(p, "SELECT ended_at IS NOT NULL FROM pairs WHERE id = " + m3) == 1);
  auto gone = b.post("/dashboard/action", {{"action", "end"}, {"pair_id", m3}, {"csrf", csrf}});
  CHECK(gone.header("location") == "/dashboard?done=gone&pair=" + m3);
  CHECK_THAT(b.get(gone.header("location")).body, Catch::Contains("That pair has ended already"));
  // Anything else is not an action.
  CHECK(
      b.post("/dashboard/action", {{"action", "delete"}, {"pair_id", m3}, {"csrf", csrf}}).status ==
      400);
}

TEST_CASE("dashboard: demo-data --running gives a programme ten weeks in, once", "[dashboard]") {
  TestProgram p(with_admin("pat"));
  p.serve();
  const auto templates = templates::TemplateStore::load("");
  load_demo_data(p.app->db(), templates, 120, 1, p.clock.now());
  const auto first = load_demo_history(p.app->db(), 1, p.clock.now());
  CHECK(first.seeded);
  CHECK(first.pairs >= 8);
  CHECK(first.sessions_held > first.sessions_missed);
  CHECK(first.pulse_answers >= 10);
  CHECK_THAT(summary(first), Catch::Contains("running for 10 weeks"));
  // Loading again changes nothing, and the organisation itself is unchanged too.
  CHECK_FALSE(load_demo_history(p.app->db(), 1, p.clock.now()).seeded);
  CHECK_FALSE(load_demo_data(p.app->db(), templates, 120, 1, p.clock.now()).changed());
  CHECK(count_of(p, "SELECT count(*) FROM pairs") == first.pairs);

  Browser b{p};
  REQUIRE(b.sign_in("pat").status == 303);
  auto html = b.get("/dashboard").body;
  CHECK_THAT(html, Catch::Contains("<h2 class=\"programme\">Demo programme <small>(running"));
  // Every kind of trouble is on the at-risk list, and the small pulse wave shows no figure.
  CHECK_THAT(html, Catch::Contains("in a row") && Catch::Contains("never met") &&
                       Catch::Contains("no session for"));
  CHECK_THAT(html, Catch::Contains("After 3 sessions (2): not enough answers"));
  CHECK_THAT(html, Catch::Contains("Pairs paused</dt><dd>1</dd>"));
}

TEST_CASE("dashboard: charts carry their names, descriptions and numbers", "[dashboard]") {
  const auto svg = dashboard::bar_chart("c", "Funnel <1>", "A & B", {{"Joined", 3, "3"}});
  CHECK_THAT(svg, Catch::StartsWith("<svg") && Catch::EndsWith("</svg>"));
  CHECK_THAT(svg, Catch::Contains("role=\"img\""));
  CHECK_THAT(svg, Catch::Contains("<title id=\"c-title\">Funnel &lt;1&gt;</title>"));
  CHECK_THAT(svg, Catch::Contains("<desc id=\"c-desc\">A &amp; B</desc>"));
  CHECK_THAT(svg, Catch::Contains(">3</text>"));
  const auto trend = dashboard::trend_chart(
      "t", "NPS", "d", {{"W1", 20.0, "+20"}, {"W2", std::nullopt, ""}, {"W3", -10.0, "-10"}}, -100,
      100, "not enough answers");
  // A gap breaks the line: no segment joins W1 and W3 across the missing point.
  CHECK_THAT(trend, !Catch::Contains("stroke-width=\"2.5\""));
  CHECK_THAT(trend, Catch::Contains(">not enough answers</text>"));
  CHECK(dashboard::same_secret("abc", "abc"));
  CHECK_FALSE(dashboard::same_secret("abc", "abd"));
  CHECK_FALSE(dashboard::same_secret("", ""));
  http::Request r;
  r.headers = {{"cookie", "a=1; flipside_dashboard=xyz ;b=2"}};
  CHECK(dashboard::cookie_value(r, "flipside_dashboard") == "xyz");
  CHECK(dashboard::cookie_value(r, "c").empty());
}
