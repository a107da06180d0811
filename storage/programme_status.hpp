#pragma once
// Read-only figures about one programme for its managers (issue #7): the participation funnel,
// sessions, goals, and the health of each pair. Aggregates over people, never survey answers.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"

namespace flipside::storage {

struct ProgrammeFigures {
  int mentors = 0, mentees = 0;
  int intakes_done = 0;
  int orientation_acknowledged = 0;  // participants who clicked "Got it" on their orientation
  int pairs_active = 0, pairs_paused = 0, pairs_ended = 0;
  int people_paired = 0;  // distinct people in a pair that has not ended
  int people_met = 0;     // ... of whom at least one session was held
  int sessions_held = 0, sessions_planned = 0, sessions_missed = 0;
  int goals_agreed = 0, goals_done = 0;
  int goal_progress = 0;  // mean progress of agreed goals, percent
};

struct PairHealth {
  std::int64_t pair_id = 0;
  std::int64_t mentor_id = 0, mentee_id = 0;
  bool paused = false;
  int missed_in_a_row = 0;
  TimePoint created_at;
  std::optional<TimePoint> last_held;
  std::optional<TimePoint> next_planned;  // the next proposed or booked session
  bool someone_blocked = false;           // a partner blocked the bot (messages cannot reach them)
};

// One pair someone was ever in, for `pair <person>`.
struct PairRecord {
  std::int64_t pair_id = 0;
  std::string programme;
  std::int64_t mentor_id = 0, mentee_id = 0;
  TimePoint created_at;
  bool paused = false;
  std::optional<TimePoint> ended_at;
  std::string end_reason;
  std::string source;  // matched | manual
  std::string reason;  // why a manager paired them by hand
};

class ProgrammeStatusRepository {
 public:
  explicit ProgrammeStatusRepository(SQLite::Database& db) : db_(db) {}
  ProgrammeFigures figures(std::int64_t programme_id, TimePoint now);
  // Every active (not ended) pair of the programme.
  std::vector<PairHealth> pair_health(std::int64_t programme_id, TimePoint now);
  // Every pair the person was ever in, newest first, ended ones included.
  std::vector<PairRecord> pair_history(std::int64_t person_id);

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
