#include "context.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bot/core/ui_json.hpp"
#include "storage/outbox.hpp"

namespace flipside {

void Context::refresh_person() {
  if (auto p = people().find(person_.id)) person_ = *p;
}

bool person_is_manager(SQLite::Database& db, std::int64_t person_id,
                       const std::vector<std::string>& admins) {
  if (storage::ManagerRepository(db).is_manager(person_id)) return true;
  if (admins.empty()) return false;
  storage::PeopleRepository people(db);
  auto person = people.find(person_id);
  if (!person) return false;
  auto same_email = [&](const std::string& entry) {
    return !person->email.empty() && entry.size() == person->email.size() &&
           std::equal(entry.begin(), entry.end(), person->email.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) ==
                    std::tolower(static_cast<unsigned char>(b));
           });
  };
  const auto user_ids = people.user_ids(person_id);
  for (const auto& entry : admins) {
    if (same_email(entry)) return true;
    if (std::find(user_ids.begin(), user_ids.end(), entry) != user_ids.end()) return true;
  }
  return false;
}

bool Context::is_manager(std::int64_t person_id) {
  return person_is_manager(db_, person_id, admins());
}

bool Context::send(std::int64_t person_id, const ui::Message& m,
                   const std::string& idempotency_key) {
  std::string user_id;
  auto address = people().preferred_address(person_id, &user_id);
  if (!address) {
    spdlog::warn("event=unreachable_person person_id={} template={}", person_id, m.template_id);
    return false;
  }
  storage::OutboxItem item{idempotency_key, person_id, *address, user_id, ui::to_json(m).dump()};
  return storage::OutboxRepository(db_).enqueue(item, now());
}

bool Context::schedule(const std::string& route, std::int64_t person_id, TimePoint due_at,
                       const std::string& idempotency_key, const std::string& payload) {
  storage::Job job;
  job.route = route;
  if (person_id != 0) job.person_id = person_id;  // 0: a job about no one in particular
  job.payload = payload;
  job.due_at = due_at;
  job.idempotency_key = idempotency_key;
  const bool added = jobs().schedule(job);
  scheduled_any_ = scheduled_any_ || added;
  return added;
}

}  // namespace flipside
