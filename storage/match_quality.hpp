#pragma once
// Match quality (issue #8): each pair's predicted score as the matcher saw it when the pair formed,
// and what became of the pair (sessions held and missed, goals agreed and done), read back
// together for the programme manager's report.
#include <SQLiteCpp/Database.h>

#include <array>
#include <cstdint>
#include <vector>

#include "bot/core/clock.hpp"

namespace flipside::storage {

// In the order of matching::ScoreTerms: skills, interests, learning style, personality,
// diversity, availability, time zone.
inline constexpr std::size_t kScoreTermCount = 7;
using TermValues = std::array<double, kScoreTermCount>;

struct PairPrediction {
  std::int64_t pair_id = 0;
  double score = 0;  // 0..100
  TermValues terms{};
};

struct PairOutcomeRow {
  PairPrediction prediction;
  TimePoint paired_at;
  int sessions_held = 0;
  int sessions_missed = 0;
  int goals_agreed = 0;  // agreed or done: the goals the pair committed to
  int goals_done = 0;
};

class MatchQualityRepository {
 public:
  explicit MatchQualityRepository(SQLite::Database& db) : db_(db) {}

  // Keeps the first prediction for a pair: a later call (a re-run) changes nothing.
  void record(const PairPrediction& prediction, TimePoint now);
  // Every pair of the programme that has a prediction, oldest first, with its outcome so far.
  std::vector<PairOutcomeRow> outcomes(std::int64_t programme_id);

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
