#pragma once
// Final presentation slots (issue #8): one short slot per pair, scheduled by a programme manager.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>

#include "bot/core/clock.hpp"

namespace flipside::storage {

struct PresentationSlot {
  std::int64_t pair_id = 0;
  TimePoint starts_at;
  int minutes = 15;
};

class PresentationRepository {
 public:
  explicit PresentationRepository(SQLite::Database& db) : db_(db) {}

  // The person's newest pair, running or ended (a presentation often follows the close).
  std::optional<std::int64_t> newest_pair_of(std::int64_t person_id);
  std::optional<PresentationSlot> slot(std::int64_t pair_id);
  // Books the pair's slot, replacing an earlier one.
  void save(const PresentationSlot& slot, std::int64_t scheduled_by, TimePoint now);

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
