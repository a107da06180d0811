#include <catch2/catch.hpp>
#include <fstream>

#include "bot/core/router.hpp"
#include "handlers/features.hpp"
#include "support/temp_dir.hpp"
#include "templates/store.hpp"

using namespace flipside;
using namespace flipside::templates;

namespace {
std::vector<TemplateSpec> all_specs() {
  Router router;
  handlers::register_all(router);
  return handlers::all_template_specs(router);
}
void write(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}
}  // namespace

TEST_CASE("the built-in templates cover every handler and fill their placeholders", "[templates]") {
  auto store = TemplateStore::load();
  REQUIRE_NOTHROW(store.validate(all_specs()));
  CHECK(store.render("join.confirmed.title", {{"name", "Ana"}}) == "You're in, Ana!");
  CHECK(placeholders_in("Hi {name}, {role}! {not a var} {}") ==
        std::set<std::string>{"name", "role"});
}

TEST_CASE("a program manager's override changes wording without recompiling", "[templates]") {
  testing::TempDir dir;
  write(dir.file("ours.json"), R"({"join.confirmed.title": "Welcome aboard, {name}."})");
  auto store = TemplateStore::load(dir.path().string());
  store.validate(all_specs());
  CHECK(store.render("join.confirmed.title", {{"name", "Ana"}}) == "Welcome aboard, Ana.");
  CHECK(store.render("help.title") ==
        TemplateStore::load().render("help.title"));  // the rest stays
}

TEST_CASE("a broken template stops start-up with a message naming the file and the problem",
          "[templates]") {
  testing::TempDir dir;
  SECTION("invalid JSON") {
    write(dir.file("bad.json"), R"({"help.title": "x",})");
    CHECK_THROWS_WITH(TemplateStore::load(dir.path().string()),
                      Catch::Contains("bad.json") && Catch::Contains("not valid JSON"));
  }
  SECTION("a placeholder the handler does not supply") {
    write(dir.file("typo.json"), R"({"join.confirmed.title": "Hi {nmae}"})");
    auto store = TemplateStore::load(dir.path().string());
    CHECK_THROWS_WITH(store.validate(all_specs()),
                      Catch::Contains("typo.json") && Catch::Contains("{nmae}"));
  }
  SECTION("a value that is not text") {
    write(dir.file("num.json"), R"({"help.title": 42})");
    CHECK_THROWS_WITH(TemplateStore::load(dir.path().string()),
                      Catch::Contains("\"help.title\" must be a string"));
  }
  SECTION("a missing directory") {
    CHECK_THROWS_WITH(TemplateStore::load(dir.file("nope")), Catch::Contains("does not exist"));
  }
  SECTION("a missing template") {
    TemplateStore store;
    store.add_document("mini", R"({"help.title": "x"})", false);
    CHECK_THROWS_WITH(store.validate(all_specs()),
                      Catch::Contains("missing template \"join.ask_role.title\""));
  }
}
