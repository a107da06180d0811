#include "programmes.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/statement_cache.hpp"

namespace flipside::storage {

namespace {
constexpr const char* kColumns =
    "id, name, focus_areas, skills, start_date, length_months, cadence, session_minutes,"
    " matching_mode, shortlist_size, answer_days, settings, status, created_by, created_at";

Programme read_programme(SQLite::Statement& q) {
  Programme p;
  p.id = q.getColumn(0).getInt64();
  p.name = q.getColumn(1).getString();
  p.focus_areas = q.getColumn(2).getString();
  p.skills = q.getColumn(3).getString();
  p.start_date = q.getColumn(4).getString();
  p.length_months = q.getColumn(5).getInt();
  p.cadence = q.getColumn(6).getString();
  p.session_minutes = q.getColumn(7).getInt();
  p.matching_mode = q.getColumn(8).getString();
  p.shortlist_size = q.getColumn(9).getInt();
  p.answer_days = q.getColumn(10).getInt();
  p.settings = q.getColumn(11).getString();
  p.status = q.getColumn(12).getString();
  if (!q.getColumn(13).isNull()) p.created_by = q.getColumn(13).getInt64();
  p.created_at = from_unix(q.getColumn(14).getInt64());
  return p;
}

std::vector<Programme> read_all(SQLite::Statement& q) {
  std::vector<Programme> out;
  while (q.executeStep()) out.push_back(read_programme(q));
  return out;
}

// Binds the editable fields as ?1..?11 in the order of kColumns.
void bind_fields(SQLite::Statement& q, const Programme& p) {
  q.bind(1, p.name);
  q.bind(2, p.focus_areas);
  q.bind(3, p.skills);
  q.bind(4, p.start_date);
  q.bind(5, p.length_months);
  q.bind(6, p.cadence);
  q.bind(7, p.session_minutes);
  q.bind(8, p.matching_mode);
  q.bind(9, p.shortlist_size);
  q.bind(10, p.answer_days);
  q.bind(11, p.settings);
}
}  // namespace

std::int64_t ProgrammeRepository::create(const Programme& p) {
  auto& q = prepare(db_,
                    "INSERT INTO programmes(name, focus_areas, skills, start_date, length_months,"
                    " cadence, session_minutes, matching_mode, shortlist_size, answer_days,"
                    " settings, status, created_by, created_at)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
  bind_fields(q, p);
  q.bind(12, p.status);
  if (p.created_by)
    q.bind(13, *p.created_by);
  else
    q.bind(13);
  q.bind(14, to_unix(p.created_at));
  q.exec();
  return db_.getLastInsertRowid();
}

void ProgrammeRepository::update(const Programme& p) {
  auto& q = prepare(db_,
                    "UPDATE programmes SET name = ?1, focus_areas = ?2, skills = ?3,"
                    " start_date = ?4, length_months = ?5, cadence = ?6, session_minutes = ?7,"
                    " matching_mode = ?8, shortlist_size = ?9, answer_days = ?10, settings = ?11"
                    " WHERE id = ?12");
  bind_fields(q, p);
  q.bind(12, p.id);
  q.exec();
}

std::optional<Programme> ProgrammeRepository::find(std::int64_t id) {
  auto& q = prepare(db_, std::string("SELECT ") + kColumns + " FROM programmes WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_programme(q);
}

std::optional<Programme> ProgrammeRepository::find_by_name(const std::string& name) {
  auto& q = prepare(db_, std::string("SELECT ") + kColumns + " FROM programmes WHERE name = ?");
  q.bind(1, name);
  if (!q.executeStep()) return std::nullopt;
  return read_programme(q);
}

std::optional<Programme> ProgrammeRepository::named_or_newest(const std::string& name) {
  if (!name.empty()) return find_by_name(name);
  auto newest = all();
  if (newest.empty()) return std::nullopt;
  return newest.front();
}

std::vector<Programme> ProgrammeRepository::all() {
  auto& q = prepare(db_, std::string("SELECT ") + kColumns + " FROM programmes ORDER BY id DESC");
  return read_all(q);
}

std::vector<Programme> ProgrammeRepository::open_for_intake() {
  auto& q = prepare(db_, std::string("SELECT ") + kColumns +
                             " FROM programmes WHERE status = 'intake' ORDER BY id DESC");
  return read_all(q);
}

void ProgrammeRepository::set_status(std::int64_t id, const std::string& status) {
  auto& q = prepare(db_, "UPDATE programmes SET status = ? WHERE id = ?");
  q.bind(1, status);
  q.bind(2, id);
  q.exec();
}

ProgrammeCounts ProgrammeRepository::counts(std::int64_t programme_id) {
  auto& q = prepare(db_,
                    "SELECT coalesce(sum(role = 'mentor'), 0), coalesce(sum(role = 'mentee'), 0),"
                    " (SELECT count(*) FROM intakes i WHERE i.programme_id = ?1 AND i.complete = 1"
                    "  AND EXISTS (SELECT 1 FROM participants x WHERE x.person_id = i.person_id"
                    "   AND x.programme_id = ?1))"
                    " FROM participants WHERE programme_id = ?1");
  q.bind(1, programme_id);
  q.executeStep();
  return {q.getColumn(0).getInt(), q.getColumn(1).getInt(), q.getColumn(2).getInt()};
}

std::vector<std::int64_t> ProgrammeRepository::adopt_waiting_participants(
    std::int64_t programme_id) {
  std::vector<std::int64_t> ids;
  {
    auto& q = prepare(db_, "SELECT person_id FROM participants WHERE programme_id IS NULL");
    while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
  }
  auto& u = prepare(db_, "UPDATE participants SET programme_id = ? WHERE programme_id IS NULL");
  u.bind(1, programme_id);
  u.exec();
  return ids;
}

void ProgrammeRepository::add_manager(std::int64_t programme_id, std::int64_t person_id) {
  auto& q = prepare(db_,
                    "INSERT OR IGNORE INTO programme_managers(programme_id, person_id)"
                    " VALUES (?, ?)");
  q.bind(1, programme_id);
  q.bind(2, person_id);
  q.exec();
}

std::vector<std::int64_t> ProgrammeRepository::managers(std::int64_t programme_id) {
  auto& q = prepare(db_,
                    "SELECT person_id FROM programme_managers WHERE programme_id = ?"
                    " ORDER BY person_id");
  q.bind(1, programme_id);
  std::vector<std::int64_t> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
  return out;
}

bool ManagerRepository::is_manager(std::int64_t person_id) {
  auto& q = prepare(db_, "SELECT 1 FROM managers WHERE person_id = ?");
  q.bind(1, person_id);
  return q.executeStep();
}

bool ManagerRepository::add(std::int64_t person_id, std::optional<std::int64_t> added_by,
                            TimePoint now) {
  auto& q = prepare(
      db_, "INSERT OR IGNORE INTO managers(person_id, added_by, added_at) VALUES (?, ?, ?)");
  q.bind(1, person_id);
  if (added_by)
    q.bind(2, *added_by);
  else
    q.bind(2);
  q.bind(3, to_unix(now));
  return q.exec() > 0;
}

bool ManagerRepository::remove(std::int64_t person_id) {
  auto& q = prepare(db_, "DELETE FROM managers WHERE person_id = ?");
  q.bind(1, person_id);
  return q.exec() > 0;
}

std::vector<std::int64_t> ManagerRepository::all() {
  auto& q = prepare(db_, "SELECT person_id FROM managers ORDER BY person_id");
  std::vector<std::int64_t> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
  return out;
}

}  // namespace flipside::storage
