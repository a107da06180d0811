#pragma once
// A pair's life after matching: SMART goals, sessions (with their calendar invite's identity),
// check-ins, and the missed-session count the nudging ladder reads.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"

namespace flipside::storage {

struct ActivePair {
  std::int64_t id = 0;
  std::int64_t programme_id = 0;
  std::int64_t mentor_id = 0;
  std::int64_t mentee_id = 0;
  TimePoint created_at;
  bool paused = false;
  int missed_in_a_row = 0;
  std::optional<TimePoint> watch_due;
  std::int64_t partner_of(std::int64_t person) const {
    return person == mentor_id ? mentee_id : mentor_id;
  }
};

struct Goal {
  std::int64_t id = 0;
  std::int64_t pair_id = 0;
  std::int64_t proposed_by = 0;
  std::string specific, measurable, achievable, relevant;
  std::string due_date;             // YYYY-MM-DD
  std::string status = "proposed";  // proposed | agreed | replaced | done | dropped
  int progress = 0;
};

struct Session {
  std::int64_t id = 0;
  std::int64_t pair_id = 0;
  int number = 0;
  TimePoint starts_at;
  int minutes = 45;
  std::int64_t proposed_by = 0;
  std::string status = "proposed";  // proposed | scheduled | held | missed | cancelled
  std::string ics_uid;
  int ics_sequence = 0;
  std::string ics_token;
  TimePoint updated_at;
  std::optional<std::int64_t> series_id;  // set for an occurrence of a recurring series
  std::optional<TimePoint> series_start;  // its start under the series' rule
};

// A recurring series booked in one go: `count` sessions every `interval_weeks` weeks at the same
// wall-clock time in `zone`. Its occurrences are Session rows with series_id set.
struct Series {
  std::int64_t id = 0;
  std::int64_t pair_id = 0;
  std::string zone;
  int interval_weeks = 2;
  int count = 2;
  TimePoint first_start;
  int minutes = 45;
  std::int64_t proposed_by = 0;
  std::string ics_uid;
  int ics_sequence = 0;
  std::string ics_token;
};

class PairLifeRepository {
 public:
  explicit PairLifeRepository(SQLite::Database& db) : db_(db) {}

  // The person's current (not ended) pair, newest first: mentors may have several.
  std::vector<ActivePair> pairs_of(std::int64_t person_id);
  std::optional<ActivePair> pair(std::int64_t pair_id);
  // The pair even if it has ended (calendar invites outlive a pair).
  std::optional<ActivePair> any_pair(std::int64_t pair_id);
  void set_paused(std::int64_t pair_id, bool paused, TimePoint now);
  // Returns the new count.
  int count_miss(std::int64_t pair_id);
  void reset_misses(std::int64_t pair_id);
  void set_watch_due(std::int64_t pair_id, TimePoint due);

  std::int64_t add_goal(const Goal& g, TimePoint now);
  std::optional<Goal> goal(std::int64_t id);
  std::vector<Goal> goals(std::int64_t pair_id, bool open_only);  // open: proposed or agreed
  void set_goal_status(std::int64_t id, const std::string& status, TimePoint now);
  void set_goal_progress(std::int64_t id, int percent, TimePoint now);

  std::int64_t add_session(const Session& s, TimePoint now);
  std::optional<Session> session(std::int64_t id);
  std::optional<Session> session_by_token(const std::string& token);
  std::vector<Session> sessions(std::int64_t pair_id);
  // A proposed or scheduled session of the pair at exactly this time, if any (to refuse doubles).
  std::optional<Session> live_session_at(std::int64_t pair_id, TimePoint starts_at);
  // Moves the session on; bumps the invite's sequence when the time or status changes what a
  // calendar shows.
  void set_session_status(std::int64_t id, const std::string& status, TimePoint now);
  void reschedule(std::int64_t id, TimePoint starts_at, TimePoint now);
  int next_session_number(std::int64_t pair_id);

  std::int64_t add_series(const Series& s, TimePoint now);
  std::optional<Series> series(std::int64_t id);
  std::optional<Series> series_by_token(const std::string& token);
  // The series' occurrences in rule order, whatever their status.
  std::vector<Session> occurrences(std::int64_t series_id);

  // False if this person already answered for this session.
  bool add_checkin(std::int64_t session_id, std::int64_t person_id, const std::string& answer,
                   TimePoint now);
  void complete_checkin(std::int64_t session_id, std::int64_t person_id, const std::string& learned,
                        const std::string& actions);
  std::optional<std::string> checkin_answer(std::int64_t session_id, std::int64_t person_id);
  // The action items written at the pair's most recent held session ("" if none).
  std::string last_actions(std::int64_t pair_id);

  // Saves (or replaces) a person's wrap-up answers.
  void save_wrapup(std::int64_t pair_id, std::int64_t person_id, const std::string& takeaways,
                   const std::string& testimonial, bool may_share, TimePoint now);
  // Ends every active pair of the programme; returns them.
  std::vector<ActivePair> end_all(std::int64_t programme_id, const std::string& reason,
                                  TimePoint now);

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
