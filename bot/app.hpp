#pragma once
// The composition root: builds every part from the configuration and wires them together.
// main.cpp runs it; tests build it with a fake clock and port 0.
#include <cstdint>
#include <memory>

#include "bot/config.hpp"
#include "bot/core/clock.hpp"
#include "bot/core/router.hpp"
#include "bot/http/http_router.hpp"
#include "bot/http/metrics.hpp"
#include "handlers/dispatcher.hpp"
#include "storage/database.hpp"
#include "templates/store.hpp"

namespace flipside {

class OutboxDispatcher;
class Scheduler;
namespace http {
class Server;
}
namespace console {
class ConsoleAdapter;
}
namespace teams {
class TeamsAdapter;
}
namespace slack {
class SlackAdapter;
class SocketModeClient;
}  // namespace slack

class App {
 public:
  // Opens the database (migrating it), loads and validates templates, registers every route.
  // Throws std::runtime_error / templates::TemplateError with a readable reason.
  App(Config config, const Clock& clock);
  ~App();

  // Serves HTTP and, if `background_workers`, delivers the outbox and runs the scheduler on their
  // own threads (tests drive those by hand under a fake clock). Returns the bound port.
  std::uint16_t start(bool background_workers = true);
  // Stops accepting, finishes requests in flight, stops the workers, checkpoints the database.
  void stop();

  const Config& config() const { return config_; }
  storage::Database& db() { return *db_; }
  Dispatcher& dispatcher() { return *dispatcher_; }
  OutboxDispatcher& outbox() { return *outbox_; }
  Scheduler& scheduler() { return *scheduler_; }
  const Router& router() const { return router_; }
  http::Metrics& metrics() { return metrics_; }
  slack::SlackAdapter* slack() { return slack_.get(); }

 private:
  void after_commit();
  void enable_slack();
  void enable_teams();

  Config config_;
  const Clock& clock_;
  std::unique_ptr<storage::Database> db_;
  templates::TemplateStore templates_;
  Router router_;
  std::unique_ptr<Dispatcher> dispatcher_;
  http::Metrics metrics_;
  http::Router http_router_;
  std::unique_ptr<OutboxDispatcher> outbox_;
  std::unique_ptr<Scheduler> scheduler_;
  std::unique_ptr<console::ConsoleAdapter> console_;
  std::unique_ptr<slack::SlackAdapter> slack_;
  std::unique_ptr<slack::SocketModeClient> socket_mode_;
  std::unique_ptr<teams::TeamsAdapter> teams_;
  std::unique_ptr<http::Server> server_;
  bool workers_running_ = false;
};

}  // namespace flipside
