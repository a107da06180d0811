#include "circles.hpp"

#include "storage/statement_cache.hpp"

namespace flipside::storage {

namespace {

CircleRound read_round(SQLite::Statement& q) {
  CircleRound r;
  r.id = q.getColumn(0).getInt64();
  r.programme_id = q.getColumn(1).getInt64();
  r.number = q.getColumn(2).getInt();
  r.opened_at = from_unix(q.getColumn(3).getInt64());
  r.closes_at = from_unix(q.getColumn(4).getInt64());
  r.shared = q.getColumn(5).getInt() != 0;
  return r;
}

constexpr const char* kRoundColumns =
    "SELECT id, programme_id, number, opened_at, closes_at, shared FROM circle_rounds";

}  // namespace

void CircleRepository::start(const Circle& c, std::int64_t started_by, TimePoint now) {
  auto& q = prepare(db_,
                    "INSERT INTO circles(programme_id, platform, workspace, conversation_id,"
                    " service_url, every_days, active, started_by, started_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT(programme_id) DO UPDATE SET"
                    " platform = excluded.platform, workspace = excluded.workspace,"
                    " conversation_id = excluded.conversation_id,"
                    " service_url = excluded.service_url, every_days = excluded.every_days,"
                    " active = 1, started_by = excluded.started_by,"
                    " started_at = excluded.started_at");
  q.bind(1, c.programme_id);
  q.bind(2, std::string(to_string(c.where.platform)));
  q.bind(3, c.where.workspace);
  q.bind(4, c.where.conversation_id);
  q.bind(5, c.where.service_url);
  q.bind(6, c.every_days);
  q.bind(7, started_by);
  q.bind(8, to_unix(now));
  q.exec();
}

void CircleRepository::stop(std::int64_t programme_id) {
  auto& q = prepare(db_, "UPDATE circles SET active = 0 WHERE programme_id = ?");
  q.bind(1, programme_id);
  q.exec();
}

std::optional<Circle> CircleRepository::find(std::int64_t programme_id) {
  auto& q = prepare(db_,
                    "SELECT platform, workspace, conversation_id, service_url, every_days, active,"
                    " started_at"
                    " FROM circles WHERE programme_id = ?");
  q.bind(1, programme_id);
  if (!q.executeStep()) return std::nullopt;
  Circle c;
  c.programme_id = programme_id;
  c.where.platform = platform_from_string(q.getColumn(0).getString()).value_or(Platform::console);
  c.where.workspace = q.getColumn(1).getString();
  c.where.conversation_id = q.getColumn(2).getString();
  c.where.service_url = q.getColumn(3).getString();
  c.where.is_direct = false;
  c.every_days = q.getColumn(4).getInt();
  c.active = q.getColumn(5).getInt() != 0;
  c.generation = q.getColumn(6).getInt64();
  return c;
}

CircleRound CircleRepository::open_round(std::int64_t programme_id, TimePoint now,
                                         TimePoint closes_at) {
  auto& q = prepare(db_,
                    "INSERT INTO circle_rounds(programme_id, number, opened_at, closes_at)"
                    " VALUES (?1, 1 + (SELECT count(*) FROM circle_rounds WHERE programme_id = ?1),"
                    " ?2, ?3)");
  q.bind(1, programme_id);
  q.bind(2, to_unix(now));
  q.bind(3, to_unix(closes_at));
  q.exec();
  return *round(db_.getLastInsertRowid());
}

std::optional<CircleRound> CircleRepository::round(std::int64_t round_id) {
  auto& q = prepare(db_, std::string(kRoundColumns) + " WHERE id = ?");
  q.bind(1, round_id);
  if (!q.executeStep()) return std::nullopt;
  return read_round(q);
}

std::vector<CircleRound> CircleRepository::rounds(std::int64_t programme_id) {
  auto& q = prepare(db_, std::string(kRoundColumns) + " WHERE programme_id = ? ORDER BY number");
  q.bind(1, programme_id);
  std::vector<CircleRound> out;
  while (q.executeStep()) out.push_back(read_round(q));
  return out;
}

void CircleRepository::mark_shared(std::int64_t round_id) {
  auto& q = prepare(db_, "UPDATE circle_rounds SET shared = 1 WHERE id = ?");
  q.bind(1, round_id);
  q.exec();
}

void CircleRepository::invite(std::int64_t round_id, std::int64_t person_id) {
  auto& q = prepare(db_,
                    "INSERT INTO circle_invites(round_id, person_id) VALUES (?, ?)"
                    " ON CONFLICT DO NOTHING");
  q.bind(1, round_id);
  q.bind(2, person_id);
  q.exec();
}

int CircleRepository::invited(std::int64_t round_id) {
  auto& q = prepare(db_, "SELECT count(*) FROM circle_invites WHERE round_id = ?");
  q.bind(1, round_id);
  q.executeStep();
  return q.getColumn(0).getInt();
}

std::optional<bool> CircleRepository::answered(std::int64_t round_id, std::int64_t person_id) {
  auto& q =
      prepare(db_, "SELECT answered FROM circle_invites WHERE round_id = ? AND person_id = ?");
  q.bind(1, round_id);
  q.bind(2, person_id);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getInt() != 0;
}

bool CircleRepository::answer(std::int64_t round_id, std::int64_t person_id,
                              const CircleAnswer& a) {
  auto& mark = prepare(db_,
                       "UPDATE circle_invites SET answered = 1"
                       " WHERE round_id = ? AND person_id = ? AND answered = 0");
  mark.bind(1, round_id);
  mark.bind(2, person_id);
  if (mark.exec() == 0) return false;
  // SQLite's randomblob draws on the OS's randomness: the key says nothing about the order.
  auto& q = prepare(db_,
                    "INSERT INTO circle_answers(id, round_id, worked, stuck)"
                    " VALUES (lower(hex(randomblob(16))), ?, ?, ?)");
  q.bind(1, round_id);
  q.bind(2, a.worked);
  q.bind(3, a.stuck);
  q.exec();
  return true;
}

std::vector<CircleAnswer> CircleRepository::answers(std::int64_t round_id) {
  auto& q = prepare(db_, "SELECT worked, stuck FROM circle_answers WHERE round_id = ? ORDER BY id");
  q.bind(1, round_id);
  std::vector<CircleAnswer> out;
  while (q.executeStep()) out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString()});
  return out;
}

}  // namespace flipside::storage
