#include "intakes.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/statement_cache.hpp"

namespace flipside::storage {

namespace {
Intake read_intake(SQLite::Statement& q) {
  Intake i;
  i.person_id = q.getColumn(0).getInt64();
  i.programme_id = q.getColumn(1).getInt64();
  i.role = role_from_string(q.getColumn(2).getString()).value_or(Role::mentor);
  i.answers = q.getColumn(3).getString();
  i.complete = q.getColumn(4).getInt() != 0;
  i.reminders_sent = q.getColumn(5).getInt();
  i.updated_at = from_unix(q.getColumn(6).getInt64());
  return i;
}
constexpr const char* kColumns =
    "i.person_id, i.programme_id, i.role, i.answers, i.complete, i.reminders_sent, i.updated_at";
}  // namespace

std::optional<Intake> IntakeRepository::find(std::int64_t person_id, std::int64_t programme_id) {
  auto& q = prepare(db_, std::string("SELECT ") + kColumns +
                             " FROM intakes i WHERE i.person_id = ? AND i.programme_id = ?");
  q.bind(1, person_id);
  q.bind(2, programme_id);
  if (!q.executeStep()) return std::nullopt;
  return read_intake(q);
}

void IntakeRepository::save(const Intake& intake) {
  auto& q =
      prepare(db_,
              "INSERT INTO intakes(person_id, programme_id, role, answers, complete, updated_at)"
              " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(person_id, programme_id) DO UPDATE SET"
              " role = excluded.role, answers = excluded.answers,"
              " complete = excluded.complete, updated_at = excluded.updated_at");
  q.bind(1, intake.person_id);
  q.bind(2, intake.programme_id);
  q.bind(3, std::string(to_string(intake.role)));
  q.bind(4, intake.answers);
  q.bind(5, intake.complete ? 1 : 0);
  q.bind(6, to_unix(intake.updated_at));
  q.exec();
}

void IntakeRepository::count_reminder(std::int64_t person_id, std::int64_t programme_id) {
  auto& q = prepare(db_,
                    "UPDATE intakes SET reminders_sent = reminders_sent + 1"
                    " WHERE person_id = ? AND programme_id = ?");
  q.bind(1, person_id);
  q.bind(2, programme_id);
  q.exec();
}

std::vector<Intake> IntakeRepository::for_programme(std::int64_t programme_id) {
  auto& q = prepare(db_, std::string("SELECT ") + kColumns +
                             " FROM intakes i JOIN participants p ON p.person_id = i.person_id"
                             " AND p.programme_id = i.programme_id"
                             " WHERE i.programme_id = ? ORDER BY i.person_id");
  q.bind(1, programme_id);
  std::vector<Intake> out;
  while (q.executeStep()) out.push_back(read_intake(q));
  return out;
}

std::vector<std::pair<std::int64_t, Role>> IntakeRepository::participants_without_intake(
    std::int64_t programme_id) {
  auto& q = prepare(db_,
                    "SELECT person_id, role FROM participants p WHERE programme_id = ?"
                    " AND NOT EXISTS (SELECT 1 FROM intakes i WHERE i.person_id = p.person_id"
                    " AND i.programme_id = p.programme_id) ORDER BY person_id");
  q.bind(1, programme_id);
  std::vector<std::pair<std::int64_t, Role>> out;
  while (q.executeStep())
    out.emplace_back(q.getColumn(0).getInt64(),
                     role_from_string(q.getColumn(1).getString()).value_or(Role::mentor));
  return out;
}

void IntakeRepository::apply_org_answers(std::int64_t person_id, const OrgAnswers& a,
                                         TimePoint now) {
  auto& q = prepare(db_,
                    "UPDATE people SET title = nullif(?1, ''), department = nullif(?2, ''),"
                    " location = nullif(?3, ''), grade = ?4, manager_email = nullif(lower(?5), ''),"
                    " languages = nullif(?6, ''), time_zone = coalesce(nullif(?7, ''), time_zone),"
                    " updated_at = ?8 WHERE id = ?9");
  q.bind(1, a.title);
  q.bind(2, a.department);
  q.bind(3, a.location);
  if (a.grade)
    q.bind(4, *a.grade);
  else
    q.bind(4);
  q.bind(5, a.manager_email);
  q.bind(6, a.languages);
  q.bind(7, a.time_zone);
  q.bind(8, to_unix(now));
  q.bind(9, person_id);
  q.exec();
}

OrgAnswers IntakeRepository::org_answers(std::int64_t person_id) {
  auto& q = prepare(db_,
                    "SELECT coalesce(title, ''), coalesce(department, ''), coalesce(location, ''),"
                    " grade, coalesce(manager_email, ''), coalesce(languages, ''),"
                    " coalesce(time_zone, '') FROM people WHERE id = ?");
  q.bind(1, person_id);
  OrgAnswers a;
  if (!q.executeStep()) return a;
  a.title = q.getColumn(0).getString();
  a.department = q.getColumn(1).getString();
  a.location = q.getColumn(2).getString();
  if (!q.getColumn(3).isNull()) a.grade = q.getColumn(3).getInt();
  a.manager_email = q.getColumn(4).getString();
  a.languages = q.getColumn(5).getString();
  a.time_zone = q.getColumn(6).getString();
  return a;
}

}  // namespace flipside::storage
