#include "support/test_program.hpp"

#include <nlohmann/json.hpp>

#include "bot/core/ui_json.hpp"
#include "bot/outbox_dispatcher.hpp"
#include "storage/console_transcript.hpp"

namespace flipside::testing {

TestProgram::TestProgram(Config c) : config(std::move(c)) {
  config.port = 0;
  config.db_path = dir.file("flipside.db");
  app = std::make_unique<App>(config, clock);
}

TestProgram::~TestProgram() = default;

void TestProgram::restart() {
  const bool was_serving = config.port != 0;
  app.reset();
  app = std::make_unique<App>(config, clock);
  if (was_serving) app->start(false);  // same port, so clients keep their URLs
}

std::uint16_t TestProgram::serve() {
  auto port = app->start(false);
  config.port = port;
  return port;
}

std::string TestProgram::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(config.port) + path;
}

Reply TestProgram::dispatch(Event e) {
  e.user.platform = Platform::console;
  e.user.workspace = "local";
  e.user.time_zone = time_zone_for_new_users;
  if (e.user.display_name.empty()) {
    e.user.display_name = e.user.user_id;
    e.user.display_name[0] = static_cast<char>(std::toupper(e.user.display_name[0]));
  }
  e.where = {Platform::console, "local", e.user.user_id, ""};
  return app->dispatcher().dispatch(e).reply;
}

Reply TestProgram::say(const std::string& user, const std::string& text) {
  Event e = command_from_text(text);
  e.user.user_id = user;
  return dispatch(std::move(e));
}

Reply TestProgram::press(const std::string& user, const std::string& action_id,
                         const std::string& value) {
  Event e;
  e.kind = EventKind::action;
  e.user.user_id = user;
  e.name = action_id;
  e.args = value;
  return dispatch(std::move(e));
}

Reply TestProgram::submit(const std::string& user, const std::string& form_id,
                          std::map<std::string, std::string> fields) {
  Event e;
  e.kind = EventKind::form;
  e.user.user_id = user;
  e.name = form_id;
  e.fields = std::move(fields);
  return dispatch(std::move(e));
}

void TestProgram::run_due_jobs() {
  app->dispatcher().run_due_jobs();
  app->outbox().deliver_due();
}

std::vector<ui::Message> TestProgram::delivered_to(const std::string& user) {
  auto lines = app->db().transact([&](SQLite::Database& db) {
    return storage::ConsoleTranscriptRepository(db).after(user, 0, 1000);
  });
  std::vector<ui::Message> out;
  for (const auto& line : lines)
    out.push_back(ui::message_from_json(nlohmann::json::parse(line.message_json)));
  return out;
}

}  // namespace flipside::testing
