#include "pulse.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/statement_cache.hpp"

namespace flipside::storage {

std::optional<std::int64_t> PulseRepository::invite(const PulseInvite& invite) {
  auto& q = prepare(db_,
                    "INSERT INTO pulse_invites(programme_id, person_id, wave, role, department,"
                    " sent_at) VALUES (?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT(programme_id, person_id, wave) DO NOTHING");
  q.bind(1, invite.programme_id);
  q.bind(2, invite.person_id);
  q.bind(3, invite.wave);
  q.bind(4, invite.role);
  q.bind(5, invite.department);
  q.bind(6, to_unix(invite.sent_at));
  if (q.exec() == 0) return std::nullopt;
  return db_.getLastInsertRowid();
}

std::optional<PulseInvite> PulseRepository::find_invite(std::int64_t id) {
  auto& q = prepare(db_,
                    "SELECT id, programme_id, person_id, wave, role, department, sent_at, answered"
                    " FROM pulse_invites WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return PulseInvite{q.getColumn(0).getInt64(),
                     q.getColumn(1).getInt64(),
                     q.getColumn(2).getInt64(),
                     q.getColumn(3).getString(),
                     q.getColumn(4).getString(),
                     q.getColumn(5).getString(),
                     from_unix(q.getColumn(6).getInt64()),
                     q.getColumn(7).getInt() != 0};
}

bool PulseRepository::was_asked(std::int64_t programme_id, std::int64_t person_id,
                                const std::string& wave) {
  auto& q = prepare(db_,
                    "SELECT 1 FROM pulse_invites WHERE programme_id = ? AND person_id = ?"
                    " AND wave = ?");
  q.bind(1, programme_id);
  q.bind(2, person_id);
  q.bind(3, wave);
  return q.executeStep();
}

std::vector<PulseWave> PulseRepository::waves(std::int64_t programme_id) {
  auto& q = prepare(db_,
                    "SELECT wave, count(*), min(sent_at), max(sent_at) FROM pulse_invites"
                    " WHERE programme_id = ? GROUP BY wave ORDER BY min(sent_at), wave");
  q.bind(1, programme_id);
  std::vector<PulseWave> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getInt(),
                   from_unix(q.getColumn(2).getInt64()), from_unix(q.getColumn(3).getInt64())});
  return out;
}

std::optional<TimePoint> PulseRepository::last_asked(std::int64_t person_id) {
  auto& q = prepare(db_, "SELECT max(sent_at) FROM pulse_invites WHERE person_id = ?");
  q.bind(1, person_id);
  q.executeStep();
  if (q.getColumn(0).isNull()) return std::nullopt;
  return from_unix(q.getColumn(0).getInt64());
}

int PulseRepository::asked_alike(std::int64_t programme_id, const std::string& wave,
                                 const std::string& role,
                                 const std::optional<std::string>& department) {
  auto& q = prepare(db_,
                    "SELECT count(*) FROM pulse_invites WHERE programme_id = ?1 AND wave = ?2"
                    " AND role = ?3 AND (?4 IS NULL OR department = ?4)");
  q.bind(1, programme_id);
  q.bind(2, wave);
  q.bind(3, role);
  if (department) {
    q.bind(4, *department);
  } else {
    q.bind(4);
  }
  q.executeStep();
  return q.getColumn(0).getInt();
}

int PulseRepository::asked(std::int64_t programme_id, const std::string& wave) {
  auto& q = prepare(db_, "SELECT count(*) FROM pulse_invites WHERE programme_id = ? AND wave = ?");
  q.bind(1, programme_id);
  q.bind(2, wave);
  q.executeStep();
  return q.getColumn(0).getInt();
}

bool PulseRepository::answer(std::int64_t invite_id, const PulseResponse& r) {
  auto& mark = prepare(db_, "UPDATE pulse_invites SET answered = 1 WHERE id = ? AND answered = 0");
  mark.bind(1, invite_id);
  if (mark.exec() == 0) return false;
  // SQLite's randomblob draws on the OS's randomness: the key says nothing about the order.
  auto& q = prepare(db_,
                    "INSERT INTO pulse_responses(id, programme_id, wave, role, department, quality,"
                    " usefulness, recommend, comment)"
                    " VALUES (lower(hex(randomblob(16))), ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, r.programme_id);
  q.bind(2, r.wave);
  q.bind(3, r.role);
  q.bind(4, r.department);
  q.bind(5, r.quality);
  q.bind(6, r.usefulness);
  q.bind(7, r.recommend);
  q.bind(8, r.comment);
  q.exec();
  return true;
}

std::vector<PulseResponse> PulseRepository::responses(std::int64_t programme_id) {
  auto& q = prepare(db_,
                    "SELECT programme_id, wave, role, department, quality, usefulness, recommend,"
                    " comment FROM pulse_responses WHERE programme_id = ? ORDER BY id");
  q.bind(1, programme_id);
  std::vector<PulseResponse> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                   q.getColumn(2).getString(), q.getColumn(3).getString(), q.getColumn(4).getInt(),
                   q.getColumn(5).getInt(), q.getColumn(6).getInt(), q.getColumn(7).getString()});
  return out;
}

}  // namespace flipside::storage
