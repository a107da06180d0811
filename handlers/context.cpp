#include "context.hpp"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "bot/core/ui_json.hpp"
#include "storage/outbox.hpp"

namespace flipside {

void Context::refresh_person() {
  if (auto p = people().find(person_.id)) person_ = *p;
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
  job.person_id = person_id;
  job.payload = payload;
  job.due_at = due_at;
  job.idempotency_key = idempotency_key;
  const bool added = jobs().schedule(job);
  scheduled_any_ = scheduled_any_ || added;
  return added;
}

}  // namespace flipside
