#include "presentations.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/statement_cache.hpp"

namespace flipside::storage {

std::optional<std::int64_t> PresentationRepository::newest_pair_of(std::int64_t person_id) {
  auto& q = prepare(db_,
                    "SELECT id FROM pairs WHERE mentor_id = ?1 OR mentee_id = ?1"
                    " ORDER BY created_at DESC, id DESC LIMIT 1");
  q.bind(1, person_id);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getInt64();
}

std::optional<PresentationSlot> PresentationRepository::slot(std::int64_t pair_id) {
  auto& q = prepare(db_, "SELECT starts_at, minutes FROM presentation_slots WHERE pair_id = ?");
  q.bind(1, pair_id);
  if (!q.executeStep()) return std::nullopt;
  return PresentationSlot{pair_id, from_unix(q.getColumn(0).getInt64()), q.getColumn(1).getInt()};
}

void PresentationRepository::save(const PresentationSlot& slot, std::int64_t scheduled_by,
                                  TimePoint now) {
  auto& q = prepare(db_,
                    "INSERT OR REPLACE INTO presentation_slots(pair_id, starts_at, minutes,"
                    " scheduled_by, scheduled_at) VALUES (?, ?, ?, ?, ?)");
  q.bind(1, slot.pair_id);
  q.bind(2, to_unix(slot.starts_at));
  q.bind(3, slot.minutes);
  q.bind(4, scheduled_by);
  q.bind(5, to_unix(now));
  q.exec();
}

}  // namespace flipside::storage
