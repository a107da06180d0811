#pragma once
// Messages waiting to be delivered. Enqueued in the same transaction as the state change that
// caused them; delivered at least once by the outbox dispatcher; enqueued at most once per key.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"
#include "bot/core/event.hpp"

namespace flipside::storage {

struct OutboxItem {
  std::string idempotency_key;
  std::optional<std::int64_t> person_id;
  ConversationRef address;
  std::string user_id;       // the recipient on that platform, when addressed to a person
  std::string message_json;  // ui::Message
};

struct OutboxRow {
  std::int64_t id = 0;
  OutboxItem item;
  int attempts = 0;  // including the one just claimed
};

// True (once) if a message was queued on this connection since the last call. The app wakes the
// outbox dispatcher only then: waking it after every request cost two transactions per Slack
// acknowledgement that had nothing to deliver. (A rolled-back enqueue only causes a spare wake-up.)
bool take_outbox_enqueued(const SQLite::Database& db);

class OutboxRepository {
 public:
  explicit OutboxRepository(SQLite::Database& db) : db_(db) {}

  // False when a row with this key exists already: nothing is added.
  bool enqueue(const OutboxItem& item, TimePoint now);
  // Marks up to `limit` due rows as being sent and returns them, oldest first.
  std::vector<OutboxRow> claim_due(TimePoint now, int limit);
  void mark_sent(std::int64_t id, TimePoint now);
  void mark_retry(std::int64_t id, TimePoint next_attempt, const std::string& error);
  void mark_failed(std::int64_t id, const std::string& error);
  // Fails every pending row addressed to this identity; returns how many.
  int fail_pending_for(Platform platform, const std::string& workspace, const std::string& user_id,
                       const std::string& error);
  // Back to the queue without using up an attempt (the platform was not even tried).
  void mark_deferred(std::int64_t id, TimePoint next_attempt);
  // Rows a crashed process had claimed go back to the queue (at-least-once delivery).
  int requeue_interrupted();

  std::int64_t depth();  // pending + sending
  std::optional<TimePoint> next_attempt_at();
  std::string status_of(const std::string& idempotency_key);

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
