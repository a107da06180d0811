#pragma once
// The audit log of programme managers' actions (issue #7): who did what to which pair, person or
// programme, and when. Append-only from the handlers' point of view.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"

namespace flipside::storage {

struct AuditEntry {
  TimePoint at;
  std::optional<std::int64_t> actor_id;  // nullopt: the system
  std::string action;                    // "pair.pause", "pair.end", "pair.manual", ...
  std::optional<std::int64_t> programme_id;
  std::optional<std::int64_t> subject_person_id;
  std::optional<std::int64_t> subject_pair_id;
  std::string detail;  // a reason a manager typed; never survey answers
};

class AuditRepository {
 public:
  explicit AuditRepository(SQLite::Database& db) : db_(db) {}
  void record(const AuditEntry& entry);
  // Newest first, at most `limit`; all programmes when `programme_id` is nullopt.
  std::vector<AuditEntry> recent(std::optional<std::int64_t> programme_id, int limit);

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
