// flipside: serve | migrate | check-config | import-people | demo-data. The one place that reads
// the environment and signals.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iostream>

#include "bot/app.hpp"
#include "bot/config.hpp"
#include "bot/demo_data.hpp"
#include "bot/demo_history.hpp"
#include "bot/import_people.hpp"
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
    templates.validate_surveys(flipside::handlers::all_survey_specs());
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
              << "\n"
              << "  resources: " << templates.resources().entries().size() << " listed, "
              << templates.resources().problems().size() << " skipped\n";
    // A skipped resource does not stop the bot, but whoever runs check-config should see why.
    for (const auto& p : templates.resources().problems())
      std::cout << "    skipped: " << p.file << ", " << p.entry << ": " << p.reason << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "flipside: check-config: " << e.what() << "\n";
    return 1;
  }
}

// Exit status: 0 every row imported, 1 some rows skipped (the good ones are imported), 2 the file
// could not be used or the database could not be opened (nothing imported).
int import_people(const std::string& file) {
  auto config = config_or_exit();
  setup_logging(config);
  std::ifstream stream;
  std::istream* in = &std::cin;
  if (file != "-") {
    stream.open(file, std::ios::binary);
    if (!stream) {
      std::cerr << "flipside: import-people: cannot open " << file << ": " << std::strerror(errno)
                << "\n";
      return 2;
    }
    in = &stream;
  }
  const std::string name = file == "-" ? "standard input" : file;
  try {
    flipside::storage::Database db(config.db_path);
    flipside::SystemClock clock;
    auto report = flipside::import_people(db, *in, clock.now());
    std::cout << flipside::summary(report) << "\n";
    for (const auto& row : report.skipped) {
      std::cerr << "line " << row.line << ": " << row.message << "\n";
    }
    if (const auto& unknown = report.unknown_managers; !unknown.empty()) {
      std::string lines;
      for (std::size_t i = 0; i < unknown.size() && i < 20; ++i) {
        lines += (i == 0 ? "" : ", ") + std::to_string(unknown[i].line);
      }
      if (unknown.size() > 20) lines += ", ...";
      std::cerr << "warning: " << unknown.size()
                << (unknown.size() == 1 ? " row names" : " rows name")
                << " a manager who is not in the directory yet (line"
                << (unknown.size() == 1 ? " " : "s ") << lines
                << "); imported anyway, they link up once the manager is imported\n";
    }
    return report.skipped.empty() ? 0 : 1;
  } catch (const flipside::ImportError& e) {
    std::cerr << "flipside: import-people: " << name << ": " << e.what()
              << "; nothing was imported\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "flipside: import-people: " << e.what() << "; nothing was imported\n";
    return 2;
  }
}

// Exit status: 0 loaded (or already there), 1 the configuration, templates or database failed
// (nothing written).
int demo_data(std::size_t people, std::uint64_t seed, bool running) {
  auto config = config_or_exit();
  setup_logging(config);
  try {
    flipside::storage::Database db(config.db_path);
    auto templates = flipside::templates::TemplateStore::load(config.templates_dir);
    flipside::SystemClock clock;
    auto report = flipside::load_demo_data(db, templates, people, seed, clock.now());
    std::cout << flipside::summary(report) << "\n";
    bool changed = report.changed();
    if (running) {
      try {
        const auto history = flipside::load_demo_history(db, seed, clock.now());
        std::cout << flipside::summary(history) << "\n";
        changed = changed || history.seeded;
      } catch (const std::exception& e) {
        // A separate transaction: the organisation above was loaded and stays.
        std::cerr << "flipside: demo-data --running: " << e.what()
                  << "; the people and intakes were loaded, the running history was not\n";
        return 1;
      }
    }
    std::cout
        << (changed ? "" : "nothing changed: this seed was loaded already\n")
        << "database: " << config.db_path << "\n\n"
        << "Next: start the bot (flipside serve) and open http://" << config.bind << ":"
        << config.port << "/console;\n"
        << "talk to the bot in the console as a programme manager and type: "
        << (running ? "dashboard (or status, at-risk)" : "match preview") << "\n"
        << "Programme managers come from FLIPSIDE_ADMINS (emails or platform user ids; in the\n"
        << "console, the name you type), e.g. FLIPSIDE_ADMINS=pat flipside serve.\n";
    if (config.admins.empty())
      std::cout << "FLIPSIDE_ADMINS is not set yet, so nobody can run "
                << (running ? "dashboard" : "match preview") << ".\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "flipside: demo-data: " << e.what() << "; nothing was written\n";
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
  auto* import_cmd = cli.add_subcommand(
      "import-people",
      "Import or update people from HR's CSV export, matched by email, then exit.\n"
      "Header row required (any order, any case): email, name, and optionally title, department,\n"
      "location, level (or grade, 1-20), manager email (or manager_email), languages (2-letter\n"
      "codes separated by ; or |). A column left out keeps what the directory already has.");
  std::string import_file;
  import_cmd->add_option("file", import_file, "The CSV file (UTF-8); - reads standard input")
      ->required();
  import_cmd->footer(
      "Bad rows are listed on stderr as \"line N: reason\" and skipped; the good rows are "
      "imported.\n"
      "Exit status: 0 every row imported; 1 some rows skipped; 2 the file could not be used (not\n"
      "readable, no header, a required column missing, a quote never closed) or the configuration\n"
      "or database failed - then nothing is imported.");
  auto* demo_cmd = cli.add_subcommand(
      "demo-data",
      "Load a seeded, realistic demo organisation, then exit: people in the org directory, a\n"
      "\"Demo programme\" taking intakes, juniors enrolled as mentors and seniors as mentees with\n"
      "complete intakes, ready for match preview. The same seed loads the same people; loading it\n"
      "again changes nothing.");
  std::size_t demo_people = 200;
  std::uint64_t demo_seed = 1;
  demo_cmd->add_option("--people", demo_people, "How many people the organisation has")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  demo_cmd->add_option("--seed", demo_seed, "The random seed; the same seed, the same people")
      ->capture_default_str();
  bool demo_running = false;
  demo_cmd->add_flag("--running", demo_running,
                     "Also start the programme ten weeks ago: pairs, sessions held and missed,\n"
                     "goals and pulse answers, so the dashboard has something to show");
  CLI11_PARSE(cli, argc, argv);
  if (serve_cmd->parsed()) return serve();
  if (migrate_cmd->parsed()) return migrate();
  if (check_cmd->parsed()) return check_config();
  if (import_cmd->parsed()) return import_people(import_file);
  if (demo_cmd->parsed()) return demo_data(demo_people, demo_seed, demo_running);
  return 2;
}
