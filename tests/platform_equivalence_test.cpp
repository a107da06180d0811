// Handlers do not know the platform: the same conversation on the console, Slack and Teams leaves
// the same state and produces the same messages.
#include <catch2/catch.hpp>

#include "storage/people.hpp"
#include "support/test_program.hpp"

using namespace flipside;
using namespace flipside::testing;

namespace {

std::vector<ui::Message> converse(TestProgram& p, Platform platform, const std::string& user_id) {
  auto send = [&](Event e) {
    e.user = {platform, "w1", user_id, "Ana", "", "Europe/Berlin"};
    e.where = {platform, "w1", "dm-" + user_id,
               platform == Platform::teams ? "https://smba.example/" : "", true};
    return p.app->dispatcher().dispatch(e).reply.messages;
  };
  std::vector<ui::Message> out;
  auto add = [&](std::vector<ui::Message> ms) { out.insert(out.end(), ms.begin(), ms.end()); };
  add(send(command_from_text("help")));
  add(send(command_from_text("join")));
  Event choose;
  choose.kind = EventKind::action;
  choose.name = "join.choose_role";
  choose.args = "mentee";
  add(send(choose));
  Event form;
  form.kind = EventKind::form;
  form.name = "profile.edit";
  form.fields = {{"display_name", "Ana L"}, {"time_zone", "Asia/Kolkata"}, {"role", "mentee"}};
  add(send(form));
  add(send(command_from_text("leave")));
  return out;
}

}  // namespace

TEST_CASE("the same conversation gives the same messages and state on every platform",
          "[handlers][platforms]") {
  TestProgram p;
  auto console = converse(p, Platform::console, "ana-console");
  auto slack = converse(p, Platform::slack, "U1");
  auto teams = converse(p, Platform::teams, "29:ana");
  REQUIRE(console.size() == 5);
  CHECK(console == slack);
  CHECK(console == teams);
  auto count = p.app->db().transact([](SQLite::Database& db) {
    return db
        .execAndGet(
            "SELECT count(*) FROM participants pa JOIN people pe ON pe.id = pa.person_id"
            " WHERE pa.role = 'mentee' AND pe.time_zone = 'Asia/Kolkata' AND pe.display_name = "
            "'Ana L'")
        .getInt();
  });
  CHECK(count == 3);
}
