// Privacy controls (issue #7): `forget-me` deletes everything that names a person (checked by
// scanning every table and column of the real SQLite file), and `my-data` hands them their data
// through a single-use, expiring link. Driven through the console dispatcher, the console's HTTP
// API and Slack, under a fake clock.
#include <catch2/catch.hpp>

#include <openssl/evp.h>

#include <SQLiteCpp/Statement.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "bot/http/http_client.hpp"
#include "storage/console_transcript.hpp"
#include "storage/outbox.hpp"
#include "storage/privacy.hpp"
#include "support/programme_helpers.hpp"
#include "support/slack_cohort.hpp"
#include "support/test_program.hpp"

using namespace flipside;
using namespace flipside::testing;
using namespace std::chrono;
using nlohmann::json;

namespace {

constexpr const char* kQuinnEmail = "quinn.private@example.com";

TimePoint utc(int month, int day, int hour, int minute = 0) {
  return TimePoint{sys_days{2026y / month / day}} + hours{hour} + minutes{minute};
}

std::string pair_value(TestProgram& p) {
  return buttons_in(last_delivered(p, "quinn", "pair.kickoff"))[0].value;
}

// Quinn (mentor) and Sam (mentee), paired by a confirmed direct match in Pat's "Spring pilot",
// with everything a pair leaves behind: a goal, a session booked and held with both check-ins
// (Sam's notes name Quinn), a pulse answered at the midpoint, and Quinn's wrap-up. Rae, also a
// mentee, names Quinn as her manager (so they cannot be paired) and stays unmatched.
void full_history(TestProgram& p) {
  p.time_zone_for_new_users = "Europe/Berlin";
  p.say("pat", "hi");
  p.say("quinn", "hi");
  set_email(p, "quinn", kQuinnEmail);
  auto programme = good_programme();
  programme["matching_mode"] = "direct";
  REQUIRE(p.submit("pat", "programme.create", programme).form_errors.empty());
  join_with_intake(p, "quinn", "mentor",
                   {{"teaches", "generative_ai"},
                    {"time_zone", "Europe/Berlin"},
                    {"goals", "Learn how leaders decide"},
                    {"availability", "mon_am,wed_am,thu_am"}});
  join_with_intake(p, "sam", "mentee",
                   {{"learns", "generative_ai"},
                    {"time_zone", "Europe/Berlin"},
                    {"availability", "mon_am,wed_am,thu_am"}});
  join_with_intake(p, "rae", "mentee",
                   {{"learns", "generative_ai"},
                    {"time_zone", "Europe/Berlin"},
                    {"manager_email", kQuinnEmail}});
  p.say("pat", "match run");
  p.run_due_jobs();
  auto to_sam = buttons_in(last_delivered(p, "sam", "match.proposal"));
  p.press("sam", to_sam[0].action_id, to_sam[0].value);
  auto to_quinn = buttons_in(last_delivered(p, "quinn", "match.request"));
  p.press("quinn", to_quinn[0].action_id, to_quinn[0].value);
  REQUIRE(pairs_in(p) == 1);
  p.run_due_jobs();

  // A SMART goal, proposed by Quinn and agreed by Sam.
  auto goal_form = p.press("quinn", "goal.new", pair_value(p));
  REQUIRE(form_of(goal_form));
  REQUIRE(p.submit("quinn", form_of(goal_form)->form_id,
                   {{"specific", "Build a Power BI dashboard of the sales pipeline for my team"},
                    {"measurable", "Dashboard used in 4 weekly reviews"},
                    {"achievable", "Quinn knows Power BI; data already exists"},
                    {"relevant", "We decide on stale numbers today"},
                    {"due_date", "2026-06-30"}})
              .form_errors.empty());
  p.run_due_jobs();
  auto agree = buttons_in(last_delivered(p, "sam", "goal.proposed"))[0];
  p.press("sam", agree.action_id, agree.value);

  // Wed 4 Mar 10:00 in Berlin (09:00 UTC), booked by Quinn, accepted by Sam.
  auto session_form = p.press("quinn", "session.propose", pair_value(p));
  REQUIRE(form_of(session_form));
  REQUIRE(p.submit("quinn", form_of(session_form)->form_id,
                   {{"date", "2026-03-04"}, {"time", "10:00"}, {"minutes", "45"}, {"anyway", ""}})
              .form_errors.empty());
  p.run_due_jobs();
  auto accept = buttons_in(last_delivered(p, "sam", "session.proposed"))[0];
  p.press("sam", accept.action_id, accept.value);
  p.run_due_jobs();

  // Held: both check in 15 minutes after the end.
  p.clock.set(utc(3, 4, 10));
  p.run_due_jobs();
  for (const auto& [user, learned] : std::vector<std::pair<std::string, std::string>>{
           {"quinn", "How budgets get approved"}, {"sam", "Quinn showed me Copilot"}}) {
    auto ask = buttons_in(last_delivered(p, user, "checkin.ask"));
    auto yes = p.press(user, ask[0].action_id, ask[0].value);
    REQUIRE(form_of(yes));
    REQUIRE(template_ids(p.submit(user, form_of(yes)->form_id,
                                  {{"learned", learned}, {"actions", "Try it on the Q2 memo"}})) ==
            std::vector<std::string>{"checkin.thanks"});
  }

  // The midpoint pulse (Sat 16 May, 09:00 in Berlin), answered by both.
  p.clock.set(utc(5, 16, 7));
  p.run_due_jobs();
  for (const auto& [user, comment] : std::vector<std::pair<std::string, std::string>>{
           {"quinn", "The agenda templates helped"}, {"sam", "More time, please"}}) {
    auto ask = buttons_in(last_delivered(p, user, "pulse.ask"));
    REQUIRE(ask.size() == 1);
    auto opened = p.press(user, ask[0].action_id, ask[0].value);
    REQUIRE(form_of(opened));
    REQUIRE(
        template_ids(p.submit(
            user, form_of(opened)->form_id,
            {{"quality", "4"}, {"usefulness", "5"}, {"recommend", "9"}, {"comment", comment}})) ==
        std::vector<std::string>{"pulse.thanks"});
  }

  // The wrap-up, a week before the end.
  p.clock.set(utc(7, 9, 7));
  p.run_due_jobs();
  Reply wrap;
  wrap.messages.push_back(last_delivered(p, "quinn", "timeline.wrapup"));
  REQUIRE(form_of(wrap));
  REQUIRE(p.submit("quinn", form_of(wrap)->form_id,
                   {{"takeaways", "Explaining data to leaders"},
                    {"testimonial", "Sam asked the best questions."},
                    {"share", "yes"}})
              .form_errors.empty());
  p.run_due_jobs();
}

std::vector<std::string> tables(SQLite::Database& db) {
  std::vector<std::string> out;
  SQLite::Statement q(db,
                      "SELECT name FROM sqlite_master WHERE type = 'table'"
                      " AND name NOT LIKE 'sqlite_%' ORDER BY name");
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

std::vector<std::string> columns_of(SQLite::Database& db, const std::string& table) {
  std::vector<std::string> out;
  SQLite::Statement q(db, "SELECT name FROM pragma_table_info(?)");
  q.bind(1, table);
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

// "table.column" for every column that holds a person's id: each foreign key to people
// (PRAGMA foreign_key_list), and any column named *person_id even without one.
std::set<std::string> person_columns(SQLite::Database& db) {
  std::set<std::string> out;
  for (const auto& t : tables(db)) {
    SQLite::Statement fk(db, "SELECT \"table\", \"from\" FROM pragma_foreign_key_list(?)");
    fk.bind(1, t);
    while (fk.executeStep())
      if (fk.getColumn(0).getString() == "people")
        out.insert(t + "." + fk.getColumn(1).getString());
    for (const auto& c : columns_of(db, t))
      if (c.ends_with("person_id")) out.insert(t + "." + c);
  }
  return out;
}

// Everywhere the person is still found: "table.column = id" for their id in a column that holds
// a person's id, "table.column ~ word" for a word inside any text value (ignoring case).
std::vector<std::string> traces(TestProgram& p, std::int64_t id,
                                const std::vector<std::string>& words) {
  return in_db(p, [&](SQLite::Database& db) {
    std::vector<std::string> found;
    for (const auto& tc : person_columns(db)) {
      const auto dot = tc.find('.');
      SQLite::Statement q(db, "SELECT count(*) FROM \"" + tc.substr(0, dot) + "\" WHERE \"" +
                                  tc.substr(dot + 1) + "\" = ?");
      q.bind(1, id);
      q.executeStep();
      if (q.getColumn(0).getInt64() > 0) found.push_back(tc + " = " + std::to_string(id));
    }
    for (const auto& t : tables(db)) {
      for (const auto& c : columns_of(db, t)) {
        for (const auto& w : words) {
          SQLite::Statement q(db, "SELECT count(*) FROM \"" + t + "\" WHERE typeof(\"" + c +
                                      "\") = 'text' AND instr(lower(\"" + c + "\"), lower(?)) > 0");
          q.bind(1, w);
          q.executeStep();
          if (q.getColumn(0).getInt64() > 0) found.push_back(t + "." + c + " ~ " + w);
        }
      }
    }
    return found;
  });
}

std::map<std::string, std::int64_t> row_counts(TestProgram& p) {
  return in_db(p, [](SQLite::Database& db) {
    std::map<std::string, std::int64_t> out;
    for (const auto& t : tables(db))
      out[t] = db.execAndGet("SELECT count(*) FROM \"" + t + "\"").getInt64();
    return out;
  });
}

std::vector<std::string> pulse_rows(TestProgram& p) {
  return in_db(p, [](SQLite::Database& db) {
    std::vector<std::string> out;
    SQLite::Statement q(db,
                        "SELECT json_array(id, programme_id, wave, role, department, quality,"
                        " usefulness, recommend, comment) FROM pulse_responses ORDER BY id");
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  });
}

std::int64_t count_of(TestProgram& p, const std::string& sql) {
  return in_db(p, [&](SQLite::Database& db) { return db.execAndGet(sql).getInt64(); });
}

const std::vector<std::string> kQuinnWords = {"Quinn", kQuinnEmail, "quinn"};

std::string sha256_hex(const std::string& s) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  REQUIRE(EVP_Digest(s.data(), s.size(), digest, &length, EVP_sha256(), nullptr) == 1);
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

// The token in a my-data reply's link.
std::string token_in(const Reply& r) {
  std::smatch m;
  const auto text = all_text(r);
  REQUIRE(std::regex_search(text, m, std::regex(R"(/my-data/([^\s]+))")));
  return m[1].str();
}

}  // namespace

TEST_CASE("forget-me asks first, keeping changes nothing", "[privacy]") {
  TestProgram p(with_admin("pat"));
  full_history(p);
  auto ask = p.say("quinn", "forget-me");
  REQUIRE(ask.messages.size() == 1);
  const auto text = all_text(ask);
  CHECK_THAT(text, Catch::Contains("profile") && Catch::Contains("intake answers") &&
                       Catch::Contains("sessions, goals and check-ins") &&
                       Catch::Contains("wrap-up") && Catch::Contains("Anonymous pulse answers") &&
                       Catch::Contains("cannot be undone"));
  auto buttons = buttons_in(ask.messages[0]);
  REQUIRE(buttons.size() == 2);
  CHECK(buttons[0].label == "Delete everything about me");
  CHECK(buttons[0].action_id == "privacy.forget");
  CHECK(buttons[0].style == ui::Style::danger);
  CHECK(buttons[1].label == "Keep my data");
  CHECK(buttons[1].action_id == "privacy.keep");

  const auto before = row_counts(p);
  auto kept = p.press("quinn", buttons[1].action_id, buttons[1].value);
  CHECK(template_ids(kept) == std::vector<std::string>{"privacy.kept"});
  CHECK_THAT(all_text(kept), Catch::Contains("Nothing was deleted"));
  p.run_due_jobs();
  CHECK(row_counts(p) == before);
  CHECK(pairs_in(p) == 1);
}

TEST_CASE("forget-me deletes everything that names the person, pulse answers stay", "[privacy]") {
  TestProgram p(with_admin("pat"));
  full_history(p);
  const auto quinn = person_id(p, "quinn");
  const auto sam = person_id(p, "sam");

  // The columns that hold a person's id, from the schema's foreign keys: the scan below checks
  // all of them, including tables added later.
  const auto columns = in_db(p, [](SQLite::Database& db) { return person_columns(db); });
  for (const char* expected : {"identities.person_id",
                               "participants.person_id",
                               "outbox.person_id",
                               "jobs.person_id",
                               "managers.person_id",
                               "managers.added_by",
                               "programmes.created_by",
                               "programme_managers.person_id",
                               "intakes.person_id",
                               "do_not_pair.person_a",
                               "do_not_pair.person_b",
                               "offers.mentor_id",
                               "offers.mentee_id",
                               "shortlists.mentor_id",
                               "shortlists.mentee_id",
                               "pairs.mentor_id",
                               "pairs.mentee_id",
                               "pairs.created_by",
                               "goals.proposed_by",
                               "sessions.proposed_by",
                               "series.proposed_by",
                               "checkins.person_id",
                               "wrapups.person_id",
                               "pulse_invites.person_id",
                               "audit_log.actor_id",
                               "audit_log.subject_person_id",
                               "data_export_links.person_id"}) {
    INFO(expected);
    CHECK(columns.contains(expected));
  }

  // The scan is not vacuous: before, Quinn is everywhere.
  const auto before = traces(p, quinn, kQuinnWords);
  for (const char* expected :
       {"people.display_name ~ Quinn", "identities.person_id = ", "intakes.person_id = ",
        "pairs.mentor_id = ", "goals.proposed_by = ", "sessions.proposed_by = ",
        "checkins.person_id = ", "wrapups.person_id = ", "pulse_invites.person_id = ",
        "console_messages.message ~ Quinn", "outbox.message ~ Quinn", "people.manager_email ~ ",
        "intakes.answers ~ quinn.private@example.com", "console_messages.user_id ~ quinn"}) {
    INFO(expected);
    CHECK(std::any_of(before.begin(), before.end(),
                      [&](const std::string& t) { return t.starts_with(expected); }));
  }
  const auto pulse_before = pulse_rows(p);
  REQUIRE(pulse_before.size() == 2);

  auto ask = p.say("quinn", "forget-me");
  auto confirm = buttons_in(ask.messages[0])[0];
  auto done = p.press("quinn", confirm.action_id, confirm.value);
  CHECK(template_ids(done) == std::vector<std::string>{"privacy.forgotten"});
  CHECK_THAT(all_text(done), Catch::Contains("has been deleted"));
  p.run_due_jobs();

  // Nothing left, in any table or column.
  const auto after = traces(p, quinn, kQuinnWords);
  CHECK(after == std::vector<std::string>{});
  // Anonymous pulse answers stay, untouched.
  CHECK(pulse_rows(p) == pulse_before);

  // Sam's pair has ended (and gone with its sessions); Sam is told, without a name.
  CHECK(pairs_in(p) == 0);
  CHECK(count_of(p, "SELECT count(*) FROM people WHERE id = " + std::to_string(sam)) == 1);
  CHECK(count_of(p, "SELECT count(*) FROM participants WHERE person_id = " + std::to_string(sam)) ==
        1);
  CHECK_THAT(text_of(last_delivered(p, "sam", "privacy.partner_left")),
             Catch::Contains("Your mentoring partner has left the programme and asked for their "
                             "data to be deleted"));
  // The managers are told which of their people needs a new partner, not who left.
  CHECK_THAT(text_of(last_delivered(p, "pat", "privacy.managers")),
             Catch::Contains("*Sam* may need a new match") && Catch::Contains("Spring pilot"));
  // Rae's record no longer names Quinn as her manager, in her profile or her intake.
  const auto rae = std::to_string(person_id(p, "rae"));
  CHECK(count_of(p, "SELECT count(*) FROM people WHERE id = " + rae +
                        " AND manager_email IS NULL") == 1);
  CHECK(count_of(p, "SELECT count(*) FROM intakes WHERE person_id = " + rae +
                        " AND json_extract(answers, '$.manager_email') = ''") == 1);

  // Pressing Delete again: a clear answer, and the bare record the click created goes too.
  auto again = p.press("quinn", confirm.action_id, confirm.value);
  CHECK(template_ids(again) == std::vector<std::string>{"privacy.already_forgotten"});
  CHECK_THAT(all_text(again), Catch::Contains("already been deleted"));
  CHECK(traces(p, quinn, kQuinnWords) == std::vector<std::string>{});
  CHECK(count_of(p, "SELECT count(*) FROM people") == 3);  // Pat, Sam, Rae

  // Once Quinn has written again (and joined), the old button no longer deletes anything.
  p.say("quinn", "join mentor");
  CHECK(template_ids(p.press("quinn", confirm.action_id, confirm.value)) ==
        std::vector<std::string>{"privacy.stale"});
  CHECK(count_of(p, "SELECT count(*) FROM participants") == 3);
}

TEST_CASE("my-data: a single-use, expiring link to a JSON file without pulse answers",
          "[privacy]") {
  TestProgram p(with_admin("pat"));
  p.serve();
  full_history(p);
  http::HttpClient client;
  auto get = [&](const std::string& token) {
    return client.send({"GET", p.url("/my-data/" + token), {}, ""});
  };

  auto reply = p.say("quinn", "my-data");
  CHECK(template_ids(reply) == std::vector<std::string>{"privacy.export.ready"});
  CHECK_THAT(all_text(reply),
             Catch::Contains("works once") && Catch::Contains("expires in 24 hours"));
  const auto token = token_in(reply);
  // Unguessable: 24 random bytes, as 48 hex characters; only its SHA-256 is stored.
  CHECK(std::regex_match(token, std::regex("[0-9a-f]{48}")));
  CHECK(count_of(p, "SELECT count(*) FROM data_export_links WHERE token_sha256 = '" +
                        sha256_hex(token) + "'") == 1);
  CHECK(traces(p, 0, {token}) == std::vector<std::string>{});

  auto file = get(token);
  REQUIRE(file.status == 200);
  CHECK_THAT(file.header("content-type"), Catch::StartsWith("application/json"));
  CHECK(file.header("content-disposition") == "attachment; filename=\"flipside-my-data.json\"");
  CHECK(file.header("cache-control") == "no-store");
  auto data = json::parse(file.body);
  CHECK(data["profile"]["display_name"] == "Quinn");
  CHECK(data["profile"]["email"] == kQuinnEmail);
  CHECK(data["profile"]["time_zone"] == "Europe/Berlin");
  CHECK(data["identities"][0]["user_id"] == "quinn");
  CHECK(data["participation"][0]["role"] == "mentor");
  CHECK(data["intake_answers"][0]["answers"]["goals"] == "Learn how leaders decide");
  CHECK(data["pairs"][0]["partner"] == "Sam");
  CHECK(data["pairs"][0]["your_role"] == "mentor");
  REQUIRE(data["sessions"].size() == 1);
  CHECK(data["sessions"][0]["starts_at"] == "2026-03-04T09:00:00Z");
  CHECK(data["sessions"][0]["status"] == "held");
  CHECK(data["goals"][0]["specific"] ==
        "Build a Power BI dashboard of the sales pipeline for my team");
  // Quinn's own check-in, not Sam's.
  REQUIRE(data["checkins"].size() == 1);
  CHECK(data["checkins"][0]["learned"] == "How budgets get approved");
  CHECK(data["wrapups"][0]["takeaways"] == "Explaining data to leaders");
  // Asked and answered, but not what: the answers cannot be linked to Quinn, and the file says so.
  // (The end-of-programme pulse went out with the wrap-up and is still open.)
  INFO(data["pulse_invitations"].dump());
  REQUIRE(data["pulse_invitations"].size() == 2);
  CHECK(data["pulse_invitations"][0]["wave"] == "midpoint#1");
  CHECK(data["pulse_invitations"][0]["answered"] == true);
  CHECK(data["pulse_invitations"][1]["answered"] == false);
  CHECK_THAT(data["notes"]["pulse_answers"].get<std::string>(), Catch::Contains("anonymously"));
  CHECK_THAT(file.body, !Catch::Contains("The agenda templates helped") &&
                            !Catch::Contains("quality") && !Catch::Contains("recommend"));
  CHECK(data["manager_roles"]["programme_manager"] == false);

  // A link works once.
  CHECK(get(token).status == 410);
  // Unknown or malformed tokens are not found.
  CHECK(get(std::string(48, 'a')).status == 404);
  CHECK(get("../../etc/passwd").status == 404);
  CHECK(get(token.substr(0, 47)).status == 404);

  // Another link expires after 24 hours unused.
  const auto later = token_in(p.say("quinn", "my-data"));
  CHECK(later != token);
  p.clock.advance(hours{25});
  CHECK(get(later).status == 410);
  // Someone else's my-data is theirs: Sam's file is about Sam.
  auto sams = json::parse(get(token_in(p.say("sam", "my-data"))).body);
  CHECK(sams["profile"]["display_name"] == "Sam");
  CHECK(sams["pairs"][0]["partner"] == "Quinn");
}

TEST_CASE("delivered copies of a download link or a forgotten person's confirmation are swept",
          "[privacy]") {
  // Through the console's real HTTP API, whose transcript keeps every reply.
  TestProgram p;
  p.serve();
  http::HttpClient client;
  int events = 0;
  auto post = [&](json body) {
    body["user"] = {{"id", "zoe"}, {"name", "Zoe"}};
    body["event_id"] = "e" + std::to_string(++events);
    auto r = client.send({"POST",
                          p.url("/console/api/events"),
                          {{"Content-Type", "application/json"}},
                          body.dump()});
    REQUIRE(r.status == 200);
    return json::parse(r.body);
  };
  post({{"type", "text"}, {"text", "join mentor"}});
  auto link = post({{"type", "text"}, {"text", "my-data"}});
  std::smatch m;
  const auto shown = link["messages"][0]["text"].get<std::string>();
  REQUIRE(std::regex_search(shown, m, std::regex(R"(/my-data/([0-9a-f]{48}))")));
  const std::string token = m[1].str();
  // The transcript holds the link until the sweep, ten minutes later.
  CHECK_FALSE(traces(p, 0, {token}).empty());
  p.clock.advance(minutes{11});
  p.run_due_jobs();
  CHECK(traces(p, 0, {token}) == std::vector<std::string>{});

  const auto zoe = person_id(p, "zoe");
  const auto created =
      count_of(p, "SELECT created_at FROM people WHERE id = " + std::to_string(zoe));
  post({{"type", "text"}, {"text", "forget-me"}});
  auto done = post({{"type", "action"},
                    {"action_id", "privacy.forget"},
                    {"value", std::to_string(zoe) + ":" + std::to_string(created)}});
  CHECK(done["messages"][0]["template_id"] == "privacy.forgotten");
  // The console stored the confirmation under Zoe's user id after the deletion; the sweep
  // removes it, and nothing else names her.
  CHECK(traces(p, zoe, {"zoe"}) == std::vector<std::string>{"console_messages.user_id ~ zoe"});
  p.clock.advance(minutes{11});
  p.run_due_jobs();
  CHECK(traces(p, zoe, {"zoe"}) == std::vector<std::string>{});
}

TEST_CASE("forget-me through Slack: the confirmation is still delivered, then swept",
          "[privacy][slack]") {
  SlackCohort s;
  auto asked = s.command("UANA", "forget-me");
  s.click("UANA", s.button(asked, "Delete everything about me"));
  s.deliver_all();
  CHECK_THAT(text_of(s.last_post("UANA", "has been deleted")),
             Catch::Contains("Everything I held about you has been deleted"));
  CHECK(s.count("SELECT count(*) FROM identities WHERE user_id = 'UANA'") == 0);
  s.program->clock.advance(minutes{11});
  s.deliver_all();
  CHECK(traces(*s.program, 0, {"UANA", "DUANA"}) == std::vector<std::string>{});
}

TEST_CASE("forgetting removes what names the person as a whole word, and spares the rest",
          "[privacy]") {
  TestProgram p;
  for (const char* user : {"wmoss", "al", "alice"}) p.say(user, "hi");
  set_email(p, "al", "al@example.com");
  const auto will = person_id(p, "wmoss");
  const auto al = person_id(p, "al");
  const auto alice = person_id(p, "alice");
  const std::vector<std::string> lines = {
      "You will meet Alice on Monday",  // "will" is not Will, "Alice" is not Al
      "Albert and Alice will meet",     //
      "Will proposed a goal",           // Will's display name
      "*Al* has left",                  // Al's display name
      "Write to AL@EXAMPLE.COM",        // Al's email, in any case
      "Ping wmoss:e1 again"};           // Will's platform user id
  in_db(p, [&](SQLite::Database& db) {
    db.exec("UPDATE people SET display_name = 'Will' WHERE id = " + std::to_string(will));
    storage::ConsoleTranscriptRepository transcript(db);
    storage::OutboxRepository outbox(db);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const auto message = json{{"template_id", "test"}, {"text", lines[i]}}.dump();
      transcript.append("alice", message, p.clock.now());
      storage::OutboxItem item;
      item.idempotency_key = "test:" + std::to_string(i);
      item.person_id = alice;
      item.address.platform = Platform::console;
      item.address.workspace = "local";
      item.address.conversation_id = "alice";
      item.user_id = "alice";
      item.message_json = message;
      outbox.enqueue(item, p.clock.now());
    }
    storage::PrivacyRepository privacy(db);
    privacy.forget(will);
    privacy.forget(al);
    return 0;
  });
  const std::vector<std::string> kept = {lines[0], lines[1]};
  auto texts = [&](const std::string& sql) {
    return in_db(p, [&](SQLite::Database& db) {
      std::vector<std::string> out;
      SQLite::Statement q(db, sql);
      while (q.executeStep()) out.push_back(q.getColumn(0).getString());
      return out;
    });
  };
  CHECK(texts("SELECT json_extract(message, '$.text') FROM console_messages ORDER BY id") == kept);
  CHECK(texts("SELECT json_extract(message, '$.text') FROM outbox ORDER BY id") == kept);
  CHECK(count_of(p, "SELECT count(*) FROM people") == 1);
}
