#include <date/date.h>
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include "bot/core/event.hpp"
#include "bot/core/router.hpp"
#include "bot/core/time_zones.hpp"
#include "bot/core/ui.hpp"
#include "bot/core/ui_json.hpp"

using namespace flipside;
using namespace std::chrono;

namespace {
TimePoint utc(int y, unsigned m, unsigned d, int h, int min = 0) {
  return time_point_cast<seconds>(date::sys_days{date::year{y} / m / d} + hours{h} + minutes{min});
}
}  // namespace

TEST_CASE("typed commands split into a lower-cased verb and its arguments", "[core]") {
  auto e = command_from_text("  Join   Mentor please ");
  CHECK(e.kind == EventKind::command);
  CHECK(e.name == "join");
  CHECK(e.args == "Mentor please");
  CHECK(command_from_text("/flipside profile").name == "profile");
  CHECK(command_from_text("flipside").name.empty());
  CHECK(command_from_text("flipsidejoin").name == "flipsidejoin");
  CHECK(command_from_text("").name.empty());
}

TEST_CASE("the router refuses a route registered twice and suggests near misses", "[core]") {
  Router r;
  r.command({"join", "join", "x"}, [](Context&, const Event&) { return Reply::none(); });
  r.command({"profile", "profile", "x"}, [](Context&, const Event&) { return Reply::none(); });
  CHECK_THROWS_AS(
      r.command({"join", "join", "x"}, [](Context&, const Event&) { return Reply::none(); }),
      std::logic_error);
  CHECK(r.closest_command("jion") == "join");
  CHECK(r.closest_command("profil") == "profile");
  CHECK(r.closest_command("weather").empty());
  Event e;
  e.kind = EventKind::action;
  e.name = "join";
  CHECK(r.find(e) == nullptr);  // a command id is not an action id
}

TEST_CASE("form validation explains every problem in words a person can act on", "[core]") {
  ui::Form f;
  f.form_id = "t";
  f.inputs.push_back({.id = "name", .label = "Name", .max_length = 5});
  f.inputs.push_back({.id = "tz", .label = "Zone", .kind = ui::InputKind::time_zone});
  f.inputs.push_back({.id = "role",
                      .label = "Role",
                      .kind = ui::InputKind::select,
                      .options = {{"Mentor", "mentor"}}});
  f.inputs.push_back({.id = "n",
                      .label = "N",
                      .kind = ui::InputKind::number,
                      .required = false,
                      .min = 1,
                      .max = 5});
  auto errors =
      ui::validate(f, {{"name", "   "}, {"tz", "Mars/Olympus"}, {"role", "boss"}, {"n", "9"}});
  CHECK(errors.at("name") == "Please fill this in.");
  CHECK_THAT(errors.at("tz"), Catch::Contains("Mars/Olympus") && Catch::Contains("Europe/Berlin"));
  CHECK(errors.at("role") == "Please pick one of the options.");
  CHECK(errors.at("n") == "Please enter a number from 1 to 5.");
  CHECK(ui::validate(f, {{"name", "Ana"}, {"tz", "Asia/Kolkata"}, {"role", "mentor"}}).empty());
  CHECK(ui::validate(f, {{"name", "Ánaaé"}, {"tz", "UTC"}, {"role", "mentor"}})
            .empty());  // 5 characters, 7 bytes
  CHECK(ui::validate(f, {{"name", "Anabel"}, {"tz", "UTC"}, {"role", "mentor"}}).count("name") ==
        1);
}

TEST_CASE("messages survive the trip through JSON unchanged", "[core]") {
  ui::Message m;
  m.template_id = "t.x";
  m.header("Hi").text("*bold*").fields({{"a", "b"}}).context("c").divider();
  m.buttons({{"Go", "a.go", "1", ui::Style::danger}});
  ui::Form f{"f.id",
             "Title",
             "Save",
             {{.id = "x", .label = "X", .kind = ui::InputKind::number, .min = 1}}};
  m.form(f);
  CHECK(ui::message_from_json(ui::to_json(m)) == m);
  CHECK_THROWS_AS(ui::message_from_json(nlohmann::json::parse(R"({"blocks":[{"type":"video"}]})")),
                  std::invalid_argument);
  CHECK(m.fallback_text() == "Hi\n*bold*\nTitle");
}

TEST_CASE("09:00 local is found across time zones, half-hour offsets and DST changes",
          "[core][time]") {
  // Asia/Kolkata is UTC+5:30 all year: 09:00 local = 03:30 UTC.
  CHECK(next_local_hour(utc(2026, 3, 2, 8), "Asia/Kolkata", 9) == utc(2026, 3, 3, 3, 30));
  CHECK(next_local_hour(utc(2026, 3, 2, 1), "Asia/Kolkata", 9) == utc(2026, 3, 2, 3, 30));
  // Europe/Berlin springs forward on 29 March 2026: 09:00 is 08:00 UTC before, 07:00 UTC after.
  CHECK(next_local_hour(utc(2026, 3, 28, 12), "Europe/Berlin", 9) == utc(2026, 3, 29, 7));
  CHECK(next_local_hour(utc(2026, 3, 27, 12), "Europe/Berlin", 9) == utc(2026, 3, 28, 8));
  // Australia/Lord_Howe: +11 in summer, +10:30 in winter (DST ends 5 April 2026).
  CHECK(next_local_hour(utc(2026, 3, 2, 0), "Australia/Lord_Howe", 9) == utc(2026, 3, 2, 22));
  CHECK(next_local_hour(utc(2026, 4, 10, 0), "Australia/Lord_Howe", 9) == utc(2026, 4, 10, 22, 30));
  // 02:30 does not exist in Berlin on the spring-forward night: the next valid instant is used.
  CHECK(next_local_hour(utc(2026, 3, 29, 0, 30), "Europe/Berlin", 2) == utc(2026, 3, 29, 1));
  CHECK_FALSE(next_local_hour(utc(2026, 3, 2, 8), "Nowhere/Special", 9).has_value());
  CHECK(canonical_time_zone("Asia/Calcutta") == "Asia/Kolkata");
  CHECK(canonical_time_zone("Europe/Berlin") == "Europe/Berlin");
  CHECK(canonical_time_zone("Berlin").empty());
  CHECK(format_local(utc(2026, 3, 2, 8), "Asia/Kolkata") == "Mon 2 Mar, 13:30 (Asia/Kolkata)");
}

// CTest registers each Catch test by name (catch_discover_tests) in a CMake list, which splits at
// ';': a test named "a; b" would be registered as "a" and never run. No name may contain one.
TEST_CASE("no test case name contains a semicolon (CTest would silently skip it)", "[meta]") {
  const auto& tests = Catch::getRegistryHub().getTestCaseRegistry().getAllTests();
  REQUIRE(tests.size() > 100);
  for (const auto& t : tests) {
    INFO(t.name);
    CHECK(t.name.find(';') == std::string::npos);
  }
}
