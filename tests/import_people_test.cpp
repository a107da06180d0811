// flipside import-people: the CSV reader, the org directory and the CLI end to end.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bot/import_people.hpp"
#include "storage/database.hpp"
#include "storage/org_directory.hpp"
#include "storage/people.hpp"
#include "support/cli.hpp"
#include "support/temp_dir.hpp"

using namespace flipside;
using namespace flipside::storage;
using Catch::Matchers::Contains;
using flipside::testing::flipside_binary;
using flipside::testing::shell_quote;

namespace {
const TimePoint kNow = from_unix(1772438400);

const char* kHeader = "email,name,title,department,location,level,manager email,languages\n";

ImportReport import_text(Database& db, const std::string& csv, TimePoint now = kNow) {
  std::istringstream in(csv);
  return import_people(db, in, now);
}

std::int64_t count_people(Database& db) {
  return db.transact(
      [](SQLite::Database& c) { return c.execAndGet("SELECT count(*) FROM people").getInt64(); });
}

std::optional<OrgRecord> record_for(Database& db, const std::string& email) {
  return db.transact([&](SQLite::Database& c) -> std::optional<OrgRecord> {
    OrgDirectory directory(c);
    auto id = directory.find_by_email(email);
    if (!id) return std::nullopt;
    return directory.find(*id);
  });
}

std::vector<int> lines_of(const std::vector<ImportIssue>& issues) {
  std::vector<int> out;
  for (const auto& i : issues) out.push_back(i.line);
  return out;
}

std::string message_on(const ImportReport& r, int line) {
  for (const auto& i : r.skipped) {
    if (i.line == line) return i.message;
  }
  return "(line " + std::to_string(line) + " not reported)";
}

std::vector<std::vector<std::string>> fields_of(const std::vector<CsvRecord>& records) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : records) out.push_back(r.fields);
  return out;
}
}  // namespace

TEST_CASE("the CSV reader follows RFC 4180 and counts physical lines", "[import]") {
  std::istringstream in(
      "\xEF\xBB\xBF"
      "a,b,c\r\n"
      "\"x, y\",\"say \"\"hi\"\"\",plain\r\n"
      "\"two\r\nlines\",,\"\"\r\n"
      "\r\n"
      "last,row,here\r\n"
      "\r\n");
  auto records = read_csv(in);
  REQUIRE(records.size() == 4);
  CHECK(fields_of(records) == std::vector<std::vector<std::string>>{{"a", "b", "c"},
                                                                    {"x, y", "say \"hi\"", "plain"},
                                                                    {"two\nlines", "", ""},
                                                                    {"last", "row", "here"}});
  CHECK(records[0].line == 1);
  CHECK(records[1].line == 2);
  CHECK(records[2].line == 3);
  CHECK(records[3].line == 6);  // the quoted line break took line 4, line 5 is blank
  for (const auto& r : records) CHECK(r.error.empty());

  std::istringstream no_final_newline("a,b\n1,");
  CHECK(fields_of(read_csv(no_final_newline)) ==
        std::vector<std::vector<std::string>>{{"a", "b"}, {"1", ""}});

  std::istringstream stray("a,b\n\"x\"y,z\n");
  auto bad = read_csv(stray);
  REQUIRE(bad.size() == 2);
  CHECK_THAT(bad[1].error, Contains("after a closing quote"));

  std::istringstream unclosed("a,b\n1,2\n\"never closed,3\n4,5\n");
  CHECK_THROWS_WITH(read_csv(unclosed), Contains("line 3: a quoted field is never closed"));
}

TEST_CASE("a good file imports everyone with their org fields", "[import]") {
  testing::TempDir dir;
  Database db(dir.file("flipside.db"));
  auto report = import_text(db, std::string(kHeader) +
                                    "Ana.Lima@Example.com,Ana Lima,\"Account Executive, LATAM\","
                                    "Sales,São Paulo,6,Sofia.Marques@example.com,PT; en|es\n"
                                    "sofia.marques@example.com,Sofia Marques,Director,Sales,Lisbon,"
                                    "15,,pt\n"
                                    "bo@example.com,Bo,,,,,,\n");
  CHECK(report.created == 3);
  CHECK(report.updated == 0);
  CHECK(report.unchanged == 0);
  CHECK(report.skipped.empty());
  CHECK(report.unknown_managers.empty());
  CHECK(summary(report) == "imported 3 people: 3 new, 0 updated, 0 unchanged");

  auto ana = record_for(db, "ana.lima@example.com");
  REQUIRE(ana);
  CHECK(ana->email == "ana.lima@example.com");  // stored lower-case
  CHECK(ana->display_name == "Ana Lima");
  CHECK(ana->title == "Account Executive, LATAM");
  CHECK(ana->department == "Sales");
  CHECK(ana->location == "São Paulo");
  CHECK(ana->grade == 6);
  CHECK(ana->manager_email == "sofia.marques@example.com");
  CHECK(ana->languages == std::vector<std::string>{"pt", "en", "es"});

  auto bo = record_for(db, "BO@example.com");
  REQUIRE(bo);
  CHECK(bo->title.empty());
  CHECK_FALSE(bo->grade);
  CHECK(bo->languages.empty());

  db.transact([](SQLite::Database& c) {
    OrgDirectory directory(c);
    auto ana_id = *directory.find_by_email("ana.lima@example.com");
    auto sofia_id = *directory.find_by_email("sofia.marques@example.com");
    CHECK(directory.manager_of(ana_id) == sofia_id);
    CHECK_FALSE(directory.manager_of(sofia_id));
    CHECK(c.execAndGet("SELECT languages FROM people WHERE id = " + std::to_string(ana_id))
              .getString() == "pt,en,es");
  });
}

TEST_CASE("re-importing updates what changed and reports the rest unchanged", "[import]") {
  testing::TempDir dir;
  Database db(dir.file("flipside.db"));
  const std::string file = std::string(kHeader) +
                           "ana@example.com,Ana,Engineer,Engineering,Berlin,4,,de;en\n"
                           "bo@example.com,Bo,Manager,Engineering,Berlin,9,,en\n";
  CHECK(import_text(db, file).created == 2);

  auto again = import_text(db, file);
  CHECK(again.created == 0);
  CHECK(again.updated == 0);
  CHECK(again.unchanged == 2);

  auto later = import_text(db,
                           std::string(kHeader) +
                               "ANA@example.com,Ana Schmidt,Senior Engineer,Engineering,Berlin,5,"
                               "bo@example.com,de;en\n"
                               "bo@example.com,Bo,Manager,Engineering,Berlin,9,,en\n"
                               "cy@example.com,Cy,Designer,Design,Paris,3,bo@example.com,fr\n",
                           kNow + std::chrono::hours(24));
  CHECK(later.created == 1);
  CHECK(later.updated == 1);
  CHECK(later.unchanged == 1);
  CHECK(summary(later) == "imported 3 people: 1 new, 1 updated, 1 unchanged");
  auto ana = record_for(db, "ana@example.com");
  REQUIRE(ana);
  CHECK(ana->display_name == "Ana Schmidt");
  CHECK(ana->title == "Senior Engineer");
  CHECK(ana->grade == 5);
  CHECK(ana->manager_email == "bo@example.com");
  CHECK(count_people(db) == 3);

  // A file without the optional columns leaves them as they are.
  auto names_only = import_text(db, "email,name\nana@example.com,Ana Schmidt\n");
  CHECK(names_only.unchanged == 1);
  CHECK(record_for(db, "ana@example.com")->title == "Senior Engineer");
}

TEST_CASE("broken rows are reported by line and the good rows are kept", "[import]") {
  testing::TempDir dir;
  Database db(dir.file("flipside.db"));
  const std::string file =
      "\xEF\xBB\xBF"
      "Name,EMAIL,Grade,Manager_Email,Languages,Title\r\n"                     // 1
      "Ana Lima,ana@example.com,6,bo@example.com,pt;en,Engineer\r\n"           // 2
      "No Email,,3,,en,Engineer\r\n"                                           // 3
      "Bad Email,not-an-email,3,,en,Engineer\r\n"                              // 4
      ",nameless@example.com,3,,en,Engineer\r\n"                               // 5
      "Cy,cy@example.com,senior,,en,Engineer\r\n"                              // 6
      "Dee,dee@example.com,21,,en,Engineer\r\n"                                // 7
      "\"Bo, the boss\",bo@example.com,12,,en,\"Head of\r\nEngineering\"\r\n"  // 8-9
      "Ana Again,ANA@example.com,7,,en,Engineer\r\n"                           // 10
      "Eve,eve@example.com,5,eve@example.com,en,Engineer\r\n"                  // 11
      "Finn,finn@example.com,5,,english,Engineer\r\n"                          // 12
      "Gus,gus@example.com,5,,en\r\n"                                          // 13
      "Hal,hal@example.com,5,not a manager,en,Engineer\r\n"                    // 14
      "\r\n"                                                                   // 15
      "Ida,ida@example.com,,,,\r\n";                                           // 16
  auto report = import_text(db, file);

  CHECK(lines_of(report.skipped) == std::vector<int>{3, 4, 5, 6, 7, 10, 11, 12, 13, 14});
  CHECK(message_on(report, 3) == "email is missing");
  CHECK(message_on(report, 4) == "email \"not-an-email\" does not look like an email address");
  CHECK(message_on(report, 5) == "name is missing");
  CHECK(message_on(report, 6) == "grade \"senior\" is not a number from 1 to 20");
  CHECK(message_on(report, 7) == "grade \"21\" is not a number from 1 to 20");
  CHECK(message_on(report, 10) == "email ana@example.com appears again (first on line 2)");
  CHECK(message_on(report, 11) == "manager email is the person's own");
  CHECK(message_on(report, 12) == "language \"english\" is not a 2-letter code such as en or de");
  CHECK_THAT(message_on(report, 13), Contains("has 5 fields but the header has 6"));
  CHECK(message_on(report, 14) ==
        "manager email \"not a manager\" does not look like an email address");

  CHECK(report.created == 3);  // Ana, Bo, Ida
  CHECK(summary(report) == "imported 3 people: 3 new, 0 updated, 0 unchanged; 10 rows skipped");
  CHECK(count_people(db) == 3);
  auto bo = record_for(db, "bo@example.com");
  REQUIRE(bo);
  CHECK(bo->display_name == "Bo, the boss");
  CHECK(bo->title == "Head of\nEngineering");
  CHECK(bo->grade == 12);
  CHECK(record_for(db, "ana@example.com")->grade == 6);  // the first row wins
  CHECK_FALSE(record_for(db, "cy@example.com"));
  CHECK(record_for(db, "ida@example.com"));
}

TEST_CASE("a file without a required column is refused and nothing is written", "[import]") {
  testing::TempDir dir;
  Database db(dir.file("flipside.db"));
  CHECK_THROWS_AS(import_text(db, "email,title\nana@example.com,Engineer\n"), ImportError);
  CHECK_THROWS_WITH(import_text(db, "email,title\nana@example.com,Engineer\n"),
                    Contains("has no \"name\" column"));
  CHECK_THROWS_WITH(import_text(db, "Full Name,Title\nAna,Engineer\n"),
                    Contains("has no \"email\" and \"name\" columns"));
  CHECK_THROWS_WITH(import_text(db, ""), Contains("empty"));
  CHECK_THROWS_WITH(import_text(db, "email,name,level,grade\na@example.com,A,1,1\n"),
                    Contains("both \"level\" and \"grade\""));
  CHECK_THROWS_WITH(import_text(db, "email,name\na@example.com,A\n\"b@example.com,B\n"),
                    Contains("line 3: a quoted field is never closed"));
  CHECK(count_people(db) == 0);
}

TEST_CASE("someone who met the bot on Slack and is then imported is one person", "[import]") {
  testing::TempDir dir;
  Database db(dir.file("flipside.db"));
  const UserRef slack_ana{Platform::slack, "T1", "U1", "ana", "ana@example.com", "Europe/Lisbon"};
  const auto contact_id = db.transact([&](SQLite::Database& c) {
    return PeopleRepository(c).upsert_from_contact(slack_ana, {}, kNow).id;
  });

  auto report = import_text(db, std::string(kHeader) +
                                    "Ana@Example.com,Ana Lima,Engineer,Engineering,Lisbon,4,"
                                    "bo@example.com,pt;en\n");
  CHECK(report.updated == 1);
  CHECK(report.created == 0);
  REQUIRE(report.unknown_managers.size() == 1);
  CHECK(report.unknown_managers[0].line == 2);
  CHECK(count_people(db) == 1);

  db.transact([&](SQLite::Database& c) {
    PeopleRepository people(c);
    auto person = people.find_by_identity(slack_ana);
    REQUIRE(person);
    CHECK(person->id == contact_id);
    CHECK(person->display_name == "Ana Lima");
    CHECK(person->time_zone == "Europe/Lisbon");  // never touched by the import
    auto org = OrgDirectory(c).find(person->id);
    REQUIRE(org);
    CHECK(org->department == "Engineering");
    CHECK(org->grade == 4);
    CHECK_FALSE(OrgDirectory(c).manager_of(person->id));  // Bo is not imported yet

    // Bo meets the bot on Teams before HR imports him.
    auto teams_bo = people.upsert_from_contact(
        {Platform::teams, "tenant", "29:bo", "Bo", "bo@example.com", ""}, {}, kNow);
    CHECK(teams_bo.id != person->id);
  });
  CHECK(count_people(db) == 2);

  // Bo's own row arrives later: the Teams person gets the org fields, Ana's manager resolves.
  auto bo_report = import_text(db, std::string(kHeader) +
                                       "bo@example.com,Bo Berg,Head of Engineering,Engineering,"
                                       "Lisbon,12,,en\n");
  CHECK(bo_report.updated == 1);
  CHECK(count_people(db) == 2);
  db.transact([&](SQLite::Database& c) {
    OrgDirectory directory(c);
    auto bo_id = directory.find_by_email("bo@example.com");
    REQUIRE(bo_id);
    CHECK(directory.manager_of(contact_id) == bo_id);
    CHECK(directory.find(*bo_id)->title == "Head of Engineering");
    // Imported first, chat later: an identity with the same email joins the imported person.
    directory.upsert({"cy@example.com", "Cy", "Designer", "Design", "Paris", 3, "", {"fr"}}, kNow);
    auto cy = PeopleRepository(c).upsert_from_contact(
        {Platform::slack, "T1", "U3", "cy", "cy@example.com", "Europe/Paris"}, {}, kNow);
    CHECK(cy.id == *directory.find_by_email("cy@example.com"));
    CHECK(cy.time_zone == "Europe/Paris");
    CHECK(directory.find(cy.id)->title == "Designer");
  });
}

TEST_CASE("a manager chain that loops is reported and those rows skipped", "[import]") {
  testing::TempDir dir;
  Database db(dir.file("flipside.db"));
  auto report = import_text(db, std::string(kHeader) +
                                    "a@example.com,A,,,,,b@example.com,\n"       // 2
                                    "b@example.com,B,,,,,a@example.com,\n"       // 3
                                    "c@example.com,C,,,,,a@example.com,\n"       // 4
                                    "d@example.com,D,,,,,boss@example.com,\n");  // 5
  CHECK(lines_of(report.skipped) == std::vector<int>{2, 3});
  CHECK_THAT(message_on(report, 2), Contains("loops"));
  CHECK_THAT(message_on(report, 2), Contains("a@example.com → b@example.com → a@example.com"));
  CHECK(report.created == 2);
  // C's manager (A) was skipped and D's was never imported: accepted, with a warning each.
  CHECK(lines_of(report.unknown_managers) == std::vector<int>{4, 5});

  // A loop closed through someone already in the directory is caught too.
  auto through_directory =
      import_text(db, std::string(kHeader) + "boss@example.com,Boss,,,,,d@example.com,\n");
  CHECK(lines_of(through_directory.skipped) == std::vector<int>{2});
}

namespace {

testing::CliRun run_cli(const testing::TempDir& dir, const std::string& args,
                        const std::string& stdin_file = "") {
  return testing::run_flipside(dir, args, "", stdin_file);
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("flipside import-people end to end: summary, line numbers, exit status", "[import]") {
  const auto binary = flipside_binary();
  INFO("flipside binary: " << binary << " (set FLIPSIDE_BIN to override)");
  REQUIRE(std::filesystem::exists(binary));
  testing::TempDir dir;
  const std::string sample = std::string(FLIPSIDE_SOURCE_DIR) + "/tests/data/org_sample.csv";

  auto help = run_cli(dir, "import-people --help");
  CHECK(help.status == 0);
  CHECK_THAT(help.out, Contains("Exit status: 0 every row imported; 1 some rows skipped; 2"));

  auto first = run_cli(dir, "import-people " + shell_quote(sample));
  INFO(first.err);
  CHECK(first.status == 0);
  CHECK_THAT(first.out, Contains("imported 10 people: 10 new, 0 updated, 0 unchanged"));
  CHECK(first.err.empty());

  auto from_stdin = run_cli(dir, "import-people -", sample);
  CHECK(from_stdin.status == 0);
  CHECK_THAT(from_stdin.out, Contains("imported 10 people: 0 new, 0 updated, 10 unchanged"));

  const auto broken = dir.file("broken.csv");
  write_file(broken,
             "email,name,level,manager email\n"
             "maria.keller@example.com,Maria Keller,19,\n"
             "x@example.com,X,senior,\n"
             "\"y@example.com\",\"Y, with\nnewline\",3,nobody@example.com\n"
             "not-an-email,Z,3,\n");
  auto partial = run_cli(dir, "import-people " + shell_quote(broken));
  CHECK(partial.status == 1);
  CHECK_THAT(partial.out,
             Contains("imported 2 people: 1 new, 1 updated, 0 unchanged; 2 rows skipped"));
  CHECK_THAT(partial.err, Contains("line 3: level \"senior\" is not a number from 1 to 20\n"));
  CHECK_THAT(partial.err, Contains("line 6: email \"not-an-email\" does not look like an email"));
  CHECK_THAT(partial.err, Contains("warning: 1 row names a manager who is not in the directory yet "
                                   "(line 4)"));

  const auto no_name = dir.file("no_name.csv");
  write_file(no_name, "email,title\nnew.person@example.com,Engineer\n");
  auto refused = run_cli(dir, "import-people " + shell_quote(no_name));
  CHECK(refused.status == 2);
  CHECK_THAT(refused.err, Contains("has no \"name\" column"));
  CHECK_THAT(refused.err, Contains("nothing was imported"));

  auto missing = run_cli(dir, "import-people " + shell_quote(dir.file("does-not-exist.csv")));
  CHECK(missing.status == 2);
  CHECK_THAT(missing.err, Contains("cannot open"));

  // The database holds the sample, the broken file's good rows, and nothing from the refused file.
  Database db(dir.file("cli.db"));
  CHECK(count_people(db) == 11);
  CHECK(record_for(db, "maria.keller@example.com")->grade == 19);
  CHECK(record_for(db, "omar.haddad@example.com")->display_name == "Omar \"Ozzy\" Haddad");
  CHECK(record_for(db, "tom.oduya@example.com")->title == "Director, Engineering");
  CHECK_FALSE(record_for(db, "new.person@example.com"));
  db.transact([](SQLite::Database& c) {
    OrgDirectory directory(c);
    CHECK(directory.manager_of(*directory.find_by_email("ben.walker@example.com")) ==
          directory.find_by_email("tom.oduya@example.com"));
  });
}
