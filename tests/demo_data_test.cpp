// flipside demo-data: the seeded organisation, its programme and intakes, matched for real.
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "bot/core/time_zones.hpp"
#include "bot/demo_data.hpp"
#include "handlers/intake/survey_form.hpp"
#include "handlers/programmes/programme_form.hpp"
#include "storage/intakes.hpp"
#include "storage/pairs.hpp"
#include "storage/people.hpp"
#include "storage/programmes.hpp"
#include "support/cli.hpp"
#include "support/temp_dir.hpp"
#include "support/test_program.hpp"

using namespace flipside;
using namespace flipside::testing;
using Catch::Matchers::Contains;

namespace {

const TimePoint kNow = from_unix(kStartUnix);  // Monday 2 March 2026, 08:00 UTC

std::string all_text(const Reply& r) {
  std::string out;
  for (const auto& m : r.messages) {
    out += m.fallback_text() + "\n";
    for (const auto& b : m.blocks) {
      if (auto* c = std::get_if<ui::Context>(&b))
        for (const auto& line : c->items) out += line + "\n";
    }
  }
  return out;
}

const templates::TemplateStore& builtin_templates() {
  static const auto store = templates::TemplateStore::load();
  return store;
}

std::int64_t count(storage::Database& db, const std::string& table) {
  return db.transact([&](SQLite::Database& c) {
    return c.execAndGet("SELECT count(*) FROM " + table).getInt64();
  });
}

// Every intake row (person, role, answers, complete), for before/after comparisons.
std::vector<std::tuple<std::int64_t, std::string, std::string, bool>> intake_rows(
    storage::Database& db) {
  return db.transact([](SQLite::Database& c) {
    std::vector<std::tuple<std::int64_t, std::string, std::string, bool>> out;
    SQLite::Statement q(c, "SELECT person_id, role, answers, complete FROM intakes ORDER BY 1");
    while (q.executeStep())
      out.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                       q.getColumn(2).getString(), q.getColumn(3).getInt() != 0);
    return out;
  });
}

std::string people_snapshot(storage::Database& db) {
  return db.transact([](SQLite::Database& c) {
    std::string out;
    SQLite::Statement q(c,
                        "SELECT email, display_name, coalesce(title,''), coalesce(grade,0),"
                        " coalesce(manager_email,''), coalesce(languages,''),"
                        " coalesce(time_zone,''), updated_at FROM people ORDER BY id");
    while (q.executeStep()) {
      for (int i = 0; i < q.getColumnCount(); ++i) out += q.getColumn(i).getString() + "|";
      out += "\n";
    }
    return out;
  });
}

}  // namespace

TEST_CASE("demo data: every intake is one the survey form accepts, and match preview pairs them",
          "[demo]") {
  Config config;
  config.admins = {"pat"};
  TestProgram p(config);
  auto& db = p.app->db();
  const auto report = load_demo_data(db, builtin_templates(), 120, 7, p.clock.now());
  INFO(summary(report));
  CHECK(report.people == 120);
  CHECK(report.people_created == 120);
  CHECK(report.people_updated == 0);
  CHECK(report.programme_created);
  CHECK(report.mentors > 10);
  CHECK(report.mentees > 10);
  CHECK(report.enrolled == report.mentors + report.mentees);
  CHECK(report.intakes_written == report.mentors + report.mentees);
  CHECK(report.skipped == 0);

  // Juniors are the mentors and seniors the mentees, exactly as the generator says.
  int juniors = 0, seniors = 0;
  for (const auto& person : matching::generate_demo_people(120, 7)) {
    juniors += person.level <= matching::kDemoMaxMentorLevel;
    seniors += person.level >= matching::kDemoMinMenteeLevel;
  }
  CHECK(report.mentors == juniors);
  CHECK(report.mentees == seniors);

  db.transact([&](SQLite::Database& c) {
    storage::ProgrammeRepository programmes(c);
    auto programme = programmes.find(report.programme_id);
    REQUIRE(programme);
    CHECK(programme->name == "Demo programme");
    CHECK(programme->status == "intake");
    CHECK(programme->start_date == "2026-03-09");  // the Monday after
    CHECK(programme->length_months == 4);
    CHECK(programme->cadence == "biweekly");
    CHECK(programme->session_minutes == 45);
    CHECK(programme->matching_mode == "shortlist");
    CHECK(handlers::split_list(programme->skills).size() >= 3);
    auto counts = programmes.counts(report.programme_id);
    CHECK(counts.mentors == report.mentors);
    CHECK(counts.mentees == report.mentees);
    CHECK(counts.intakes_complete == report.mentors + report.mentees);
    // The management chains exist, so the matcher can keep pairs out of reporting lines.
    CHECK(storage::PairRepository(c).manager_links().size() == 119);

    // Each intake validates against its survey, built as handlers/intake builds the form.
    const auto& store = builtin_templates();
    const auto skills = handlers::programme_skill_options(*programme);
    auto intakes = storage::IntakeRepository(c).for_programme(report.programme_id);
    REQUIRE(intakes.size() == static_cast<std::size_t>(report.mentors + report.mentees));
    int with_other = 0, with_interests = 0;
    for (const auto& intake : intakes) {
      CHECK(intake.complete);
      const bool mentor = intake.role == storage::Role::mentor;
      const auto* survey = store.survey(mentor ? "intake.mentor" : "intake.mentee");
      REQUIRE(survey);
      const auto form = handlers::survey_to_form(*survey, store, skills, "intake.submit:1", {});
      auto answers = nlohmann::json::parse(intake.answers);
      REQUIRE(answers.is_object());
      std::map<std::string, std::string> values;
      for (const auto& [id, v] : answers.items()) values[id] = v.get<std::string>();
      std::set<std::string> ids, question_ids;
      for (const auto& [id, v] : values) ids.insert(id);
      for (const auto& q : survey->questions) question_ids.insert(q.id);
      CHECK(ids == question_ids);
      const auto errors = ui::validate(form, values);
      INFO(intake.answers);
      CHECK(errors.empty());
      CHECK(std::count(values["availability"].begin(), values["availability"].end(), ',') >= 1);
      CHECK(values["time_zone"] == canonical_time_zone(values["time_zone"]));
      CHECK(std::stoi(values["level"]) <= (mentor ? matching::kDemoMaxMentorLevel : 9));
      CHECK(std::stoi(values["level"]) >= (mentor ? 1 : matching::kDemoMinMenteeLevel));
      with_other += !values["teaches_other"].empty() || !values["learns_other"].empty();
      with_interests += !values["interests"].empty();
    }
    // Free text for skills the lists lack, and interests wherever the list has them.
    CHECK(with_other > 0);
    CHECK(with_interests > 0);
  });

  // The real matcher, through the dispatcher, as the programme manager.
  auto r = p.say("pat", "match preview");
  REQUIRE(r.messages.size() == 1);
  CHECK(r.messages[0].template_id == "match.preview");
  const auto text = all_text(r);
  INFO(text);
  CHECK_THAT(text, Contains(" pairs* from " + std::to_string(report.mentors) + " mentors and " +
                            std::to_string(report.mentees) + " mentees"));
  std::smatch m;
  REQUIRE(std::regex_search(text, m, std::regex(R"(\*(\d+) pairs\*)")));
  CHECK(std::stoi(m[1].str()) > 0);
  CHECK_THAT(text, !Contains("intake isn't finished"));
}

TEST_CASE("demo data: the same seed gives the same people, and loading it again changes nothing",
          "[demo]") {
  const auto a = matching::generate_demo_people(120, 7);
  const auto b = matching::generate_demo_people(120, 7);
  const auto other = matching::generate_demo_people(120, 8);
  REQUIRE(a.size() == 120);
  auto same = [](const matching::DemoPerson& x, const matching::DemoPerson& y) {
    return x.email == y.email && x.name == y.name && x.level == y.level &&
           x.manager_email == y.manager_email && x.skills_to_teach == y.skills_to_teach &&
           x.skills_to_learn == y.skills_to_learn && x.time_zone == y.time_zone;
  };
  CHECK(std::equal(a.begin(), a.end(), b.begin(), same));
  CHECK_FALSE(std::equal(a.begin(), a.end(), other.begin(), same));

  TempDir dir;
  storage::Database db(dir.file("flipside.db"));
  const auto first = load_demo_data(db, builtin_templates(), 120, 7, kNow);
  REQUIRE(first.changed());
  const auto people_before = people_snapshot(db);
  const auto intakes_before = intake_rows(db);
  const auto participants_before = count(db, "participants");

  const auto again = load_demo_data(db, builtin_templates(), 120, 7, kNow + std::chrono::hours{5});
  CHECK_FALSE(again.changed());
  CHECK(again.programme_id == first.programme_id);
  CHECK_FALSE(again.programme_created);
  CHECK(again.people_created == 0);
  CHECK(again.people_updated == 0);
  CHECK(again.people_unchanged == 120);
  CHECK(again.enrolled == 0);
  CHECK(again.intakes_written == 0);
  CHECK(again.mentors == first.mentors);
  CHECK(again.mentees == first.mentees);
  CHECK_THAT(summary(again), Contains("120 people (0 new, 0 updated, 120 unchanged)"));
  CHECK_THAT(summary(again), Contains("(0 newly enrolled, 0 intakes written)"));
  // Not a single row touched, not even an updated_at.
  CHECK(people_snapshot(db) == people_before);
  CHECK(intake_rows(db) == intakes_before);
  CHECK(count(db, "participants") == participants_before);
  CHECK(count(db, "programmes") == 1);

  SECTION("another seed adds its people to the same programme") {
    const auto more = load_demo_data(db, builtin_templates(), 80, 99, kNow);
    CHECK_FALSE(more.programme_created);
    CHECK(more.programme_id == first.programme_id);
    CHECK(more.people_created > 0);
    CHECK(count(db, "programmes") == 1);
    // Every intake still offers only skills the (extended) programme lists.
    auto programme = db.transact([&](SQLite::Database& c) {
      return *storage::ProgrammeRepository(c).find(first.programme_id);
    });
    std::set<std::string> offered;
    for (const auto& o : handlers::programme_skill_options(programme)) offered.insert(o.value);
    for (const auto& [person, role, answers, complete] : intake_rows(db)) {
      const auto json = nlohmann::json::parse(answers);
      const auto list = json.at(role == "mentor" ? "teaches" : "learns").get<std::string>();
      for (const auto& value : handlers::split_list(list)) CHECK(offered.contains(value));
    }
  }

  SECTION("once matching has started, a load that would change the programme writes nothing") {
    db.transact([&](SQLite::Database& c) {
      storage::ProgrammeRepository(c).set_status(first.programme_id, "matching");
    });
    CHECK_FALSE(load_demo_data(db, builtin_templates(), 120, 7, kNow).changed());
    CHECK_THROWS_AS(load_demo_data(db, builtin_templates(), 80, 99, kNow), DemoDataError);
    CHECK(people_snapshot(db) == people_before);
    CHECK(intake_rows(db) == intakes_before);
  }
}

namespace {

// flipside demo-data with FLIPSIDE_ADMINS unset, so the hint about it shows.
CliRun run_cli(const TempDir& dir, const std::string& args) {
  return run_flipside(dir, args, "FLIPSIDE_ADMINS=");
}

}  // namespace

TEST_CASE("flipside demo-data end to end: summary, next step, idempotent", "[demo]") {
  const auto binary = flipside_binary();
  INFO("flipside binary: " << binary << " (set FLIPSIDE_BIN to override)");
  REQUIRE(std::filesystem::exists(binary));
  TempDir dir;

  auto help = run_cli(dir, "demo-data --help");
  CHECK(help.status == 0);
  CHECK_THAT(help.out, Contains("--people"));
  CHECK_THAT(help.out, Contains("--seed"));

  auto first = run_cli(dir, "demo-data --people 60 --seed 3");
  INFO(first.out << first.err);
  CHECK(first.status == 0);
  CHECK_THAT(first.out, Contains("demo data: 60 people (60 new, 0 updated, 0 unchanged); "
                                 "\"Demo programme\" (id 1, created): "));
  CHECK_THAT(first.out, Contains("type: match preview"));
  CHECK_THAT(first.out, Contains("FLIPSIDE_ADMINS"));
  CHECK_THAT(first.out, Contains("FLIPSIDE_ADMINS is not set yet"));
  CHECK(first.err.empty());

  auto again = run_cli(dir, "demo-data --people 60 --seed 3");
  CHECK(again.status == 0);
  CHECK_THAT(again.out, Contains("60 people (0 new, 0 updated, 60 unchanged)"));
  CHECK_THAT(again.out, Contains("(0 newly enrolled, 0 intakes written)"));
  CHECK_THAT(again.out, Contains("nothing changed"));

  // The defaults: 200 people from seed 1 (a different organisation, added to the same programme).
  auto defaults = run_cli(dir, "demo-data");
  CHECK(defaults.status == 0);
  CHECK_THAT(defaults.out, Contains("demo data: 200 people ("));
  CHECK_THAT(defaults.out, Contains("\"Demo programme\" (id 1"));

  auto bad = run_cli(dir, "demo-data --people 0");
  CHECK(bad.status != 0);

  storage::Database db(dir.file("cli.db"));
  CHECK(count(db, "programmes") == 1);
  CHECK(count(db, "intakes") > 0);
}
