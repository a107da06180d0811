#pragma once
// Durable scheduled work. A job is added at most once per idempotency key and runs when due.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>

#include "bot/core/clock.hpp"

namespace flipside::storage {

struct Job {
  std::int64_t id = 0;
  std::string route;
  std::optional<std::int64_t> person_id;
  std::string payload = "{}";
  TimePoint due_at;
  std::string idempotency_key;
  int attempts = 0;
};

class JobRepository {
 public:
  explicit JobRepository(SQLite::Database& db) : db_(db) {}

  // False when a job with this key exists already.
  bool schedule(const Job& job);
  // The oldest pending job due at or before `now`.
  std::optional<Job> next_due(TimePoint now);
  std::optional<TimePoint> next_due_at();
  void complete(std::int64_t id, TimePoint now);
  void retry(std::int64_t id, TimePoint at, const std::string& error);
  void fail(std::int64_t id, const std::string& error, TimePoint now);
  // Cancels a person's pending jobs whose route starts with `route_prefix` ("" for all).
  int cancel_for_person(std::int64_t person_id, const std::string& route_prefix, TimePoint now);
  std::int64_t count_due(TimePoint now);
  std::string status_of(const std::string& idempotency_key);

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
