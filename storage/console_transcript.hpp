#pragma once
// What the bot said to each local-console user, in order.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"

namespace flipside::storage {

struct ConsoleLine {
  std::int64_t id = 0;
  std::string message_json;
};

class ConsoleTranscriptRepository {
 public:
  explicit ConsoleTranscriptRepository(SQLite::Database& db) : db_(db) {}
  std::int64_t append(const std::string& user_id, const std::string& message_json, TimePoint now);
  std::vector<ConsoleLine> after(const std::string& user_id, std::int64_t after_id, int limit);

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
