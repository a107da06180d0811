#include "dashboard.hpp"

#include <openssl/rand.h>

#include <SQLiteCpp/Statement.h>

#include <stdexcept>

#include "storage/statement_cache.hpp"
#include "storage/tokens.hpp"

namespace flipside::storage {

namespace {

// How long a link is kept after it expired: long enough to tell whoever opens it late that it
// expired (410) rather than that it never existed (404).
constexpr std::int64_t kKeepExpiredLinksSeconds = 24 * 60 * 60;

}  // namespace

std::string random_id() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    throw std::runtime_error("no randomness available (OpenSSL RAND_bytes)");
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(sizeof bytes * 2);
  for (unsigned char b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xF];
  }
  return out;
}

std::string DashboardRepository::issue_link(std::int64_t person_id, TimePoint now,
                                            std::chrono::seconds lifetime) {
  const auto token = random_token();
  auto& q = prepare(db_,
                    "INSERT INTO dashboard_links(token_sha256, person_id, created_at, expires_at)"
                    " VALUES (?, ?, ?, ?)");
  q.bind(1, sha256_hex(token));
  q.bind(2, person_id);
  q.bind(3, to_unix(now));
  q.bind(4, to_unix(now + lifetime));
  q.exec();
  return token;
}

LinkRedemption DashboardRepository::redeem_link(const std::string& token, TimePoint now) {
  const auto hash = sha256_hex(token);
  auto& q = prepare(
      db_, "SELECT person_id, expires_at, used_at FROM dashboard_links WHERE token_sha256 = ?");
  q.bind(1, hash);
  if (!q.executeStep()) return {};
  LinkRedemption r;
  r.person_id = q.getColumn(0).getInt64();
  const auto expires_at = q.getColumn(1).getInt64();
  const bool used = !q.getColumn(2).isNull();
  q.reset();
  if (used) return {LinkState::used, 0};
  if (to_unix(now) >= expires_at) return {LinkState::expired, 0};
  // The condition on used_at makes a second, concurrent opening lose.
  auto& use = prepare(
      db_, "UPDATE dashboard_links SET used_at = ? WHERE token_sha256 = ? AND used_at IS NULL");
  use.bind(1, to_unix(now));
  use.bind(2, hash);
  if (use.exec() != 1) return {LinkState::used, 0};
  r.state = LinkState::valid;
  return r;
}

NewDashboardSession DashboardRepository::start_session(std::int64_t person_id, TimePoint now,
                                                       std::chrono::seconds lifetime) {
  auto& sessions = prepare(db_, "DELETE FROM dashboard_sessions WHERE expires_at <= ?");
  sessions.bind(1, to_unix(now));
  sessions.exec();
  auto& links = prepare(db_, "DELETE FROM dashboard_links WHERE expires_at <= ?");
  links.bind(1, to_unix(now) - kKeepExpiredLinksSeconds);
  links.exec();

  NewDashboardSession s{random_id(), random_id()};
  auto& q = prepare(db_,
                    "INSERT INTO dashboard_sessions(id_sha256, person_id, csrf_token, created_at,"
                    " expires_at) VALUES (?, ?, ?, ?, ?)");
  q.bind(1, sha256_hex(s.id));
  q.bind(2, person_id);
  q.bind(3, s.csrf_token);
  q.bind(4, to_unix(now));
  q.bind(5, to_unix(now + lifetime));
  q.exec();
  return s;
}

std::optional<DashboardSession> DashboardRepository::session(const std::string& id, TimePoint now) {
  auto& q = prepare(db_,
                    "SELECT person_id, csrf_token, expires_at FROM dashboard_sessions"
                    " WHERE id_sha256 = ? AND expires_at > ?");
  q.bind(1, sha256_hex(id));
  q.bind(2, to_unix(now));
  std::optional<DashboardSession> out;
  if (q.executeStep())
    out = DashboardSession{q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                           from_unix(q.getColumn(2).getInt64())};
  q.reset();
  return out;
}

std::optional<Identity> DashboardRepository::newest_identity(std::int64_t person_id) {
  auto& q = prepare(db_,
                    "SELECT platform, workspace, user_id, conversation_id, service_url"
                    " FROM identities WHERE person_id = ?"
                    " ORDER BY blocked_at IS NOT NULL, last_seen_at DESC LIMIT 1");
  q.bind(1, person_id);
  std::optional<Identity> out;
  if (q.executeStep()) {
    const auto platform = platform_from_string(q.getColumn(0).getString());
    if (platform) {
      Identity i;
      i.user.platform = *platform;
      i.user.workspace = q.getColumn(1).getString();
      i.user.user_id = q.getColumn(2).getString();
      i.where.platform = *platform;
      i.where.workspace = i.user.workspace;
      i.where.conversation_id = q.getColumn(3).getString();
      i.where.service_url = q.getColumn(4).getString();
      i.where.is_direct = true;
      out = std::move(i);
    }
  }
  q.reset();
  return out;
}

std::vector<SessionOutcome> DashboardRepository::session_outcomes(std::int64_t programme_id,
                                                                  TimePoint from, TimePoint to) {
  auto& q = prepare(db_,
                    "SELECT s.starts_at, s.status = 'held' FROM sessions s"
                    " JOIN pairs p ON p.id = s.pair_id WHERE p.programme_id = ?"
                    " AND s.status IN ('held', 'missed') AND s.starts_at >= ? AND s.starts_at < ?"
                    " ORDER BY s.starts_at, s.id");
  q.bind(1, programme_id);
  q.bind(2, to_unix(from));
  q.bind(3, to_unix(to));
  std::vector<SessionOutcome> out;
  while (q.executeStep())
    out.push_back({from_unix(q.getColumn(0).getInt64()), q.getColumn(1).getInt() != 0});
  return out;
}

int DashboardRepository::people_active(std::int64_t programme_id, TimePoint since) {
  auto& q = prepare(db_,
                    "SELECT count(DISTINCT who) FROM (SELECT p.id, p.mentor_id AS who FROM pairs p"
                    " WHERE p.programme_id = ?1 AND p.ended_at IS NULL AND p.paused_at IS NULL"
                    " UNION ALL SELECT p.id, p.mentee_id FROM pairs p WHERE p.programme_id = ?1"
                    " AND p.ended_at IS NULL AND p.paused_at IS NULL)"
                    " WHERE id IN (SELECT pair_id FROM sessions WHERE status = 'held'"
                    " AND starts_at >= ?2)");
  q.bind(1, programme_id);
  q.bind(2, to_unix(since));
  q.executeStep();
  const int n = q.getColumn(0).getInt();
  q.reset();
  return n;
}

}  // namespace flipside::storage
