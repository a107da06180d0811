#include "audit.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/statement_cache.hpp"

namespace flipside::storage {

namespace {

void bind_optional(SQLite::Statement& q, int index, const std::optional<std::int64_t>& value) {
  if (value) {
    q.bind(index, *value);
  } else {
    q.bind(index);
  }
}

std::optional<std::int64_t> optional_id(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

}  // namespace

void AuditRepository::record(const AuditEntry& e) {
  auto& q = prepare(db_,
                    "INSERT INTO audit_log(at, actor_id, action, programme_id, subject_person_id,"
                    " subject_pair_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, to_unix(e.at));
  bind_optional(q, 2, e.actor_id);
  q.bind(3, e.action);
  bind_optional(q, 4, e.programme_id);
  bind_optional(q, 5, e.subject_person_id);
  bind_optional(q, 6, e.subject_pair_id);
  q.bind(7, e.detail);
  q.exec();
}

std::vector<AuditEntry> AuditRepository::recent(std::optional<std::int64_t> programme_id,
                                                int limit) {
  auto& q = prepare(db_,
                    "SELECT at, actor_id, action, programme_id, subject_person_id, subject_pair_id,"
                    " detail FROM audit_log WHERE ?1 IS NULL OR programme_id = ?1"
                    " ORDER BY at DESC, id DESC LIMIT ?2");
  bind_optional(q, 1, programme_id);
  q.bind(2, limit);
  std::vector<AuditEntry> out;
  while (q.executeStep())
    out.push_back({from_unix(q.getColumn(0).getInt64()), optional_id(q.getColumn(1)),
                   q.getColumn(2).getString(), optional_id(q.getColumn(3)),
                   optional_id(q.getColumn(4)), optional_id(q.getColumn(5)),
                   q.getColumn(6).getString()});
  return out;
}

}  // namespace flipside::storage
