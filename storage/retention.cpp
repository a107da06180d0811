#include "retention.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/statement_cache.hpp"

namespace flipside::storage {

namespace {

int run(SQLite::Database& db, const char* sql, std::int64_t programme_id) {
  auto& q = prepare(db, sql);
  q.bind(1, programme_id);
  return q.exec();
}

constexpr const char* kPairsOf = "(SELECT id FROM pairs WHERE programme_id = ?1)";

}  // namespace

PurgeCounts RetentionRepository::purge_programme(std::int64_t programme_id) {
  PurgeCounts c;
  const std::string in_pairs = std::string(" WHERE pair_id IN ") + kPairsOf;
  // Check-ins go with their sessions (ON DELETE CASCADE); series after their occurrences.
  c.sessions = run(db_, ("DELETE FROM sessions" + in_pairs).c_str(), programme_id);
  run(db_, ("DELETE FROM series" + in_pairs).c_str(), programme_id);
  c.goals = run(db_, ("DELETE FROM goals" + in_pairs).c_str(), programme_id);
  c.wrapups = run(db_, ("DELETE FROM wrapups" + in_pairs).c_str(), programme_id);
  // A prediction is only worth keeping beside the outcome it is compared with, which just went.
  run(db_, ("DELETE FROM pair_predictions" + in_pairs).c_str(), programme_id);
  run(db_, ("DELETE FROM presentation_slots" + in_pairs).c_str(), programme_id);
  run(db_, "UPDATE pairs SET reason = '', end_reason = '' WHERE programme_id = ?1", programme_id);
  c.intakes = run(db_, "DELETE FROM intakes WHERE programme_id = ?1", programme_id);
  // Confidence ratings name their person (to pair before with after): they go with the intakes.
  run(db_, "DELETE FROM impact_ratings WHERE programme_id = ?1", programme_id);
  c.offers = run(db_, "DELETE FROM offers WHERE programme_id = ?1", programme_id);
  run(db_, "DELETE FROM shortlists WHERE programme_id = ?1", programme_id);
  // Mentor-circle rounds take their invitations and anonymous answers with them.
  run(db_, "DELETE FROM circle_rounds WHERE programme_id = ?1", programme_id);
  run(db_, "DELETE FROM circles WHERE programme_id = ?1", programme_id);
  c.pulse_invites = run(db_, "DELETE FROM pulse_invites WHERE programme_id = ?1", programme_id);
  run(db_, "DELETE FROM programme_export_links WHERE programme_id = ?1", programme_id);
  // Who wanted a next cohort: needed only until it is set up.
  run(db_, "DELETE FROM next_cohort_answers WHERE programme_id = ?1", programme_id);
  run(db_, "DELETE FROM participants WHERE programme_id = ?1", programme_id);
  return c;
}

}  // namespace flipside::storage
