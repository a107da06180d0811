#include "app.hpp"

#include <spdlog/spdlog.h>

#include "bot/calendar/invite_route.hpp"
#include "bot/console/console_adapter.hpp"
#include "bot/dashboard/dashboard_route.hpp"
#include "bot/export_route.hpp"
#include "bot/http/server.hpp"
#include "bot/outbox_dispatcher.hpp"
#include "bot/privacy_route.hpp"
#include "bot/scheduler.hpp"
#include "bot/slack/slack_adapter.hpp"
#include "bot/slack/socket_mode.hpp"
#include "bot/teams/teams_adapter.hpp"
#include "bot/teams/token_validator.hpp"
#include "handlers/features.hpp"
#include "storage/jobs.hpp"
#include "storage/outbox.hpp"

namespace flipside {

App::App(Config config, const Clock& clock)
    : config_(std::move(config)),
      clock_(clock),
      db_(std::make_unique<storage::Database>(config_.db_path)),
      templates_(templates::TemplateStore::load(config_.templates_dir)) {
  handlers::register_all(router_);
  templates_.validate(handlers::all_template_specs(router_));
  templates_.validate_surveys(handlers::all_survey_specs());
  dispatcher_ = std::make_unique<Dispatcher>(*db_, clock_, templates_, router_);
  dispatcher_->set_admins(config_.admins);
  dispatcher_->set_public_url(config_.public_url);
  outbox_ = std::make_unique<OutboxDispatcher>(*db_, clock_, &metrics_);
  scheduler_ =
      std::make_unique<Scheduler>(*dispatcher_, *db_, clock_, [this] { outbox_->notify(); });
  outbox_->on_job_scheduled([this] { scheduler_->poke(); });

  http_router_.add_prefix("GET", "/ics/", [this](const http::Request& r) {
    return calendar::serve_invite(*db_, templates_, clock_,
                                  r.path.substr(std::string("/ics/").size()));
  });
  http_router_.add_prefix("GET", "/export/", [this](const http::Request& r) {
    return exports::serve_export(*db_, clock_, r.path.substr(std::string("/export/").size()),
                                 config_.admins);
  });
  http_router_.add_prefix("GET", "/my-data/", [this](const http::Request& r) {
    return privacy::serve_my_data(*db_, templates_, clock_,
                                  r.path.substr(std::string("/my-data/").size()));
  });
  dashboard::register_routes(
      http_router_,
      {*db_, clock_, templates_, *dispatcher_, {config_.admins, config_.public_url}, [this] {
         after_commit();
       }});
  http_router_.add("GET", "/healthz",
                   [](const http::Request&) { return http::Response::text(200, "ok\n"); });
  http_router_.add("GET", "/readyz", [this](const http::Request&) {
    return db_->ping() ? http::Response::text(200, "ready\n")
                       : http::Response::text(503, "database unavailable\n");
  });
  http_router_.add("GET", "/metrics", [this](const http::Request&) {
    auto r = http::Response::text(200, metrics_.render());
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    return r;
  });
  metrics_.add_gauge("flipside_outbox_depth", "Messages waiting to be delivered.", [this] {
    return static_cast<double>(
        db_->transact([](SQLite::Database& db) { return storage::OutboxRepository(db).depth(); }));
  });
  metrics_.add_gauge("flipside_jobs_due", "Scheduled jobs due now and not yet run.", [this] {
    return static_cast<double>(db_->transact([this](SQLite::Database& db) {
      return storage::JobRepository(db).count_due(clock_.now());
    }));
  });

  if (config_.console_enabled) {
    console_ = std::make_unique<console::ConsoleAdapter>(
        *dispatcher_, *db_, clock_, console::ConsoleOptions{config_.console_token},
        [this] { after_commit(); });
    console_->register_routes(http_router_);
    outbox_->add_client(Platform::console, console_->client());
    http_router_.add("GET", "/", [](const http::Request&) {
      http::Response r = http::Response::text(302, "The console is at /console\n");
      r.headers.emplace_back("Location", "/console");
      return r;
    });
  }
  if (config_.slack_configured()) enable_slack();
  if (config_.teams_configured() || config_.teams_allow_unauthenticated) enable_teams();
}

App::~App() {
  stop();
}

void App::enable_slack() {
  slack::SlackOptions options{config_.slack_signing_secret, config_.slack_bot_token,
                              config_.slack_api_url};
  slack_ = std::make_unique<slack::SlackAdapter>(*dispatcher_, *db_, clock_, options,
                                                 [this] { after_commit(); });
  if (!config_.slack_signing_secret.empty()) slack_->register_routes(http_router_);
  outbox_->add_client(Platform::slack, slack_->client());
  if (!config_.slack_app_token.empty()) {
    // Socket Mode: the same envelopes as over HTTP, so the same adapter answers them.
    socket_mode_ = std::make_unique<slack::SocketModeClient>(
        slack::SocketModeOptions{config_.slack_app_token, config_.slack_api_url},
        [this](const std::string& type, const nlohmann::json& payload) {
          return slack_->handle(type, payload).body;
        });
  }
}

void App::after_commit() {
  if (!workers_running_) return;
  if (db_->take_outbox_enqueued()) outbox_->notify();
  // Re-planning the scheduler's timer costs two queries: only when an event added a job.
  if (dispatcher_->take_schedule_changed()) scheduler_->poke();
}

void App::enable_teams() {
  std::string token_url = config_.teams_token_url;
  // A single-tenant bot gets its tokens from its own tenant, not the shared botframework.com one.
  const std::string shared = "/botframework.com/";
  if (!config_.teams_tenant_id.empty() && token_url.find(shared) != std::string::npos) {
    token_url.replace(token_url.find(shared), shared.size(), "/" + config_.teams_tenant_id + "/");
  }
  teams::TeamsOptions options{config_.teams_app_id, config_.teams_app_password, token_url,
                              config_.teams_allow_unauthenticated};
  teams::Authenticator authenticate;
  if (config_.teams_configured()) {
    auto validator = std::make_shared<teams::TokenValidator>(
        teams::TokenValidatorOptions{config_.teams_app_id, config_.teams_openid_url}, clock_);
    authenticate = [validator](const std::string& authorization, const std::string& channel_id,
                               const std::string& service_url) {
      auto check = validator->validate(authorization, channel_id, service_url);
      return teams::AuthResult{check.ok, check.status, check.reason};
    };
  }
  teams_ = std::make_unique<teams::TeamsAdapter>(*dispatcher_, *db_, clock_, options, authenticate,
                                                 [this] { after_commit(); });
  teams_->register_routes(http_router_);
  outbox_->add_client(Platform::teams, teams_->client());
  if (config_.teams_allow_unauthenticated) {
    spdlog::warn(
        "event=teams_unauthenticated_allowed note=\"development only: unsigned requests without an"
        " Authorization header are accepted on loopback\"");
  }
}

std::uint16_t App::start(bool background_workers) {
  outbox_->recover();
  http::ServerOptions options;
  options.bind = config_.bind;
  options.port = config_.port;
  options.max_body_bytes = config_.max_body_bytes;
  options.max_connections = config_.max_connections;
  options.threads = config_.http_threads;
  server_ = std::make_unique<http::Server>(options, http_router_, metrics_);
  const auto port = server_->start();
  if (background_workers) {
    outbox_->start();
    scheduler_->start();
    if (slack_) slack_->start();
    workers_running_ = true;
  }
  std::string platforms = console_ ? "console" : "";
  if (socket_mode_) socket_mode_->start();
  if (slack_) {
    const std::string mode = socket_mode_ ? "slack (Socket Mode)" : "slack (HTTP)";
    platforms += platforms.empty() ? mode : ", " + mode;
  }
  if (teams_) platforms += platforms.empty() ? "teams" : ", teams";
  spdlog::info("event=listening address={}:{} platforms=\"{}\" database={}", config_.bind, port,
               platforms.empty() ? "none" : platforms, config_.db_path);
  if (console_) spdlog::info("event=console_ready url=http://{}:{}/console", config_.bind, port);
  return port;
}

void App::stop() {
  if (socket_mode_) socket_mode_->stop();
  if (server_) {
    server_->stop();
    server_.reset();
  }
  if (workers_running_) {
    if (slack_) slack_->stop();
    scheduler_->stop();
    outbox_->stop();
    workers_running_ = false;
  }
  if (db_) db_->checkpoint();
}

}  // namespace flipside
