#pragma once
// Ids of inbound deliveries already processed, so a platform's retry (even after a restart) is
// recognised as a duplicate.
#include <SQLiteCpp/Database.h>

#include <string>

#include "bot/core/clock.hpp"

namespace flipside::storage {

class InboundSeenRepository {
 public:
  explicit InboundSeenRepository(SQLite::Database& db) : db_(db) {}
  // True the first time (source, id) is seen, false for every repeat.
  bool first_sight(const std::string& source, const std::string& event_id, TimePoint now);
  int forget_before(TimePoint cutoff);

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
