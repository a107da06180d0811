#include "sessions.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/statement_cache.hpp"

namespace flipside::storage {

namespace {

constexpr const char* kPairColumns =
    "id, programme_id, mentor_id, mentee_id, created_at, paused_at IS NOT NULL, missed_in_a_row,"
    " watch_due";

ActivePair read_pair(SQLite::Statement& q) {
  ActivePair p{q.getColumn(0).getInt64(),
               q.getColumn(1).getInt64(),
               q.getColumn(2).getInt64(),
               q.getColumn(3).getInt64(),
               from_unix(q.getColumn(4).getInt64()),
               q.getColumn(5).getInt() != 0,
               q.getColumn(6).getInt()};
  if (!q.getColumn(7).isNull()) p.watch_due = from_unix(q.getColumn(7).getInt64());
  return p;
}

constexpr const char* kGoalColumns =
    "id, pair_id, proposed_by, specific, measurable, achievable, relevant, due_date, status,"
    " progress";

Goal read_goal(SQLite::Statement& q) {
  Goal g;
  g.id = q.getColumn(0).getInt64();
  g.pair_id = q.getColumn(1).getInt64();
  g.proposed_by = q.getColumn(2).getInt64();
  g.specific = q.getColumn(3).getString();
  g.measurable = q.getColumn(4).getString();
  g.achievable = q.getColumn(5).getString();
  g.relevant = q.getColumn(6).getString();
  g.due_date = q.getColumn(7).getString();
  g.status = q.getColumn(8).getString();
  g.progress = q.getColumn(9).getInt();
  return g;
}

constexpr const char* kSessionColumns =
    "id, pair_id, number, starts_at, minutes, proposed_by, status, ics_uid, ics_sequence,"
    " ics_token, updated_at, series_id, series_start";

Session read_session(SQLite::Statement& q) {
  Session s;
  s.id = q.getColumn(0).getInt64();
  s.pair_id = q.getColumn(1).getInt64();
  s.number = q.getColumn(2).getInt();
  s.starts_at = from_unix(q.getColumn(3).getInt64());
  s.minutes = q.getColumn(4).getInt();
  s.proposed_by = q.getColumn(5).getInt64();
  s.status = q.getColumn(6).getString();
  s.ics_uid = q.getColumn(7).getString();
  s.ics_sequence = q.getColumn(8).getInt();
  s.ics_token = q.getColumn(9).getString();
  s.updated_at = from_unix(q.getColumn(10).getInt64());
  if (!q.getColumn(11).isNull()) s.series_id = q.getColumn(11).getInt64();
  if (!q.getColumn(12).isNull()) s.series_start = from_unix(q.getColumn(12).getInt64());
  return s;
}

constexpr const char* kSeriesColumns =
    "id, pair_id, zone, interval_weeks, count, first_start, minutes, proposed_by, ics_uid,"
    " ics_sequence, ics_token";

Series read_series(SQLite::Statement& q) {
  Series s;
  s.id = q.getColumn(0).getInt64();
  s.pair_id = q.getColumn(1).getInt64();
  s.zone = q.getColumn(2).getString();
  s.interval_weeks = q.getColumn(3).getInt();
  s.count = q.getColumn(4).getInt();
  s.first_start = from_unix(q.getColumn(5).getInt64());
  s.minutes = q.getColumn(6).getInt();
  s.proposed_by = q.getColumn(7).getInt64();
  s.ics_uid = q.getColumn(8).getString();
  s.ics_sequence = q.getColumn(9).getInt();
  s.ics_token = q.getColumn(10).getString();
  return s;
}

// A change a calendar shows (an occurrence cancelled or moved) bumps its series' SEQUENCE too.
void bump_series_of(SQLite::Database& db, std::int64_t session_id, TimePoint now) {
  auto& q = prepare(db,
                    "UPDATE series SET ics_sequence = ics_sequence + 1, updated_at = ?"
                    " WHERE id = (SELECT series_id FROM sessions WHERE id = ?)");
  q.bind(1, to_unix(now));
  q.bind(2, session_id);
  q.exec();
}

}  // namespace

std::vector<ActivePair> PairLifeRepository::pairs_of(std::int64_t person_id) {
  auto& q = prepare(db_, std::string("SELECT ") + kPairColumns +
                             " FROM pairs WHERE ended_at IS NULL AND (mentor_id = ?1 OR"
                             " mentee_id = ?1) ORDER BY id DESC");
  q.bind(1, person_id);
  std::vector<ActivePair> out;
  while (q.executeStep()) out.push_back(read_pair(q));
  return out;
}

std::optional<ActivePair> PairLifeRepository::pair(std::int64_t pair_id) {
  auto& q = prepare(
      db_, std::string("SELECT ") + kPairColumns + " FROM pairs WHERE id = ? AND ended_at IS NULL");
  q.bind(1, pair_id);
  if (!q.executeStep()) return std::nullopt;
  return read_pair(q);
}

std::optional<ActivePair> PairLifeRepository::any_pair(std::int64_t pair_id) {
  auto& q = prepare(db_, std::string("SELECT ") + kPairColumns + " FROM pairs WHERE id = ?");
  q.bind(1, pair_id);
  if (!q.executeStep()) return std::nullopt;
  return read_pair(q);
}

void PairLifeRepository::set_paused(std::int64_t pair_id, bool paused, TimePoint now) {
  auto& q = prepare(db_, "UPDATE pairs SET paused_at = ? WHERE id = ?");
  if (paused)
    q.bind(1, to_unix(now));
  else
    q.bind(1);
  q.bind(2, pair_id);
  q.exec();
}

int PairLifeRepository::count_miss(std::int64_t pair_id) {
  auto& q = prepare(db_,
                    "UPDATE pairs SET missed_in_a_row = missed_in_a_row + 1 WHERE id = ?"
                    " RETURNING missed_in_a_row");
  q.bind(1, pair_id);
  return q.executeStep() ? q.getColumn(0).getInt() : 0;
}

void PairLifeRepository::set_watch_due(std::int64_t pair_id, TimePoint due) {
  auto& q = prepare(db_, "UPDATE pairs SET watch_due = ? WHERE id = ?");
  q.bind(1, to_unix(due));
  q.bind(2, pair_id);
  q.exec();
}

void PairLifeRepository::reset_misses(std::int64_t pair_id) {
  auto& q = prepare(db_, "UPDATE pairs SET missed_in_a_row = 0 WHERE id = ?");
  q.bind(1, pair_id);
  q.exec();
}

std::int64_t PairLifeRepository::add_goal(const Goal& g, TimePoint now) {
  auto& q = prepare(db_,
                    "INSERT INTO goals(pair_id, proposed_by, specific, measurable, achievable,"
                    " relevant, due_date, status, progress, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, g.pair_id);
  q.bind(2, g.proposed_by);
  q.bind(3, g.specific);
  q.bind(4, g.measurable);
  q.bind(5, g.achievable);
  q.bind(6, g.relevant);
  q.bind(7, g.due_date);
  q.bind(8, g.status);
  q.bind(9, g.progress);
  q.bind(10, to_unix(now));
  q.bind(11, to_unix(now));
  q.exec();
  return db_.getLastInsertRowid();
}

std::optional<Goal> PairLifeRepository::goal(std::int64_t id) {
  auto& q = prepare(db_, std::string("SELECT ") + kGoalColumns + " FROM goals WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_goal(q);
}

std::vector<Goal> PairLifeRepository::goals(std::int64_t pair_id, bool open_only) {
  auto& q = prepare(db_, std::string("SELECT ") + kGoalColumns +
                             " FROM goals WHERE pair_id = ? AND (? = 0 OR status IN"
                             " ('proposed', 'agreed')) ORDER BY id");
  q.bind(1, pair_id);
  q.bind(2, open_only ? 1 : 0);
  std::vector<Goal> out;
  while (q.executeStep()) out.push_back(read_goal(q));
  return out;
}

void PairLifeRepository::set_goal_status(std::int64_t id, const std::string& status,
                                         TimePoint now) {
  auto& q = prepare(db_, "UPDATE goals SET status = ?, updated_at = ? WHERE id = ?");
  q.bind(1, status);
  q.bind(2, to_unix(now));
  q.bind(3, id);
  q.exec();
}

void PairLifeRepository::set_goal_progress(std::int64_t id, int percent, TimePoint now) {
  auto& q = prepare(db_,
                    "UPDATE goals SET progress = ?, status = CASE WHEN ? >= 100 THEN 'done'"
                    " ELSE status END, updated_at = ? WHERE id = ?");
  q.bind(1, percent);
  q.bind(2, percent);
  q.bind(3, to_unix(now));
  q.bind(4, id);
  q.exec();
}

std::int64_t PairLifeRepository::add_session(const Session& s, TimePoint now) {
  auto& q = prepare(db_,
                    "INSERT INTO sessions(pair_id, number, starts_at, minutes, proposed_by, status,"
                    " ics_uid, ics_sequence, ics_token, created_at, updated_at, series_id,"
                    " series_start) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)");
  q.bind(1, s.pair_id);
  q.bind(2, s.number);
  q.bind(3, to_unix(s.starts_at));
  q.bind(4, s.minutes);
  q.bind(5, s.proposed_by);
  q.bind(6, s.status);
  q.bind(7, s.ics_uid);
  q.bind(8, s.ics_token);
  q.bind(9, to_unix(now));
  q.bind(10, to_unix(now));
  if (s.series_id) {
    q.bind(11, *s.series_id);
  } else {
    q.bind(11);
  }
  if (s.series_start) {
    q.bind(12, to_unix(*s.series_start));
  } else {
    q.bind(12);
  }
  q.exec();
  return db_.getLastInsertRowid();
}

std::optional<Session> PairLifeRepository::session(std::int64_t id) {
  auto& q = prepare(db_, std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_session(q);
}

std::optional<Session> PairLifeRepository::session_by_token(const std::string& token) {
  auto& q =
      prepare(db_, std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE ics_token = ?");
  q.bind(1, token);
  if (!q.executeStep()) return std::nullopt;
  return read_session(q);
}

std::vector<Session> PairLifeRepository::sessions(std::int64_t pair_id) {
  auto& q = prepare(db_, std::string("SELECT ") + kSessionColumns +
                             " FROM sessions WHERE pair_id = ? ORDER BY starts_at, id");
  q.bind(1, pair_id);
  std::vector<Session> out;
  while (q.executeStep()) out.push_back(read_session(q));
  return out;
}

std::optional<Session> PairLifeRepository::live_session_at(std::int64_t pair_id,
                                                           TimePoint starts_at) {
  auto& q = prepare(db_, std::string("SELECT ") + kSessionColumns +
                             " FROM sessions WHERE pair_id = ? AND starts_at = ?"
                             " AND status IN ('proposed', 'scheduled')");
  q.bind(1, pair_id);
  q.bind(2, to_unix(starts_at));
  if (!q.executeStep()) return std::nullopt;
  return read_session(q);
}

void PairLifeRepository::set_session_status(std::int64_t id, const std::string& status,
                                            TimePoint now) {
  auto& q = prepare(db_,
                    "UPDATE sessions SET status = ?1, updated_at = ?2,"
                    " ics_sequence = ics_sequence + (CASE WHEN ?1 = 'cancelled' THEN 1 ELSE 0 END)"
                    " WHERE id = ?3");
  q.bind(1, status);
  q.bind(2, to_unix(now));
  q.bind(3, id);
  q.exec();
  if (status == "cancelled") bump_series_of(db_, id, now);
}

void PairLifeRepository::reschedule(std::int64_t id, TimePoint starts_at, TimePoint now) {
  auto& q = prepare(db_,
                    "UPDATE sessions SET starts_at = ?, status = 'proposed',"
                    " ics_sequence = ics_sequence + 1, updated_at = ? WHERE id = ?");
  q.bind(1, to_unix(starts_at));
  q.bind(2, to_unix(now));
  q.bind(3, id);
  q.exec();
  bump_series_of(db_, id, now);
}

int PairLifeRepository::next_session_number(std::int64_t pair_id) {
  auto& q = prepare(db_,
                    "SELECT coalesce(max(number), 0) + 1 FROM sessions WHERE pair_id = ?"
                    " AND status <> 'cancelled'");
  q.bind(1, pair_id);
  q.executeStep();
  return q.getColumn(0).getInt();
}

std::int64_t PairLifeRepository::add_series(const Series& s, TimePoint now) {
  auto& q = prepare(db_,
                    "INSERT INTO series(pair_id, zone, interval_weeks, count, first_start, minutes,"
                    " proposed_by, ics_uid, ics_sequence, ics_token, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)");
  q.bind(1, s.pair_id);
  q.bind(2, s.zone);
  q.bind(3, s.interval_weeks);
  q.bind(4, s.count);
  q.bind(5, to_unix(s.first_start));
  q.bind(6, s.minutes);
  q.bind(7, s.proposed_by);
  q.bind(8, s.ics_uid);
  q.bind(9, s.ics_token);
  q.bind(10, to_unix(now));
  q.bind(11, to_unix(now));
  q.exec();
  return db_.getLastInsertRowid();
}

std::optional<Series> PairLifeRepository::series(std::int64_t id) {
  auto& q = prepare(db_, std::string("SELECT ") + kSeriesColumns + " FROM series WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_series(q);
}

std::optional<Series> PairLifeRepository::series_by_token(const std::string& token) {
  auto& q =
      prepare(db_, std::string("SELECT ") + kSeriesColumns + " FROM series WHERE ics_token = ?");
  q.bind(1, token);
  if (!q.executeStep()) return std::nullopt;
  return read_series(q);
}

std::vector<Session> PairLifeRepository::occurrences(std::int64_t series_id) {
  auto& q = prepare(db_, std::string("SELECT ") + kSessionColumns +
                             " FROM sessions WHERE series_id = ? ORDER BY series_start, id");
  q.bind(1, series_id);
  std::vector<Session> out;
  while (q.executeStep()) out.push_back(read_session(q));
  return out;
}

bool PairLifeRepository::add_checkin(std::int64_t session_id, std::int64_t person_id,
                                     const std::string& answer, TimePoint now) {
  auto& q = prepare(db_,
                    "INSERT INTO checkins(session_id, person_id, answer, answered_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
  q.bind(1, session_id);
  q.bind(2, person_id);
  q.bind(3, answer);
  q.bind(4, to_unix(now));
  return q.exec() == 1;
}

void PairLifeRepository::complete_checkin(std::int64_t session_id, std::int64_t person_id,
                                          const std::string& learned, const std::string& actions) {
  auto& q = prepare(db_,
                    "UPDATE checkins SET learned = ?, actions = ? WHERE session_id = ?"
                    " AND person_id = ?");
  q.bind(1, learned);
  q.bind(2, actions);
  q.bind(3, session_id);
  q.bind(4, person_id);
  q.exec();
}

std::optional<std::string> PairLifeRepository::checkin_answer(std::int64_t session_id,
                                                              std::int64_t person_id) {
  auto& q = prepare(db_, "SELECT answer FROM checkins WHERE session_id = ? AND person_id = ?");
  q.bind(1, session_id);
  q.bind(2, person_id);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

std::string PairLifeRepository::last_actions(std::int64_t pair_id) {
  auto& q = prepare(db_,
                    "SELECT group_concat(c.actions, '; ') FROM checkins c WHERE c.actions <> ''"
                    " AND c.session_id = (SELECT id FROM sessions WHERE pair_id = ? AND status ="
                    " 'held' ORDER BY starts_at DESC LIMIT 1)");
  q.bind(1, pair_id);
  if (!q.executeStep() || q.getColumn(0).isNull()) return {};
  return q.getColumn(0).getString();
}

void PairLifeRepository::save_wrapup(std::int64_t pair_id, std::int64_t person_id,
                                     const std::string& takeaways, const std::string& testimonial,
                                     bool may_share, TimePoint now) {
  auto& q = prepare(db_,
                    "INSERT INTO wrapups(pair_id, person_id, takeaways, testimonial, may_share,"
                    " answered_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(pair_id, person_id) DO"
                    " UPDATE SET takeaways = excluded.takeaways, testimonial ="
                    " excluded.testimonial, may_share = excluded.may_share, answered_at ="
                    " excluded.answered_at");
  q.bind(1, pair_id);
  q.bind(2, person_id);
  q.bind(3, takeaways);
  q.bind(4, testimonial);
  q.bind(5, may_share ? 1 : 0);
  q.bind(6, to_unix(now));
  q.exec();
}

std::vector<ActivePair> PairLifeRepository::end_all(std::int64_t programme_id,
                                                    const std::string& reason, TimePoint now) {
  std::vector<ActivePair> ended;
  {
    auto& q = prepare(db_, std::string("SELECT ") + kPairColumns +
                               " FROM pairs WHERE programme_id = ? AND ended_at IS NULL");
    q.bind(1, programme_id);
    while (q.executeStep()) ended.push_back(read_pair(q));
  }
  auto& u = prepare(db_,
                    "UPDATE pairs SET ended_at = ?, end_reason = ? WHERE programme_id = ?"
                    " AND ended_at IS NULL");
  u.bind(1, to_unix(now));
  u.bind(2, reason);
  u.bind(3, programme_id);
  u.exec();
  return ended;
}

}  // namespace flipside::storage
