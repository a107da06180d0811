#pragma once
// A programme's data as tables for the `export` CSV files, and the expiring links that serve them.
// Participants, pairs, sessions and goals name people (managers may see those); pulse answers
// never come from here: their aggregates go through handlers/pulse's anonymity rules.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"

namespace flipside::storage {

// A header row, then data rows, all as text.
using Table = std::vector<std::vector<std::string>>;

struct ExportLink {
  std::int64_t programme_id = 0;
  std::int64_t manager_id = 0;
  bool expired = false;
};

class ExportRepository {
 public:
  explicit ExportRepository(SQLite::Database& db) : db_(db) {}

  // A new link's token, valid until `expires_at`.
  std::string create_link(std::int64_t programme_id, std::int64_t manager_id, TimePoint now,
                          TimePoint expires_at);
  // nullopt for a token that was never issued.
  std::optional<ExportLink> find_link(const std::string& token, TimePoint now);

  Table participants(std::int64_t programme_id);
  Table pairs(std::int64_t programme_id);
  Table sessions(std::int64_t programme_id);
  Table goals(std::int64_t programme_id);

 private:
  Table query(const char* sql, std::int64_t programme_id, std::vector<std::string> header);
  SQLite::Database& db_;
};

}  // namespace flipside::storage
