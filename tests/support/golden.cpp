#include "support/golden.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace flipside::testing {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
// "line N: golden has ... rendered ..." for the first line that differs.
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::istringstream e(expected), a(actual);
  std::string el, al;
  for (int line = 1;; ++line) {
    const bool more_e = static_cast<bool>(std::getline(e, el));
    const bool more_a = static_cast<bool>(std::getline(a, al));
    if (!more_e && !more_a) return "same lines, different line endings";
    if (!more_e || !more_a || el != al) {
      return "line " + std::to_string(line) + ": golden has " +
             (more_e ? "`" + el + "`" : "<end of file>") + ", rendered " +
             (more_a ? "`" + al + "`" : "<end of file>");
    }
  }
}
}  // namespace

bool updating_goldens() {
  const char* v = std::getenv("FLIPSIDE_UPDATE_GOLDEN");
  return v != nullptr && std::string_view(v) == "1";
}

const json& golden(const std::vector<Golden>& all, const std::string& file) {
  for (const auto& g : all) {
    if (g.file == file) return g.value;
  }
  FAIL("no golden named " << file);
  throw std::logic_error("unreachable");
}

std::string pretty(const json& value) {
  return value.dump(2) + "\n";
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void check_goldens(const fs::path& kGoldenDir, const std::vector<Golden>& all) {
  if (updating_goldens()) {
    fs::create_directories(kGoldenDir);
    for (const auto& g : all) {
      const auto path = kGoldenDir / g.file;
      std::ofstream(path, std::ios::binary | std::ios::trunc) << pretty(g.value);
      REQUIRE(read_file(path) == pretty(g.value));
    }
    WARN("FLIPSIDE_UPDATE_GOLDEN=1: wrote " << all.size() << " golden files to "
                                            << kGoldenDir.string());
    return;
  }
  for (const auto& g : all) {
    const auto path = kGoldenDir / g.file;
    const bool present = fs::exists(path);
    INFO("golden file " << path.string());
    CHECKED_ELSE(present) {
      FAIL_CHECK("missing golden file " << path.string()
                                        << " (run with FLIPSIDE_UPDATE_GOLDEN=1 to write it)");
      continue;
    }
    const auto expected = read_file(path);
    const auto actual = pretty(g.value);
    const bool matches = expected == actual;
    CHECKED_ELSE(matches) {
      FAIL_CHECK("golden mismatch in " << path.string() << ": "
                                       << first_difference(expected, actual)
                                       << " (if the change is intended, rerun with "
                                          "FLIPSIDE_UPDATE_GOLDEN=1 and review the diff)");
    }
  }
}

void check_no_stale_goldens(const fs::path& kGoldenDir, const std::vector<Golden>& all) {
  std::set<std::string> produced;
  for (const auto& g : all) produced.insert(g.file);
  REQUIRE(fs::is_directory(kGoldenDir));
  for (const auto& entry : fs::directory_iterator(kGoldenDir)) {
    const auto name = entry.path().filename().string();
    if (entry.path().extension() != ".json" || produced.count(name) != 0) continue;
    if (updating_goldens()) {
      fs::remove(entry.path());
      WARN("FLIPSIDE_UPDATE_GOLDEN=1: removed stale golden file " << entry.path().string());
    } else {
      FAIL_CHECK("stale golden file " << entry.path().string()
                                      << ": no input renders it any more (remove it, or rerun "
                                         "with FLIPSIDE_UPDATE_GOLDEN=1)");
    }
  }
}

ui::Form every_input_form() {
  return ui::Form{
      .form_id = "profile.edit",
      .title = "Your mentoring profile",
      .submit_label = "Save",
      .inputs = {
          {.id = "name", .label = "Name", .initial = "Sam Ortiz", .max_length = 80},
          {.id = "goals",
           .label = "What do you want to learn?",
           .kind = ui::InputKind::multiline,
           .max_length = 1000},
          {.id = "role",
           .label = "Your role",
           .kind = ui::InputKind::select,
           .initial = "leader",
           .options = {{"Mentor (junior colleague)", "mentor"}, {"Leader (senior)", "leader"}}},
          {.id = "topics",
           .label = "Topics",
           .kind = ui::InputKind::multi_select,
           .initial = "ai,remote",
           .options = {{"AI assistants", "ai"},
                       {"Remote & hybrid work", "remote"},
                       {"Social media", "social"},
                       {"Inclusive language", "language"}}},
          {.id = "sessions",
           .label = "Sessions per month",
           .kind = ui::InputKind::number,
           .initial = "2",
           .min = 1,
           .max = 4},
          {.id = "tz",
           .label = "Time zone",
           .kind = ui::InputKind::time_zone,
           .initial = "Europe/Lisbon",
           .max_length = 64},
          {.id = "start",
           .label = "First session",
           .kind = ui::InputKind::date,
           .initial = "2026-03-16"},
          {.id = "notes",
           .label = "Anything else?",
           .kind = ui::InputKind::multiline,
           .hint = "Only your pair and the programme team see this.",
           .placeholder = "e.g. times that never work for you",
           .required = false,
           .max_length = 500},
      }};
}

}  // namespace flipside::testing
