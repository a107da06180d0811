#pragma once
// Runs one event through the router inside one transaction, and runs due jobs. Adapters call
// dispatch(); the scheduler calls run_due_jobs().
#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include "bot/core/clock.hpp"
#include "bot/core/event.hpp"
#include "bot/core/reply.hpp"
#include "bot/core/router.hpp"
#include "handlers/context.hpp"
#include "storage/database.hpp"
#include "storage/people.hpp"
#include "templates/store.hpp"

namespace flipside {

// Called inside the event's transaction with the reply, so an adapter that stores or queues the
// reply (console transcript, outbox) does it atomically with the handler's state change.
using ReplySink = std::function<void(SQLite::Database&, const storage::Person&, const Reply&)>;

struct Dedupe {
  std::string source;    // "console", "slack", "teams"
  std::string event_id;  // the platform's delivery id
};

struct DispatchResult {
  Reply reply;
  bool duplicate = false;  // seen before: nothing was run
  std::int64_t person_id = 0;
};

class Dispatcher {
 public:
  Dispatcher(storage::Database& db, const Clock& clock, const templates::TemplateStore& templates,
             const Router& router)
      : db_(db), clock_(clock), templates_(templates), router_(router) {}

  // Exceptions from a handler roll the whole transaction back and propagate to the caller.
  DispatchResult dispatch(const Event& event, const std::optional<Dedupe>& dedupe = std::nullopt,
                          const ReplySink& sink = {});

  // Runs jobs due at the clock's now, each in its own transaction; a failing job is retried
  // with backoff and marked failed after a few attempts. Returns how many completed.
  int run_due_jobs(int max_jobs = 500);

  // True (once) if an event dispatched since the last call scheduled a job.
  bool take_schedule_changed() { return schedule_changed_.exchange(false); }

  const Router& router() const { return router_; }
  // Program managers from the configuration (FLIPSIDE_ADMINS): emails or platform user ids.
  void set_admins(std::vector<std::string> admins) { settings_.admins = std::move(admins); }
  void set_public_url(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    settings_.public_url = std::move(url);
  }
  const Clock& clock() const { return clock_; }

 private:
  Reply route(Context& ctx, const Event& event);
  bool run_one_job();

  storage::Database& db_;
  const Clock& clock_;
  const templates::TemplateStore& templates_;
  const Router& router_;
  std::atomic<bool> schedule_changed_{false};
  HandlerSettings settings_;
};

}  // namespace flipside
