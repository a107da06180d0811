#include "match_quality.hpp"

#include "storage/statement_cache.hpp"

namespace flipside::storage {

void MatchQualityRepository::record(const PairPrediction& p, TimePoint now) {
  auto& q =
      prepare(db_,
              "INSERT INTO pair_predictions(pair_id, score, skills, interests, learning_style,"
              " personality, diversity, availability, time_zone, recorded_at)"
              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(pair_id) DO NOTHING");
  q.bind(1, p.pair_id);
  q.bind(2, p.score);
  for (std::size_t i = 0; i < kScoreTermCount; ++i) q.bind(static_cast<int>(3 + i), p.terms[i]);
  q.bind(10, to_unix(now));
  q.exec();
}

std::vector<PairOutcomeRow> MatchQualityRepository::outcomes(std::int64_t programme_id) {
  auto& q = prepare(
      db_,
      "SELECT p.id, pp.score, pp.skills, pp.interests, pp.learning_style, pp.personality,"
      " pp.diversity, pp.availability, pp.time_zone, p.created_at,"
      " (SELECT count(*) FROM sessions s WHERE s.pair_id = p.id AND s.status = 'held'),"
      " (SELECT count(*) FROM sessions s WHERE s.pair_id = p.id AND s.status = 'missed'),"
      " (SELECT count(*) FROM goals g WHERE g.pair_id = p.id AND g.status IN ('agreed', 'done')),"
      " (SELECT count(*) FROM goals g WHERE g.pair_id = p.id AND g.status = 'done')"
      " FROM pairs p JOIN pair_predictions pp ON pp.pair_id = p.id"
      " WHERE p.programme_id = ? ORDER BY p.created_at, p.id");
  q.bind(1, programme_id);
  std::vector<PairOutcomeRow> rows;
  while (q.executeStep()) {
    PairOutcomeRow r;
    r.prediction.pair_id = q.getColumn(0).getInt64();
    r.prediction.score = q.getColumn(1).getDouble();
    for (std::size_t i = 0; i < kScoreTermCount; ++i)
      r.prediction.terms[i] = q.getColumn(static_cast<int>(2 + i)).getDouble();
    r.paired_at = from_unix(q.getColumn(9).getInt64());
    r.sessions_held = q.getColumn(10).getInt();
    r.sessions_missed = q.getColumn(11).getInt();
    r.goals_agreed = q.getColumn(12).getInt();
    r.goals_done = q.getColumn(13).getInt();
    rows.push_back(r);
  }
  return rows;
}

}  // namespace flipside::storage
