#pragma once
// A whole Flipside, as main.cpp builds it, on a temp SQLite file with a fake clock. Handler-level
// tests talk to its dispatcher; HTTP tests start its real server on 127.0.0.1 and a free port.
#include <memory>
#include <string>
#include <vector>

#include "bot/app.hpp"
#include "bot/core/clock.hpp"
#include "bot/core/ui.hpp"
#include "support/temp_dir.hpp"

namespace flipside::testing {

// 2026-03-02 08:00 UTC, a Monday.
inline constexpr std::int64_t kStartUnix = 1772438400;

struct Sent {
  std::string user_id;
  ui::Message message;
};

class TestProgram {
 public:
  explicit TestProgram(Config config = {});
  ~TestProgram();

  // Rebuilds the app on the same database file, as after a restart.
  void restart();
  std::uint16_t serve();  // starts the HTTP server (workers stay manual); returns the port
  std::string url(const std::string& path) const;

  // Types `text` as the console user `user` (created on first use) and returns the replies.
  Reply say(const std::string& user, const std::string& text);
  Reply press(const std::string& user, const std::string& action_id, const std::string& value = "");
  Reply submit(const std::string& user, const std::string& form_id,
               std::map<std::string, std::string> fields);
  // Runs due jobs and delivers the outbox, as the background workers would.
  void run_due_jobs();
  // What the outbox delivered to a console user, oldest first (from their transcript).
  std::vector<ui::Message> delivered_to(const std::string& user);

  FakeClock clock{from_unix(kStartUnix)};
  TempDir dir;
  Config config;
  std::unique_ptr<App> app;
  std::string time_zone_for_new_users = "Europe/Berlin";

 private:
  Reply dispatch(Event e);
};

}  // namespace flipside::testing
