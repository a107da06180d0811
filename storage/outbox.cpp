#include "outbox.hpp"

#include <mutex>
#include <set>

#include <SQLiteCpp/Statement.h>

#include "storage/statement_cache.hpp"

#include <algorithm>

namespace flipside::storage {

namespace {
std::mutex enqueued_mutex;
std::set<const SQLite::Database*> enqueued_on;
}  // namespace

bool take_outbox_enqueued(const SQLite::Database& db) {
  std::lock_guard lock(enqueued_mutex);
  return enqueued_on.erase(&db) > 0;
}

bool OutboxRepository::enqueue(const OutboxItem& item, TimePoint now) {
  // The person link is only kept if the person still exists: an adapter queues the reply to
  // `forget-me` after the handler deleted its sender in the same transaction. That reply still
  // goes to its address, pointing at no one, instead of failing the foreign key.
  auto& q = prepare(db_,
                    "INSERT INTO outbox(idempotency_key, person_id, platform, workspace, user_id,"
                    " conversation_id, service_url, message, next_attempt_at, created_at)"
                    " VALUES (?, (SELECT id FROM people WHERE id = ?), ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT(idempotency_key) DO NOTHING");
  q.bind(1, item.idempotency_key);
  if (item.person_id) {
    q.bind(2, *item.person_id);
  } else {
    q.bind(2);  // NULL
  }
  q.bind(3, std::string(to_string(item.address.platform)));
  q.bind(4, item.address.workspace);
  q.bind(5, item.user_id);
  q.bind(6, item.address.conversation_id);
  q.bind(7, item.address.service_url);
  q.bind(8, item.message_json);
  q.bind(9, to_unix(now));
  q.bind(10, to_unix(now));
  if (q.exec() != 1) return false;
  std::lock_guard lock(enqueued_mutex);
  enqueued_on.insert(&db_);
  return true;
}

std::vector<OutboxRow> OutboxRepository::claim_due(TimePoint now, int limit) {
  auto& q = prepare(db_,
                    "UPDATE outbox SET status = 'sending', attempts = attempts + 1"
                    " WHERE id IN (SELECT id FROM outbox WHERE status = 'pending'"
                    "   AND next_attempt_at <= ? ORDER BY id LIMIT ?)"
                    " RETURNING id, idempotency_key, person_id, platform, workspace, user_id,"
                    "   conversation_id, service_url, message, attempts");
  q.bind(1, to_unix(now));
  q.bind(2, limit);
  std::vector<OutboxRow> rows;
  while (q.executeStep()) {
    OutboxRow r;
    r.id = q.getColumn(0).getInt64();
    r.item.idempotency_key = q.getColumn(1).getString();
    if (!q.getColumn(2).isNull()) r.item.person_id = q.getColumn(2).getInt64();
    r.item.address.platform =
        platform_from_string(q.getColumn(3).getString()).value_or(Platform::console);
    r.item.address.workspace = q.getColumn(4).getString();
    r.item.user_id = q.getColumn(5).getString();
    r.item.address.conversation_id = q.getColumn(6).getString();
    r.item.address.service_url = q.getColumn(7).getString();
    r.item.message_json = q.getColumn(8).getString();
    r.attempts = q.getColumn(9).getInt();
    rows.push_back(std::move(r));
  }
  // RETURNING gives no order guarantee; deliver oldest first.
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return rows;
}

void OutboxRepository::mark_sent(std::int64_t id, TimePoint now) {
  auto& q = prepare(
      db_, "UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL WHERE id = ?");
  q.bind(1, to_unix(now));
  q.bind(2, id);
  q.exec();
}

void OutboxRepository::mark_retry(std::int64_t id, TimePoint next_attempt,
                                  const std::string& error) {
  auto& q = prepare(
      db_,
      "UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ?");
  q.bind(1, to_unix(next_attempt));
  q.bind(2, error);
  q.bind(3, id);
  q.exec();
}

void OutboxRepository::mark_failed(std::int64_t id, const std::string& error) {
  auto& q = prepare(db_, "UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?");
  q.bind(1, error);
  q.bind(2, id);
  q.exec();
}

int OutboxRepository::fail_pending_for(Platform platform, const std::string& workspace,
                                       const std::string& user_id, const std::string& error) {
  auto& q = prepare(db_,
                    "UPDATE outbox SET status = 'failed', last_error = ? WHERE status = 'pending'"
                    " AND platform = ? AND workspace = ? AND user_id = ?");
  q.bind(1, error);
  q.bind(2, std::string(to_string(platform)));
  q.bind(3, workspace);
  q.bind(4, user_id);
  return q.exec();
}

void OutboxRepository::mark_deferred(std::int64_t id, TimePoint next_attempt) {
  auto& q = prepare(
      db_,
      "UPDATE outbox SET status = 'pending', next_attempt_at = ?, attempts = max(attempts - 1, 0)"
      " WHERE id = ?");
  q.bind(1, to_unix(next_attempt));
  q.bind(2, id);
  q.exec();
}

int OutboxRepository::requeue_interrupted() {
  return db_.exec("UPDATE outbox SET status = 'pending' WHERE status = 'sending'");
}

std::int64_t OutboxRepository::depth() {
  return db_.execAndGet("SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')")
      .getInt64();
}

std::optional<TimePoint> OutboxRepository::next_attempt_at() {
  auto v = db_.execAndGet("SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending'");
  if (v.isNull()) return std::nullopt;
  return from_unix(v.getInt64());
}

std::string OutboxRepository::status_of(const std::string& idempotency_key) {
  auto& q = prepare(db_, "SELECT status FROM outbox WHERE idempotency_key = ?");
  q.bind(1, idempotency_key);
  return q.executeStep() ? q.getColumn(0).getString() : std::string{};
}

}  // namespace flipside::storage
