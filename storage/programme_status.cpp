#include "programme_status.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/statement_cache.hpp"

namespace flipside::storage {

namespace {

int count(SQLite::Database& db, const char* sql, std::int64_t programme_id,
          std::optional<TimePoint> now = std::nullopt) {
  auto& q = prepare(db, sql);
  q.bind(1, programme_id);
  if (now) q.bind(2, to_unix(*now));
  q.executeStep();
  return q.getColumn(0).getInt();
}

}  // namespace

ProgrammeFigures ProgrammeStatusRepository::figures(std::int64_t programme_id, TimePoint now) {
  ProgrammeFigures f;
  f.mentors =
      count(db_, "SELECT count(*) FROM participants WHERE programme_id = ? AND role = 'mentor'",
            programme_id);
  f.mentees =
      count(db_, "SELECT count(*) FROM participants WHERE programme_id = ? AND role = 'mentee'",
            programme_id);
  f.orientation_acknowledged = count(db_,
                                     "SELECT count(*) FROM participants WHERE programme_id = ?"
                                     " AND orientation_acknowledged_at IS NOT NULL",
                                     programme_id);
  f.intakes_done = count(
      db_, "SELECT count(*) FROM intakes WHERE programme_id = ? AND complete = 1", programme_id);
  f.pairs_active = count(db_,
                         "SELECT count(*) FROM pairs WHERE programme_id = ? AND ended_at IS NULL "
                         "AND paused_at IS NULL",
                         programme_id);
  f.pairs_paused = count(db_,
                         "SELECT count(*) FROM pairs WHERE programme_id = ? AND ended_at IS NULL"
                         " AND paused_at IS NOT NULL",
                         programme_id);
  f.pairs_ended =
      count(db_, "SELECT count(*) FROM pairs WHERE programme_id = ? AND ended_at IS NOT NULL",
            programme_id);
  // People, not pairs: a mentor with two mentees counts once in the funnel.
  constexpr const char* kPeopleInPairs =
      "SELECT count(DISTINCT who) FROM (SELECT p.id, p.mentor_id AS who FROM pairs p"
      " WHERE p.programme_id = ?1 AND p.ended_at IS NULL UNION ALL"
      " SELECT p.id, p.mentee_id FROM pairs p WHERE p.programme_id = ?1 AND p.ended_at IS NULL)";
  f.people_paired = count(db_, kPeopleInPairs, programme_id);
  f.people_met = count(db_,
                       (std::string(kPeopleInPairs) +
                        " WHERE id IN (SELECT pair_id FROM sessions WHERE status = 'held')")
                           .c_str(),
                       programme_id);
  constexpr const char* kSessions =
      "SELECT count(*) FROM sessions s JOIN pairs p ON p.id = s.pair_id WHERE p.programme_id = ?";
  f.sessions_held =
      count(db_, (std::string(kSessions) + " AND s.status = 'held'").c_str(), programme_id);
  f.sessions_missed =
      count(db_, (std::string(kSessions) + " AND s.status = 'missed'").c_str(), programme_id);
  f.sessions_planned = count(
      db_,
      (std::string(kSessions) + " AND s.status IN ('proposed', 'scheduled') AND s.starts_at > ?")
          .c_str(),
      programme_id, now);
  constexpr const char* kGoals =
      "SELECT count(*) FROM goals g JOIN pairs p ON p.id = g.pair_id WHERE p.programme_id = ?";
  f.goals_agreed =
      count(db_, (std::string(kGoals) + " AND g.status = 'agreed'").c_str(), programme_id);
  f.goals_done = count(db_, (std::string(kGoals) + " AND g.status = 'done'").c_str(), programme_id);
  f.goal_progress = count(db_,
                          "SELECT coalesce(round(avg(g.progress)), 0) FROM goals g JOIN pairs p"
                          " ON p.id = g.pair_id WHERE p.programme_id = ? AND g.status = 'agreed'",
                          programme_id);
  return f;
}

std::vector<PairHealth> ProgrammeStatusRepository::pair_health(std::int64_t programme_id,
                                                               TimePoint now) {
  auto& q = prepare(
      db_,
      "SELECT p.id, p.mentor_id, p.mentee_id, p.paused_at IS NOT NULL, p.missed_in_a_row,"
      " p.created_at,"
      " (SELECT max(starts_at) FROM sessions s WHERE s.pair_id = p.id AND s.status = 'held'),"
      " (SELECT min(starts_at) FROM sessions s WHERE s.pair_id = p.id"
      "    AND s.status IN ('proposed', 'scheduled') AND s.starts_at > ?2),"
      " EXISTS (SELECT 1 FROM identities i WHERE i.person_id IN (p.mentor_id, p.mentee_id)"
      "    AND i.blocked_at IS NOT NULL)"
      " FROM pairs p WHERE p.programme_id = ?1 AND p.ended_at IS NULL ORDER BY p.id");
  q.bind(1, programme_id);
  q.bind(2, to_unix(now));
  std::vector<PairHealth> out;
  while (q.executeStep()) {
    PairHealth h;
    h.pair_id = q.getColumn(0).getInt64();
    h.mentor_id = q.getColumn(1).getInt64();
    h.mentee_id = q.getColumn(2).getInt64();
    h.paused = q.getColumn(3).getInt() != 0;
    h.missed_in_a_row = q.getColumn(4).getInt();
    h.created_at = from_unix(q.getColumn(5).getInt64());
    if (!q.getColumn(6).isNull()) h.last_held = from_unix(q.getColumn(6).getInt64());
    if (!q.getColumn(7).isNull()) h.next_planned = from_unix(q.getColumn(7).getInt64());
    h.someone_blocked = q.getColumn(8).getInt() != 0;
    out.push_back(h);
  }
  return out;
}

std::vector<PairRecord> ProgrammeStatusRepository::pair_history(std::int64_t person_id) {
  auto& q =
      prepare(db_,
              "SELECT p.id, g.name, p.mentor_id, p.mentee_id, p.created_at,"
              " p.paused_at IS NOT NULL, p.ended_at, coalesce(p.end_reason, ''), p.source,"
              " p.reason FROM pairs p JOIN programmes g ON g.id = p.programme_id"
              " WHERE ?1 IN (p.mentor_id, p.mentee_id) ORDER BY p.created_at DESC, p.id DESC");
  q.bind(1, person_id);
  std::vector<PairRecord> out;
  while (q.executeStep()) {
    PairRecord r;
    r.pair_id = q.getColumn(0).getInt64();
    r.programme = q.getColumn(1).getString();
    r.mentor_id = q.getColumn(2).getInt64();
    r.mentee_id = q.getColumn(3).getInt64();
    r.created_at = from_unix(q.getColumn(4).getInt64());
    r.paused = q.getColumn(5).getInt() != 0;
    if (!q.getColumn(6).isNull()) r.ended_at = from_unix(q.getColumn(6).getInt64());
    r.end_reason = q.getColumn(7).getString();
    r.source = q.getColumn(8).getString();
    r.reason = q.getColumn(9).getString();
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace flipside::storage
