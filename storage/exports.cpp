#include "exports.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/statement_cache.hpp"
#include "storage/tokens.hpp"

namespace flipside::storage {

std::string ExportRepository::create_link(std::int64_t programme_id, std::int64_t manager_id,
                                          TimePoint now, TimePoint expires_at) {
  const auto token = random_token();
  auto& q = prepare(db_,
                    "INSERT INTO programme_export_links(token_sha256, programme_id, manager_id,"
                    " created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
  q.bind(1, sha256_hex(token));
  q.bind(2, programme_id);
  q.bind(3, manager_id);
  q.bind(4, to_unix(now));
  q.bind(5, to_unix(expires_at));
  q.exec();
  return token;
}

std::optional<ExportLink> ExportRepository::find_link(const std::string& token, TimePoint now) {
  auto& q = prepare(db_,
                    "SELECT programme_id, manager_id, expires_at FROM programme_export_links"
                    " WHERE token_sha256 = ?");
  q.bind(1, sha256_hex(token));
  if (!q.executeStep()) return std::nullopt;
  return ExportLink{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                    to_unix(now) >= q.getColumn(2).getInt64()};
}

Table ExportRepository::query(const char* sql, std::int64_t programme_id,
                              std::vector<std::string> header) {
  auto& q = prepare(db_, sql);
  q.bind(1, programme_id);
  Table out{std::move(header)};
  while (q.executeStep()) {
    std::vector<std::string> row;
    for (int i = 0; i < q.getColumnCount(); ++i)
      row.push_back(q.getColumn(i).isNull() ? "" : q.getColumn(i).getString());
    out.push_back(std::move(row));
  }
  return out;
}

// Times leave SQLite as ISO 8601 UTC, which every spreadsheet reads.
Table ExportRepository::participants(std::int64_t programme_id) {
  return query(
      "SELECT p.display_name, p.email, pa.role,"
      " coalesce(nullif(p.department, ''), json_extract(i.answers, '$.department'), ''), "
      "p.time_zone,"
      " CASE WHEN i.complete = 1 THEN 'yes' ELSE 'no' END,"
      " strftime('%Y-%m-%dT%H:%M:%SZ', pa.joined_at, 'unixepoch')"
      " FROM participants pa JOIN people p ON p.id = pa.person_id"
      " LEFT JOIN intakes i ON i.person_id = pa.person_id AND i.programme_id = pa.programme_id"
      " WHERE pa.programme_id = ? ORDER BY pa.role, p.display_name",
      programme_id,
      {"name", "email", "role", "department", "time_zone", "intake_done", "joined_at"});
}

Table ExportRepository::pairs(std::int64_t programme_id) {
  return query(
      "SELECT pr.id, m.display_name, m.email, e.display_name, e.email, pr.source,"
      " strftime('%Y-%m-%dT%H:%M:%SZ', pr.created_at, 'unixepoch'),"
      " CASE WHEN pr.ended_at IS NOT NULL THEN 'ended' WHEN pr.paused_at IS NOT NULL THEN 'paused'"
      " ELSE 'active' END,"
      " coalesce(strftime('%Y-%m-%dT%H:%M:%SZ', pr.ended_at, 'unixepoch'), ''),"
      " coalesce(pr.end_reason, ''), pr.missed_in_a_row"
      " FROM pairs pr JOIN people m ON m.id = pr.mentor_id JOIN people e ON e.id = pr.mentee_id"
      " WHERE pr.programme_id = ? ORDER BY pr.id",
      programme_id,
      {"pair_id", "mentor", "mentor_email", "mentee", "mentee_email", "source", "paired_at",
       "status", "ended_at", "end_reason", "missed_in_a_row"});
}

Table ExportRepository::sessions(std::int64_t programme_id) {
  return query(
      "SELECT s.pair_id, s.number, strftime('%Y-%m-%dT%H:%M:%SZ', s.starts_at, 'unixepoch'),"
      " s.minutes, s.status, CASE WHEN s.series_id IS NULL THEN 'no' ELSE 'yes' END"
      " FROM sessions s JOIN pairs pr ON pr.id = s.pair_id WHERE pr.programme_id = ?"
      " ORDER BY s.pair_id, s.starts_at",
      programme_id, {"pair_id", "number", "starts_at_utc", "minutes", "status", "in_series"});
}

Table ExportRepository::goals(std::int64_t programme_id) {
  return query(
      "SELECT g.pair_id, g.specific, g.measurable, g.due_date, g.status, g.progress"
      " FROM goals g JOIN pairs pr ON pr.id = g.pair_id WHERE pr.programme_id = ?"
      " AND g.status <> 'replaced' ORDER BY g.pair_id, g.id",
      programme_id, {"pair_id", "goal", "measure", "due", "status", "progress_percent"});
}

}  // namespace flipside::storage
