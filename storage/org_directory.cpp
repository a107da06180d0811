#include "org_directory.hpp"

#include <SQLiteCpp/Statement.h>

#include <stdexcept>

#include "storage/statement_cache.hpp"

namespace flipside::storage {

std::string lower_ascii(std::string s) {
  for (auto& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

namespace {

std::string join_languages(const std::vector<std::string>& languages) {
  std::string out;
  for (const auto& l : languages) {
    if (l.empty()) continue;
    if (!out.empty()) out += ',';
    out += lower_ascii(l);
  }
  return out;
}

std::vector<std::string> split_languages(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

OrgRecord normalised(const OrgRecord& r) {
  OrgRecord n = r;
  n.email = lower_ascii(r.email);
  n.manager_email = lower_ascii(r.manager_email);
  n.languages = split_languages(join_languages(r.languages));
  return n;
}

void bind_text_or_null(SQLite::Statement& q, int index, const std::string& value) {
  if (value.empty()) {
    q.bind(index);  // NULL
  } else {
    q.bind(index, value);
  }
}

// Parameters 1-8 of both the INSERT and the UPDATE: the record's own columns.
void bind_record(SQLite::Statement& q, const OrgRecord& r) {
  q.bind(1, r.email);
  q.bind(2, r.display_name);
  bind_text_or_null(q, 3, r.title);
  bind_text_or_null(q, 4, r.department);
  bind_text_or_null(q, 5, r.location);
  if (r.grade) {
    q.bind(6, *r.grade);
  } else {
    q.bind(6);
  }
  bind_text_or_null(q, 7, r.manager_email);
  bind_text_or_null(q, 8, join_languages(r.languages));
}

}  // namespace

std::optional<std::int64_t> OrgDirectory::find_by_email(const std::string& email) {
  if (email.empty()) return std::nullopt;
  const auto lower = lower_ascii(email);
  // Exact match first (the unique index); then any spelling, for an email a platform gave us in
  // mixed case before the import.
  auto& exact = prepare(db_, "SELECT id FROM people WHERE email = ?");
  exact.bind(1, lower);
  if (exact.executeStep()) return exact.getColumn(0).getInt64();
  auto& any = prepare(db_, "SELECT id FROM people WHERE lower(email) = ? ORDER BY id LIMIT 1");
  any.bind(1, lower);
  if (any.executeStep()) return any.getColumn(0).getInt64();
  return std::nullopt;
}

std::optional<OrgRecord> OrgDirectory::find(std::int64_t person_id) {
  auto& q = prepare(db_,
                    "SELECT coalesce(email, ''), display_name, coalesce(title, ''),"
                    " coalesce(department, ''), coalesce(location, ''), grade,"
                    " coalesce(manager_email, ''), coalesce(languages, '')"
                    " FROM people WHERE id = ?");
  q.bind(1, person_id);
  if (!q.executeStep()) return std::nullopt;
  OrgRecord r;
  r.email = q.getColumn(0).getString();
  r.display_name = q.getColumn(1).getString();
  r.title = q.getColumn(2).getString();
  r.department = q.getColumn(3).getString();
  r.location = q.getColumn(4).getString();
  if (!q.getColumn(5).isNull()) r.grade = q.getColumn(5).getInt();
  r.manager_email = q.getColumn(6).getString();
  r.languages = split_languages(q.getColumn(7).getString());
  return r;
}

UpsertOutcome OrgDirectory::upsert(const OrgRecord& record, TimePoint now) {
  if (record.email.empty()) throw std::invalid_argument("OrgDirectory::upsert: empty email");
  const auto r = normalised(record);
  const auto id = find_by_email(r.email);
  if (id) {
    if (find(*id) == r) return UpsertOutcome::unchanged;
    auto& q = prepare(db_,
                      "UPDATE people SET email = ?, display_name = ?, title = ?, department = ?,"
                      " location = ?, grade = ?, manager_email = ?, languages = ?, updated_at = ?"
                      " WHERE id = ?");
    bind_record(q, r);
    q.bind(9, to_unix(now));
    q.bind(10, *id);
    q.exec();
    return UpsertOutcome::updated;
  }
  auto& q = prepare(db_,
                    "INSERT INTO people(email, display_name, title, department, location, grade,"
                    " manager_email, languages, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  bind_record(q, r);
  q.bind(9, to_unix(now));
  q.bind(10, to_unix(now));
  q.exec();
  return UpsertOutcome::created;
}

std::optional<std::int64_t> OrgDirectory::manager_of(std::int64_t person_id) {
  auto& q = prepare(db_, "SELECT manager_email FROM people WHERE id = ?");
  q.bind(1, person_id);
  if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
  const auto manager_email = q.getColumn(0).getString();
  auto manager = find_by_email(manager_email);
  if (manager == person_id) return std::nullopt;
  return manager;
}

}  // namespace flipside::storage
