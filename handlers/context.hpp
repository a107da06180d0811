#pragma once
// Everything a handler may touch while it handles one event, all inside one SQLite
// transaction: the state change, the messages it queues and the jobs it schedules commit together.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <string>

#include "bot/core/clock.hpp"
#include "bot/core/reply.hpp"
#include "bot/core/router.hpp"
#include "bot/core/ui.hpp"
#include "storage/jobs.hpp"
#include "storage/people.hpp"
#include "storage/programmes.hpp"
#include "templates/store.hpp"

namespace flipside {

// Deployment facts handlers need: who the configured managers are, and the public base URL for
// links (calendar invites).
struct HandlerSettings {
  std::vector<std::string> admins;  // FLIPSIDE_ADMINS
  std::string public_url;           // FLIPSIDE_PUBLIC_URL, no trailing slash
};

// A programme manager: added in chat, or named in `admins` (FLIPSIDE_ADMINS) by email or
// platform user id. For the web routes, which have no Context.
bool person_is_manager(SQLite::Database& db, std::int64_t person_id,
                       const std::vector<std::string>& admins);

class Context {
 public:
  Context(SQLite::Database& db, const Clock& clock, const templates::TemplateStore& templates,
          const Router& router, storage::Person person, const HandlerSettings* settings = nullptr)
      : db_(db),
        clock_(clock),
        templates_(templates),
        router_(router),
        person_(std::move(person)),
        settings_(settings) {}

  TimePoint now() const { return clock_.now(); }
  // The person who acted, or whom a scheduled job is for.
  const storage::Person& person() const { return person_; }
  void refresh_person();

  storage::PeopleRepository people() { return storage::PeopleRepository(db_); }
  storage::ProgrammeRepository programmes() { return storage::ProgrammeRepository(db_); }
  SQLite::Database& db() { return db_; }
  const templates::TemplateStore& templates() const { return templates_; }
  // A program manager: added in chat, or named in FLIPSIDE_ADMINS by email or platform user id.
  bool is_manager(std::int64_t person_id);
  bool is_manager() { return is_manager(person_.id); }
  const std::vector<std::string>& admins() const {
    static const std::vector<std::string> kNone;
    return settings_ ? settings_->admins : kNone;
  }
  std::string public_url() const {
    return settings_ && !settings_->public_url.empty() ? settings_->public_url
                                                       : "http://127.0.0.1:3978";
  }
  storage::JobRepository jobs() { return storage::JobRepository(db_); }
  const Router& router() const { return router_; }

  std::string text(const std::string& template_id, const templates::Vars& vars = {}) const {
    return templates_.render(template_id, vars);
  }
  // A message whose header (if any) and template id come from `template_id`.
  ui::Message message(const std::string& template_id) const {
    ui::Message m;
    m.template_id = template_id;
    return m;
  }

  // Queues `m` for `person_id` through the outbox, at most once per key. False if the key was
  // used before or the person cannot be reached on any platform.
  bool send(std::int64_t person_id, const ui::Message& m, const std::string& idempotency_key);
  // Schedules a job for `person_id`, at most once per key.
  bool schedule(const std::string& route, std::int64_t person_id, TimePoint due_at,
                const std::string& idempotency_key, const std::string& payload = "{}");
  // True once this event added a job, so the scheduler need only re-plan its timer then.
  bool scheduled_any() const { return scheduled_any_; }

 private:
  SQLite::Database& db_;
  const Clock& clock_;
  const templates::TemplateStore& templates_;
  const Router& router_;
  storage::Person person_;
  const HandlerSettings* settings_;  // may be null
  bool scheduled_any_ = false;
};

// A reply of one message whose only text is template `id`: the most common answer a handler gives.
inline Reply say(Context& ctx, const std::string& id, const templates::Vars& vars = {}) {
  return Reply::say(ctx.message(id).text(ctx.text(id, vars)));
}

}  // namespace flipside
