// `export` (issue #7): a programme's data as CSV files for its managers, through links that expire,
// over the real HTTP server on loopback. The pulse file carries only anonymous aggregates.
#include <catch2/catch.hpp>

#include "bot/export_route.hpp"
#include "bot/http/http_client.hpp"
#include "support/programme_helpers.hpp"
#include "support/test_program.hpp"

using namespace flipside;
using namespace flipside::testing;
using namespace std::chrono;

namespace {

// The links in the reply to `export`, by file name ("participants.csv" -> "/export/<t>/...").
std::map<std::string, std::string> links_in(const Reply& r) {
  std::map<std::string, std::string> out;
  const auto text = all_text(r);
  for (auto at = text.find("/export/"); at != std::string::npos;
       at = text.find("/export/", at + 1)) {
    const auto end = text.find_first_of(" \n", at);
    const auto path = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
    out[path.substr(path.rfind('/') + 1)] = path;
  }
  return out;
}

}  // namespace

TEST_CASE("csv_record quotes what needs quoting and defuses formulas", "[export]") {
  CHECK(exports::csv_record({"plain", "a,b", "say \"hi\"", "two\nlines", ""}) ==
        "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
  // A cell a spreadsheet would run as a formula gets a leading apostrophe.
  CHECK(exports::csv_record({"=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "Zoë"}) ==
        "\"'=HYPERLINK(\"\"http://x\"\")\",'+1,'-2,'@SUM(A1),Zoë\r\n");
}

TEST_CASE("export: CSV files behind a link that expires, refused for a small programme",
          "[export]") {
  TestProgram p(with_admin("pat"));
  p.serve();
  paired_cohort(p, 3, "Finance", "Sales");
  CHECK(template_ids(p.say("m1", "export")) == std::vector<std::string>{"router.managers_only"});
  auto reply = p.say("pat", "export spring pilot");
  auto links = links_in(reply);
  REQUIRE(links.size() == 6);
  CHECK_THAT(all_text(reply), Catch::Contains("don't forward them"));

  http::HttpClient client;
  auto get = [&](const std::string& path) { return client.send({"GET", p.url(path), {}, ""}); };
  auto participants = get(links["participants.csv"]);
  REQUIRE(participants.status == 200);
  CHECK_THAT(participants.header("content-type"), Catch::Contains("text/csv"));
  CHECK_THAT(participants.header("content-disposition"), Catch::Contains("attachment"));
  CHECK(participants.body.starts_with(
      "\xEF\xBB\xBF"
      "name,email,role,department,time_zone,intake_done,joined_at\r\n"));
  CHECK_THAT(participants.body,
             Catch::Contains("\r\nM1,,mentor,Finance,Europe/Berlin,yes,2026-03-02T08:"));
  CHECK_THAT(participants.body, Catch::Contains("\r\nS3,,mentee,Sales,Europe/Berlin,yes,"));
  auto pairs = get(links["pairs.csv"]);
  REQUIRE(pairs.status == 200);
  CHECK_THAT(pairs.body, Catch::Contains(",M1,,S1,,matched,2026-03-02T08:") &&
                             Catch::Contains(",active,,,0\r\n"));
  CHECK(get(links["sessions.csv"]).body ==
        "\xEF\xBB\xBFpair_id,number,starts_at_utc,minutes,status,in_series\r\n");
  CHECK(get(links["goals.csv"]).status == 200);
  // No pulse has been sent yet: the file has its header and nothing else.
  CHECK(get(links["pulse.csv"]).body ==
        "\xEF\xBB\xBFwave,group,asked,answers,quality_mean,usefulness_mean,nps,note\r\n");
  // A running programme's impact file has no figures yet: they come once it is closed.
  CHECK(get(links["impact.csv"]).body ==
        "\xEF\xBB\xBFgroup,topic,people,before_mean,after_mean,change,note\r\n"
        "mentees,all skills,,,,,shown once the programme is closed\r\n"
        "mentors,coaching,,,,,shown once the programme is closed\r\n");

  // At the midpoint the pulse goes out; while it is open the file says so and shows no figure.
  p.clock.set(TimePoint{sys_days{2026y / May / 16}} + hours{7});
  p.run_due_jobs();
  auto fresh = links_in(p.say("pat", "export"));
  CHECK_THAT(get(fresh["pulse.csv"]).body,
             Catch::Contains("midpoint#1,all,6,,,,,open: results when it closes\r\n"));

  // Unknown files and tokens are 404; an hour later the link is gone (410).
  const auto base = links["pairs.csv"].substr(0, links["pairs.csv"].rfind('/'));
  CHECK(get(base + "/secrets.csv").status == 404);
  CHECK(get("/export/" + std::string(48, 'a') + "/pairs.csv").status == 404);
  CHECK(get("/export/../../etc/passwd").status == 404);
  p.clock.advance(hours{1});
  CHECK(get(fresh["pairs.csv"]).status == 410);

  // The audit log records each export.
  CHECK_THAT(all_text(p.say("pat", "audit")), Catch::Contains("*Pat* exported Spring pilot"));
}

TEST_CASE(
    "export: a programme below the anonymity threshold is refused, and a removed manager's "
    "link stops working",
    "[export]") {
  TestProgram p(with_admin("pat"));
  p.serve();
  paired_cohort(p, 2, "Finance", "Sales");  // 4 people, fewer than 5
  CHECK_THAT(all_text(p.say("pat", "export")),
             Catch::Contains("has 4 participants, fewer than 5") && !Catch::Contains("/export/"));
  TestProgram q(with_admin("pat"));
  q.serve();
  paired_cohort(q, 3, "Finance", "Sales");
  q.say("ann", "hi");
  set_email(q, "ann", "ann@example.com");
  REQUIRE_THAT(all_text(q.say("pat", "manager add ann@example.com")), Catch::Contains("Ann"));
  auto links = links_in(q.say("ann", "export"));
  REQUIRE(links.size() == 6);
  http::HttpClient client;
  CHECK(client.send({"GET", q.url(links["pairs.csv"]), {}, ""}).status == 200);
  q.say("pat", "manager remove ann@example.com");
  CHECK(client.send({"GET", q.url(links["pairs.csv"]), {}, ""}).status == 410);
}
