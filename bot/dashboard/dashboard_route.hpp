#pragma once
// The programme managers' web dashboard (issue #7) over HTTP:
//   GET  /dashboard/login/<token>  the single-use link from the `dashboard` chat verb: starts a
//                                  session (cookie flipside_dashboard) and redirects to the page
//   GET  /dashboard                the page (?programme=<id>, newest programme by default)
//   POST /dashboard/action         nudge, pause or end a pair (form: action, pair_id, csrf)
// An action is dispatched as the manager's own button click through the chat's Dispatcher, so
// the same manager check, audit entry and messages to the pair happen as in chat.
#include <functional>

#include "bot/core/clock.hpp"
#include "bot/http/http_router.hpp"
#include "handlers/context.hpp"
#include "handlers/dispatcher.hpp"
#include "storage/database.hpp"
#include "templates/store.hpp"

namespace flipside::dashboard {

struct DashboardDeps {
  storage::Database& db;
  const Clock& clock;
  const templates::TemplateStore& templates;
  Dispatcher& dispatcher;
  HandlerSettings settings;            // who the configured managers are; the public URL
  std::function<void()> after_commit;  // wakes the outbox after an action queued messages
};

void register_routes(http::Router& router, DashboardDeps deps);

}  // namespace flipside::dashboard
