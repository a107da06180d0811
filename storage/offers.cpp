#include "offers.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/statement_cache.hpp"

namespace flipside::storage {

namespace {
constexpr const char* kColumns =
    "id, programme_id, mentor_id, mentee_id, kind, mentee_confirmed, status, score, created_at,"
    " expires_at, mentor_confirmed";

Offer read_offer(SQLite::Statement& q) {
  Offer o;
  o.id = q.getColumn(0).getInt64();
  o.programme_id = q.getColumn(1).getInt64();
  o.mentor_id = q.getColumn(2).getInt64();
  o.mentee_id = q.getColumn(3).getInt64();
  o.kind = q.getColumn(4).getString();
  o.mentee_confirmed = q.getColumn(5).getInt() != 0;
  o.status = q.getColumn(6).getString();
  o.score = q.getColumn(7).getDouble();
  o.created_at = from_unix(q.getColumn(8).getInt64());
  o.expires_at = from_unix(q.getColumn(9).getInt64());
  o.mentor_confirmed = q.getColumn(10).getInt() != 0;
  return o;
}
}  // namespace

std::int64_t OfferRepository::create(const Offer& o) {
  auto& q = prepare(db_,
                    "INSERT INTO offers(programme_id, mentor_id, mentee_id, kind, mentee_confirmed,"
                    " status, score, created_at, expires_at) VALUES (?, ?, ?, ?, ?, 'pending', ?,"
                    " ?, ?)");
  q.bind(1, o.programme_id);
  q.bind(2, o.mentor_id);
  q.bind(3, o.mentee_id);
  q.bind(4, o.kind);
  q.bind(5, o.mentee_confirmed ? 1 : 0);
  q.bind(6, o.score);
  q.bind(7, to_unix(o.created_at));
  q.bind(8, to_unix(o.expires_at));
  q.exec();
  return db_.getLastInsertRowid();
}

std::optional<Offer> OfferRepository::find(std::int64_t id) {
  auto& q = prepare(db_, std::string("SELECT ") + kColumns + " FROM offers WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_offer(q);
}

std::optional<Offer> OfferRepository::pending_for_mentee(std::int64_t programme_id,
                                                         std::int64_t mentee_id) {
  auto& q = prepare(db_, std::string("SELECT ") + kColumns +
                             " FROM offers WHERE programme_id = ? AND mentee_id = ?"
                             " AND status = 'pending' ORDER BY id DESC LIMIT 1");
  q.bind(1, programme_id);
  q.bind(2, mentee_id);
  if (!q.executeStep()) return std::nullopt;
  return read_offer(q);
}

bool OfferRepository::finish(std::int64_t id, const std::string& status, TimePoint now) {
  auto& q = prepare(db_,
                    "UPDATE offers SET status = ?, answered_at = ? WHERE id = ?"
                    " AND status = 'pending'");
  q.bind(1, status);
  q.bind(2, to_unix(now));
  q.bind(3, id);
  return q.exec() == 1;
}

Offer OfferRepository::confirm(std::int64_t id, bool by_mentor) {
  auto& q = prepare(db_, by_mentor ? "UPDATE offers SET mentor_confirmed = 1 WHERE id = ?"
                                   : "UPDATE offers SET mentee_confirmed = 1 WHERE id = ?");
  q.bind(1, id);
  q.exec();
  return *find(id);
}

std::set<std::int64_t> OfferRepository::refused_mentors(std::int64_t programme_id,
                                                        std::int64_t mentee_id) {
  auto& q = prepare(db_,
                    "SELECT mentor_id FROM offers WHERE programme_id = ? AND mentee_id = ?"
                    " AND status IN ('declined', 'expired')");
  q.bind(1, programme_id);
  q.bind(2, mentee_id);
  std::set<std::int64_t> out;
  while (q.executeStep()) out.insert(q.getColumn(0).getInt64());
  return out;
}

int OfferRepository::commitments(std::int64_t programme_id, std::int64_t mentor_id) {
  auto& q = prepare(db_,
                    "SELECT (SELECT count(*) FROM pairs WHERE programme_id = ?1 AND mentor_id = ?2"
                    " AND ended_at IS NULL) + (SELECT count(*) FROM offers WHERE programme_id = ?1"
                    " AND mentor_id = ?2 AND status = 'pending')");
  q.bind(1, programme_id);
  q.bind(2, mentor_id);
  q.executeStep();
  return q.getColumn(0).getInt();
}

void OfferRepository::save_shortlist(std::int64_t programme_id, std::int64_t mentee_id,
                                     const std::vector<ShortlistOption>& options) {
  auto& clear = prepare(db_, "DELETE FROM shortlists WHERE programme_id = ? AND mentee_id = ?");
  clear.bind(1, programme_id);
  clear.bind(2, mentee_id);
  clear.exec();
  for (const auto& o : options) {
    auto& q = prepare(db_,
                      "INSERT INTO shortlists(programme_id, mentee_id, position, mentor_id, score,"
                      " why) VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(1, programme_id);
    q.bind(2, mentee_id);
    q.bind(3, o.position);
    q.bind(4, o.mentor_id);
    q.bind(5, o.score);
    q.bind(6, o.why);
    q.exec();
  }
}

std::vector<ShortlistOption> OfferRepository::shortlist(std::int64_t programme_id,
                                                        std::int64_t mentee_id) {
  auto& q = prepare(db_,
                    "SELECT position, mentor_id, score, why FROM shortlists WHERE programme_id = ?"
                    " AND mentee_id = ? ORDER BY position");
  q.bind(1, programme_id);
  q.bind(2, mentee_id);
  std::vector<ShortlistOption> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt(), q.getColumn(1).getInt64(), q.getColumn(2).getDouble(),
                   q.getColumn(3).getString()});
  return out;
}

std::int64_t OfferRepository::create_pair(std::int64_t programme_id, std::int64_t mentor_id,
                                          std::int64_t mentee_id, const std::string& source,
                                          const std::string& reason,
                                          std::optional<std::int64_t> created_by, TimePoint now) {
  auto& q = prepare(db_,
                    "INSERT INTO pairs(programme_id, mentor_id, mentee_id, source, reason,"
                    " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, programme_id);
  q.bind(2, mentor_id);
  q.bind(3, mentee_id);
  q.bind(4, source);
  q.bind(5, reason);
  if (created_by)
    q.bind(6, *created_by);
  else
    q.bind(6);
  q.bind(7, to_unix(now));
  q.exec();
  return db_.getLastInsertRowid();
}

bool OfferRepository::end_pair(std::int64_t programme_id, std::int64_t mentor_id,
                               std::int64_t mentee_id, const std::string& reason, TimePoint now) {
  auto& q = prepare(db_,
                    "UPDATE pairs SET ended_at = ?, end_reason = ? WHERE programme_id = ?"
                    " AND mentor_id = ? AND mentee_id = ? AND ended_at IS NULL");
  q.bind(1, to_unix(now));
  q.bind(2, reason);
  q.bind(3, programme_id);
  q.bind(4, mentor_id);
  q.bind(5, mentee_id);
  return q.exec() > 0;
}

std::vector<Offer> OfferRepository::withdraw_pending(std::int64_t programme_id,
                                                     std::int64_t mentee_id, TimePoint now) {
  std::vector<Offer> pending;
  while (auto o = pending_for_mentee(programme_id, mentee_id)) {
    finish(o->id, "withdrawn", now);
    pending.push_back(*o);
  }
  return pending;
}

std::vector<std::int64_t> OfferRepository::partners(std::int64_t programme_id,
                                                    std::int64_t person_id) {
  auto& q = prepare(db_,
                    "SELECT CASE WHEN mentor_id = ?2 THEN mentee_id ELSE mentor_id END FROM pairs"
                    " WHERE programme_id = ?1 AND ended_at IS NULL"
                    " AND (mentor_id = ?2 OR mentee_id = ?2) ORDER BY id");
  q.bind(1, programme_id);
  q.bind(2, person_id);
  std::vector<std::int64_t> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
  return out;
}

}  // namespace flipside::storage
