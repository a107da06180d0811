#include "rotation.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/statement_cache.hpp"

namespace flipside::storage {

namespace {

std::optional<std::int64_t> single_id(SQLite::Database& db, const char* sql, std::int64_t id) {
  auto& q = prepare(db, sql);
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getInt64();
}

NextCohortAnswer read_answer(SQLite::Statement& q) {
  NextCohortAnswer a;
  a.person_id = q.getColumn(0).getInt64();
  a.role = role_from_string(q.getColumn(1).getString()).value_or(Role::mentor);
  a.answer = q.getColumn(2).isNull() ? "" : q.getColumn(2).getString();
  return a;
}

}  // namespace

bool RotationRepository::record_question(std::int64_t programme_id, std::int64_t person_id,
                                         Role role, TimePoint now) {
  auto& q = prepare(db_,
                    "INSERT OR IGNORE INTO next_cohort_answers(programme_id, person_id, role,"
                    " asked_at) VALUES (?, ?, ?, ?)");
  q.bind(1, programme_id);
  q.bind(2, person_id);
  q.bind(3, std::string(to_string(role)));
  q.bind(4, to_unix(now));
  return q.exec() == 1;
}

std::optional<NextCohortAnswer> RotationRepository::answer_of(std::int64_t programme_id,
                                                              std::int64_t person_id) {
  auto& q = prepare(db_,
                    "SELECT person_id, role, answer FROM next_cohort_answers"
                    " WHERE programme_id = ? AND person_id = ?");
  q.bind(1, programme_id);
  q.bind(2, person_id);
  if (!q.executeStep()) return std::nullopt;
  return read_answer(q);
}

void RotationRepository::save_answer(std::int64_t programme_id, std::int64_t person_id,
                                     const std::string& answer, TimePoint now) {
  auto& q = prepare(db_,
                    "UPDATE next_cohort_answers SET answer = ?, answered_at = ?"
                    " WHERE programme_id = ? AND person_id = ?");
  q.bind(1, answer);
  q.bind(2, to_unix(now));
  q.bind(3, programme_id);
  q.bind(4, person_id);
  q.exec();
}

std::vector<NextCohortAnswer> RotationRepository::answers(std::int64_t programme_id) {
  auto& q = prepare(db_,
                    "SELECT person_id, role, answer FROM next_cohort_answers"
                    " WHERE programme_id = ? ORDER BY person_id");
  q.bind(1, programme_id);
  std::vector<NextCohortAnswer> out;
  while (q.executeStep()) out.push_back(read_answer(q));
  return out;
}

std::optional<std::int64_t> RotationRepository::next_of(std::int64_t previous_programme_id) {
  return single_id(db_,
                   "SELECT next_programme_id FROM next_cohorts WHERE previous_programme_id = ?",
                   previous_programme_id);
}

std::optional<std::int64_t> RotationRepository::previous_of(std::int64_t next_programme_id) {
  return single_id(db_,
                   "SELECT previous_programme_id FROM next_cohorts WHERE next_programme_id = ?",
                   next_programme_id);
}

void RotationRepository::link(std::int64_t previous_programme_id, std::int64_t next_programme_id,
                              TimePoint now) {
  auto& q = prepare(db_,
                    "INSERT INTO next_cohorts(previous_programme_id, next_programme_id, created_at)"
                    " VALUES (?, ?, ?)");
  q.bind(1, previous_programme_id);
  q.bind(2, next_programme_id);
  q.bind(3, to_unix(now));
  q.exec();
}

void RotationRepository::move_participant(std::int64_t person_id, std::int64_t programme_id,
                                          Role role) {
  auto& q = prepare(db_,
                    "UPDATE participants SET programme_id = ?1, role = ?2,"
                    " orientation_acknowledged_at = CASE WHEN role = ?2"
                    " THEN orientation_acknowledged_at END WHERE person_id = ?3");
  q.bind(1, programme_id);
  q.bind(2, std::string(to_string(role)));
  q.bind(3, person_id);
  q.exec();
}

}  // namespace flipside::storage
