// flipside: serve | migrate | check-config. The one place that reads the environment and signals.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <csignal>
#include <iostream>

#include "bot/app.hpp"
#include "bot/config.hpp"
#include "handlers/features.hpp"
#include "storage/database.hpp"
#include "templates/store.hpp"

namespace {

flipside::Config config_or_exit() {
  try {
    return flipside::load_config(flipside::process_env_with_dotenv(".env"));
  } catch (const flipside::ConfigError& e) {
    std::cerr << "flipside: configuration: " << e.what() << "\n";
    std::exit(2);
  }
}

void setup_logging(const flipside::Config& config) {
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
  spdlog::set_level(spdlog::level::from_str(config.log_level));
}

int serve() {
  auto config = config_or_exit();
  setup_logging(config);
  // Block the signals before any thread starts, so only sigwait below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  flipside::SystemClock clock;
  std::unique_ptr<flipside::App> app;
  try {
    app = std::make_unique<flipside::App>(config, clock);
    app->start();
  } catch (const std::exception& e) {
    std::cerr << "flipside: cannot start: " << e.what() << "\n";
    return 1;
  }
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("event=shutdown signal={}", received == SIGINT ? "SIGINT" : "SIGTERM");
  app->stop();
  spdlog::info("event=stopped");
  return 0;
}

int migrate() {
  auto config = config_or_exit();
  setup_logging(config);
  try {
    flipside::storage::Database db(config.db_path);
    auto versions = db.applied_migrations();
    std::cout << "database " << config.db_path << " is at migration "
              << (versions.empty() ? 0 : versions.back()) << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "flipside: migrate: " << e.what() << "\n";
    return 1;
  }
}

int check_config() {
  auto config = config_or_exit();
  try {
    auto templates = flipside::templates::TemplateStore::load(config.templates_dir);
    flipside::Router router;
    flipside::handlers::register_all(router);
    templates.validate(flipside::handlers::all_template_specs(router));
    std::cout << "configuration is valid\n"
              << "  listen:    " << config.bind << ":" << config.port << "\n"
              << "  database:  " << config.db_path << "\n"
              << "  console:   " << (config.console_enabled ? "on" : "off") << "\n"
              << "  slack:     " << (config.slack_configured() ? "configured" : "not configured")
              << "\n"
              << "  teams:     " << (config.teams_configured() ? "configured" : "not configured")
              << "\n"
              << "  templates: " << templates.size() << " loaded"
              << (config.templates_dir.empty() ? ""
                                               : " (overrides from " + config.templates_dir + ")")
              << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "flipside: check-config: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{
      "Flipside: a reverse-mentoring programme bot for Slack, Teams and a local console.\n"
      "Settings come from FLIPSIDE_* environment variables and an optional .env file."};
  cli.set_version_flag("--version", "flipside 0.1.0");
  cli.require_subcommand(1);
  auto* serve_cmd = cli.add_subcommand("serve", "Start the HTTP server, outbox and scheduler");
  auto* migrate_cmd = cli.add_subcommand("migrate", "Create or upgrade the database, then exit");
  auto* check_cmd =
      cli.add_subcommand("check-config", "Validate settings and templates, then exit");
  CLI11_PARSE(cli, argc, argv);
  if (serve_cmd->parsed()) return serve();
  if (migrate_cmd->parsed()) return migrate();
  if (check_cmd->parsed()) return check_config();
  return 2;
}
