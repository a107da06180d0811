#include "inbound_seen.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/statement_cache.hpp"

namespace flipside::storage {

bool InboundSeenRepository::first_sight(const std::string& source, const std::string& event_id,
                                        TimePoint now) {
  auto& q = prepare(db_,
                    "INSERT INTO inbound_seen(source, event_id, seen_at) VALUES (?, ?, ?)"
                    " ON CONFLICT DO NOTHING");
  q.bind(1, source);
  q.bind(2, event_id);
  q.bind(3, to_unix(now));
  return q.exec() == 1;
}

int InboundSeenRepository::forget_before(TimePoint cutoff) {
  auto& q = prepare(db_, "DELETE FROM inbound_seen WHERE seen_at < ?");
  q.bind(1, to_unix(cutoff));
  return q.exec();
}

}  // namespace flipside::storage
