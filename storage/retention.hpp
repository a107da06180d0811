#pragma once
// The retention setting for closed programmes (issue #7): some time after a programme closes, what
// its people said and did in it goes. Kept: the programme itself, who was paired with whom (the
// matcher must never repeat a pair, and the next cohort rotates), the anonymous pulse answers, and
// the audit log.
#include <SQLiteCpp/Database.h>

#include <cstdint>

namespace flipside::storage {

struct PurgeCounts {
  int sessions = 0, goals = 0, wrapups = 0, intakes = 0, offers = 0, pulse_invites = 0;
};

class RetentionRepository {
 public:
  explicit RetentionRepository(SQLite::Database& db) : db_(db) {}
  // Deletes the programme's sessions (with check-ins and series), goals, wrap-ups, intakes,
  // offers, shortlists, pulse invitations and export links; blanks the free-text reasons on its
  // pairs; takes its participants out of it. In the caller's transaction.
  PurgeCounts purge_programme(std::int64_t programme_id);

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
