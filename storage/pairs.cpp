#include "pairs.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/statement_cache.hpp"

namespace flipside::storage {

namespace {
std::vector<std::pair<std::int64_t, std::int64_t>> id_pairs(SQLite::Statement& q) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  while (q.executeStep()) out.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getInt64());
  return out;
}
}  // namespace

std::vector<std::pair<std::int64_t, std::int64_t>> PairRepository::earlier_pairs(
    std::int64_t programme_id) {
  auto& q = prepare(db_, "SELECT DISTINCT mentor_id, mentee_id FROM pairs WHERE programme_id <> ?");
  q.bind(1, programme_id);
  return id_pairs(q);
}

std::vector<std::pair<std::int64_t, std::int64_t>> PairRepository::do_not_pair() {
  auto& q = prepare(db_, "SELECT person_a, person_b FROM do_not_pair");
  return id_pairs(q);
}

std::vector<std::pair<std::int64_t, std::int64_t>> PairRepository::manager_links() {
  auto& q = prepare(db_,
                    "SELECT p.id, m.id FROM people p JOIN people m"
                    " ON lower(m.email) = lower(p.manager_email) WHERE p.id <> m.id");
  return id_pairs(q);
}

std::vector<Pair> PairRepository::active(std::int64_t programme_id) {
  auto& q = prepare(db_,
                    "SELECT id, programme_id, mentor_id, mentee_id, source, reason, created_at,"
                    " ended_at FROM pairs WHERE programme_id = ? AND ended_at IS NULL ORDER BY id");
  q.bind(1, programme_id);
  std::vector<Pair> out;
  while (q.executeStep()) {
    Pair p{q.getColumn(0).getInt64(),           q.getColumn(1).getInt64(),
           q.getColumn(2).getInt64(),           q.getColumn(3).getInt64(),
           q.getColumn(4).getString(),          q.getColumn(5).getString(),
           from_unix(q.getColumn(6).getInt64())};
    if (!q.getColumn(7).isNull()) p.ended_at = from_unix(q.getColumn(7).getInt64());
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace flipside::storage
