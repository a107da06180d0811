#include "jobs.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/statement_cache.hpp"

namespace flipside::storage {

bool JobRepository::schedule(const Job& job) {
  auto& q = prepare(db_,
                    "INSERT INTO jobs(route, person_id, payload, due_at, idempotency_key)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT(idempotency_key) DO NOTHING");
  q.bind(1, job.route);
  if (job.person_id) {
    q.bind(2, *job.person_id);
  } else {
    q.bind(2);
  }
  q.bind(3, job.payload);
  q.bind(4, to_unix(job.due_at));
  q.bind(5, job.idempotency_key);
  return q.exec() == 1;
}

std::optional<Job> JobRepository::next_due(TimePoint now) {
  auto& q =
      prepare(db_,
              "SELECT id, route, person_id, payload, due_at, idempotency_key, attempts FROM jobs"
              " WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT 1");
  q.bind(1, to_unix(now));
  if (!q.executeStep()) return std::nullopt;
  Job j;
  j.id = q.getColumn(0).getInt64();
  j.route = q.getColumn(1).getString();
  if (!q.getColumn(2).isNull()) j.person_id = q.getColumn(2).getInt64();
  j.payload = q.getColumn(3).getString();
  j.due_at = from_unix(q.getColumn(4).getInt64());
  j.idempotency_key = q.getColumn(5).getString();
  j.attempts = q.getColumn(6).getInt();
  return j;
}

std::optional<TimePoint> JobRepository::next_due_at() {
  auto v = db_.execAndGet("SELECT min(due_at) FROM jobs WHERE status = 'pending'");
  if (v.isNull()) return std::nullopt;
  return from_unix(v.getInt64());
}

void JobRepository::complete(std::int64_t id, TimePoint now) {
  auto& q = prepare(
      db_,
      "UPDATE jobs SET status = 'done', attempts = attempts + 1, finished_at = ? WHERE id = ?");
  q.bind(1, to_unix(now));
  q.bind(2, id);
  q.exec();
}

void JobRepository::retry(std::int64_t id, TimePoint at, const std::string& error) {
  auto& q = prepare(
      db_, "UPDATE jobs SET due_at = ?, attempts = attempts + 1, last_error = ? WHERE id = ?");
  q.bind(1, to_unix(at));
  q.bind(2, error);
  q.bind(3, id);
  q.exec();
}

void JobRepository::fail(std::int64_t id, const std::string& error, TimePoint now) {
  auto& q = prepare(db_,
                    "UPDATE jobs SET status = 'failed', attempts = attempts + 1, last_error = ?,"
                    " finished_at = ? WHERE id = ?");
  q.bind(1, error);
  q.bind(2, to_unix(now));
  q.bind(3, id);
  q.exec();
}

int JobRepository::cancel_for_person(std::int64_t person_id, const std::string& route_prefix,
                                     TimePoint now) {
  auto& q = prepare(db_,
                    "UPDATE jobs SET status = 'cancelled', finished_at = ? WHERE person_id = ?"
                    " AND status = 'pending' AND substr(route, 1, length(?)) = ?");
  q.bind(1, to_unix(now));
  q.bind(2, person_id);
  q.bind(3, route_prefix);
  q.bind(4, route_prefix);
  return q.exec();
}

std::int64_t JobRepository::count_due(TimePoint now) {
  auto& q = prepare(db_, "SELECT count(*) FROM jobs WHERE status = 'pending' AND due_at <= ?");
  q.bind(1, to_unix(now));
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::string JobRepository::status_of(const std::string& idempotency_key) {
  auto& q = prepare(db_, "SELECT status FROM jobs WHERE idempotency_key = ?");
  q.bind(1, idempotency_key);
  return q.executeStep() ? q.getColumn(0).getString() : std::string{};
}

}  // namespace flipside::storage
