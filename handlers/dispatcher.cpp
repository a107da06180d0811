#include "dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "handlers/context.hpp"
#include "storage/inbound_seen.hpp"
#include "storage/jobs.hpp"

namespace flipside {

namespace {
constexpr int kMaxJobAttempts = 5;

std::chrono::seconds job_backoff(int attempts) {
  // 1, 2, 4, 8 minutes: long enough for a platform outage to pass.
  return std::chrono::minutes{1 << std::min(attempts, 6)};
}
}  // namespace

Reply Dispatcher::route(Context& ctx, const Event& event) {
  const Handler* handler = router_.find(event);
  if (handler && event.kind != EventKind::scheduled && router_.managers_only(event) &&
      !ctx.is_manager()) {
    spdlog::info("event=manager_route_refused kind={} name={} person_id={}", to_string(event.kind),
                 event.name, ctx.person().id);
    auto m = ctx.message("router.managers_only");
    m.text(ctx.text("router.managers_only", {{"verb", event.name}}));
    return Reply::say(std::move(m));
  }
  if (handler) return (*handler)(ctx, event);
  switch (event.kind) {
    case EventKind::command: {
      if (event.name.empty())
        return Reply::say(ctx.message("router.try_help").text(ctx.text("router.try_help")));
      auto m = ctx.message("router.unknown_command");
      std::string line = ctx.text("router.unknown_command", {{"verb", event.name}});
      if (auto suggestion = router_.closest_command(event.name); !suggestion.empty()) {
        line += " " + ctx.text("router.suggestion", {{"suggestion", suggestion}});
      }
      m.text(line + "\n" + ctx.text("router.try_help"));
      return Reply::say(std::move(m));
    }
    case EventKind::action:
      return Reply::say(ctx.message("router.stale_action").text(ctx.text("router.stale_action")));
    case EventKind::form:
      return Reply::say(ctx.message("router.stale_form").text(ctx.text("router.stale_form")));
    case EventKind::scheduled:
      // A job whose route was removed in a newer version: fail it loudly rather than loop.
      throw std::runtime_error("no handler for job route " + event.name);
  }
  return Reply::none();
}

namespace {
// A form about one record carries its id in the form id ("programme.edit:7"): route it as the
// form "programme.edit" with args "7", the way a button carries its value.
Event with_form_args(const Event& event) {
  Event routed = event;
  if (event.kind != EventKind::form) return routed;
  auto colon = event.name.find(':');
  if (colon == std::string::npos) return routed;
  routed.name = event.name.substr(0, colon);
  routed.args = event.name.substr(colon + 1);
  return routed;
}
}  // namespace

DispatchResult Dispatcher::dispatch(const Event& original, const std::optional<Dedupe>& dedupe,
                                    const ReplySink& sink) {
  const Event event = with_form_args(original);
  return db_.transact([&](SQLite::Database& db) {
    DispatchResult result;
    const auto now = clock_.now();
    if (dedupe &&
        !storage::InboundSeenRepository(db).first_sight(dedupe->source, dedupe->event_id, now)) {
      result.duplicate = true;
      return result;
    }
    auto person = storage::PeopleRepository(db).upsert_from_contact(event.user, event.where, now);
    result.person_id = person.id;
    Context ctx(db, clock_, templates_, router_, person, &settings_);
    result.reply = route(ctx, event);
    if (sink) sink(db, ctx.person(), result.reply);
    if (ctx.scheduled_any()) schedule_changed_ = true;
    spdlog::debug("event=dispatched kind={} name={} person_id={} replies={}", to_string(event.kind),
                  event.name, person.id, result.reply.messages.size());
    return result;
  });
}

bool Dispatcher::run_one_job() {
  std::optional<storage::Job> claimed;
  try {
    return db_.transact([&](SQLite::Database& db) {
      storage::JobRepository jobs(db);
      const auto now = clock_.now();
      claimed = jobs.next_due(now);
      if (!claimed) return false;
      const auto& job = *claimed;
      std::optional<storage::Person> person;
      if (job.person_id) person = storage::PeopleRepository(db).find(*job.person_id);
      Event event;
      event.kind = EventKind::scheduled;
      event.name = job.route;
      event.args = job.payload;
      event.person_id = job.person_id;
      Context ctx(db, clock_, templates_, router_, person.value_or(storage::Person{}), &settings_);
      Reply reply = route(ctx, event);
      // A job's replies go to its person through the outbox; the key makes a re-run add nothing.
      for (std::size_t i = 0; i < reply.messages.size() && person; ++i) {
        ctx.send(person->id, reply.messages[i],
                 "job:" + std::to_string(job.id) + ":" + std::to_string(i));
      }
      jobs.complete(job.id, now);
      spdlog::info("event=job_done id={} route={}", job.id, job.route);
      return true;
    });
  } catch (const std::exception& e) {
    if (!claimed) throw;  // the database itself failed; let the scheduler's boundary report it
    const auto& job = *claimed;
    spdlog::error("event=job_failed id={} route={} attempt={} reason=\"{}\"", job.id, job.route,
                  job.attempts + 1, e.what());
    db_.transact([&](SQLite::Database& db) {
      storage::JobRepository jobs(db);
      if (job.attempts + 1 >= kMaxJobAttempts) {
        jobs.fail(job.id, e.what(), clock_.now());
      } else {
        jobs.retry(job.id, clock_.now() + job_backoff(job.attempts), e.what());
      }
    });
    return true;
  }
}

int Dispatcher::run_due_jobs(int max_jobs) {
  int ran = 0;
  while (ran < max_jobs && run_one_job()) ++ran;
  return ran;
}

}  // namespace flipside
