#include "console_transcript.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/statement_cache.hpp"

namespace flipside::storage {

std::int64_t ConsoleTranscriptRepository::append(const std::string& user_id,
                                                 const std::string& message_json, TimePoint now) {
  auto& q =
      prepare(db_, "INSERT INTO console_messages(user_id, message, created_at) VALUES (?, ?, ?)");
  q.bind(1, user_id);
  q.bind(2, message_json);
  q.bind(3, to_unix(now));
  q.exec();
  return db_.getLastInsertRowid();
}

std::vector<ConsoleLine> ConsoleTranscriptRepository::after(const std::string& user_id,
                                                            std::int64_t after_id, int limit) {
  auto& q = prepare(db_,
                    "SELECT id, message FROM console_messages WHERE user_id = ? AND id > ?"
                    " ORDER BY id LIMIT ?");
  q.bind(1, user_id);
  q.bind(2, after_id);
  q.bind(3, limit);
  std::vector<ConsoleLine> out;
  while (q.executeStep()) out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString()});
  return out;
}

}  // namespace flipside::storage
