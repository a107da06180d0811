#pragma once
// Mentor circles (issue #8): the circle of a programme, its rounds, who was asked in each round,
// and the anonymous answers (no person, no time, no order: see 0015_circles.sql).
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"
#include "bot/core/event.hpp"

namespace flipside::storage {

struct Circle {
  std::int64_t programme_id = 0;
  ConversationRef where;
  int every_days = 28;
  bool active = true;
  // When it was last started (unix seconds): a restart begins a new chain of rounds, and jobs of
  // the old chain see a different generation and stop.
  std::int64_t generation = 0;
};

struct CircleRound {
  std::int64_t id = 0;
  std::int64_t programme_id = 0;
  int number = 0;
  TimePoint opened_at;
  TimePoint closes_at;
  bool shared = false;
};

struct CircleAnswer {
  std::string worked;
  std::string stuck;
};

class CircleRepository {
 public:
  explicit CircleRepository(SQLite::Database& db) : db_(db) {}

  // Starts (or restarts, in a new place and rhythm) the programme's circle.
  void start(const Circle& circle, std::int64_t started_by, TimePoint now);
  void stop(std::int64_t programme_id);
  std::optional<Circle> find(std::int64_t programme_id);

  // The next round of the programme's circle, numbered after the last one.
  CircleRound open_round(std::int64_t programme_id, TimePoint now, TimePoint closes_at);
  std::optional<CircleRound> round(std::int64_t round_id);
  std::vector<CircleRound> rounds(std::int64_t programme_id);  // oldest first
  void mark_shared(std::int64_t round_id);

  void invite(std::int64_t round_id, std::int64_t person_id);
  int invited(std::int64_t round_id);
  // nullopt: not invited to this round; otherwise whether they answered.
  std::optional<bool> answered(std::int64_t round_id, std::int64_t person_id);
  // Marks the invite answered and stores the answer apart from it; false if already answered.
  bool answer(std::int64_t round_id, std::int64_t person_id, const CircleAnswer& answer);
  // Sorted by their random keys: an order unrelated to who answered or when.
  std::vector<CircleAnswer> answers(std::int64_t round_id);

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
