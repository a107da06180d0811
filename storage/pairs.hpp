#pragma once
// Who was paired with whom (this programme and earlier ones), and pairs that must never be made.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bot/core/clock.hpp"

namespace flipside::storage {

struct Pair {
  std::int64_t id = 0;
  std::int64_t programme_id = 0;
  std::int64_t mentor_id = 0;
  std::int64_t mentee_id = 0;
  std::string source;  // matched | manual
  std::string reason;
  TimePoint created_at;
  std::optional<TimePoint> ended_at;
};

class PairRepository {
 public:
  explicit PairRepository(SQLite::Database& db) : db_(db) {}

  // Every (mentor, mentee) ever paired in another programme than `programme_id`.
  std::vector<std::pair<std::int64_t, std::int64_t>> earlier_pairs(std::int64_t programme_id);
  // Pairs that must never be made, each once as (smaller id, larger id).
  std::vector<std::pair<std::int64_t, std::int64_t>> do_not_pair();
  // (person, their manager) for everyone whose manager_email names a known person.
  std::vector<std::pair<std::int64_t, std::int64_t>> manager_links();
  std::vector<Pair> active(std::int64_t programme_id);

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
