#include "people.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/statement_cache.hpp"

namespace flipside::storage {

std::string_view to_string(Role r) {
  return r == Role::mentor ? "mentor" : "mentee";
}

std::optional<Role> role_from_string(std::string_view s) {
  if (s == "mentor") return Role::mentor;
  if (s == "mentee") return Role::mentee;
  return std::nullopt;
}

namespace {
constexpr const char* kPersonColumns =
    "p.id, p.display_name, coalesce(p.email, ''), coalesce(p.time_zone, ''), p.created_at";

Person read_person(SQLite::Statement& q) {
  return Person{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                q.getColumn(3).getString(), from_unix(q.getColumn(4).getInt64())};
}

std::string name_for(const UserRef& user) {
  if (!user.display_name.empty()) return user.display_name;
  return user.user_id;
}
}  // namespace

std::optional<Person> PeopleRepository::find(std::int64_t id) {
  auto& q = prepare(db_, std::string("SELECT ") + kPersonColumns + " FROM people p WHERE p.id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_person(q);
}

std::optional<Person> PeopleRepository::find_by_identity(const UserRef& user) {
  auto& q = prepare(db_, std::string("SELECT ") + kPersonColumns +
                             " FROM people p JOIN identities i ON i.person_id = p.id"
                             " WHERE i.platform = ? AND i.workspace = ? AND i.user_id = ?");
  q.bind(1, std::string(to_string(user.platform)));
  q.bind(2, user.workspace);
  q.bind(3, user.user_id);
  if (!q.executeStep()) return std::nullopt;
  return read_person(q);
}

Person PeopleRepository::upsert_from_contact(const UserRef& user, const ConversationRef& where,
                                             TimePoint now) {
  auto existing = find_by_identity(user);
  if (!existing && !user.email.empty()) {
    // The same human reaching us from a second platform: link by email.
    auto& q = prepare(db_, std::string("SELECT ") + kPersonColumns +
                               " FROM people p WHERE lower(p.email) = lower(?)");
    q.bind(1, user.email);
    if (q.executeStep()) existing = read_person(q);
  }
  std::int64_t person_id = 0;
  if (existing) {
    person_id = existing->id;
    // The first contact may have carried no name (a Teams install does not): take it when it comes.
    if (existing->display_name == user.user_id && !user.display_name.empty() &&
        user.display_name != user.user_id) {
      auto& name = prepare(db_, "UPDATE people SET display_name = ?, updated_at = ? WHERE id = ?");
      name.bind(1, user.display_name);
      name.bind(2, to_unix(now));
      name.bind(3, person_id);
      name.exec();
    }
    if (existing->time_zone.empty() && !user.time_zone.empty()) {
      auto& tz = prepare(db_, "UPDATE people SET time_zone = ?, updated_at = ? WHERE id = ?");
      tz.bind(1, user.time_zone);
      tz.bind(2, to_unix(now));
      tz.bind(3, person_id);
      tz.exec();
    }
  } else {
    auto& ins = prepare(db_,
                        "INSERT INTO people(display_name, email, time_zone, created_at, updated_at)"
                        " VALUES (?, nullif(?, ''), nullif(?, ''), ?, ?)");
    ins.bind(1, name_for(user));
    ins.bind(2, user.email);
    ins.bind(3, user.time_zone);
    ins.bind(4, to_unix(now));
    ins.bind(5, to_unix(now));
    ins.exec();
    person_id = db_.getLastInsertRowid();
  }
  auto& id = prepare(
      db_,
      "INSERT INTO identities(platform, workspace, user_id, person_id, conversation_id,"
      " service_url, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
      " ON CONFLICT(platform, workspace, user_id) DO UPDATE SET"
      " conversation_id = CASE WHEN excluded.conversation_id = '' THEN conversation_id"
      "   ELSE excluded.conversation_id END,"
      " service_url = CASE WHEN excluded.service_url = '' THEN service_url"
      "   ELSE excluded.service_url END,"
      " last_seen_at = excluded.last_seen_at, blocked_at = NULL"
      // Writing a row that did not change still dirties its pages and the index on
      // last_seen_at: within a minute, only a new address, a cleared block or another
      // platform having been used since (it decides where replies go) is worth it.
      " WHERE blocked_at IS NOT NULL OR last_seen_at < excluded.last_seen_at - 60"
      "  OR last_seen_at < (SELECT max(o.last_seen_at) FROM identities o"
      "                     WHERE o.person_id = identities.person_id)"
      "  OR (excluded.conversation_id <> '' AND excluded.conversation_id <> conversation_id)"
      "  OR (excluded.service_url <> '' AND excluded.service_url <> service_url)");
  id.bind(1, std::string(to_string(user.platform)));
  id.bind(2, user.workspace);
  id.bind(3, user.user_id);
  id.bind(4, person_id);
  id.bind(5, where.is_direct ? where.conversation_id : std::string{});
  id.bind(6, where.service_url);
  id.bind(7, to_unix(now));
  id.exec();
  return *find(person_id);
}

void PeopleRepository::update_profile(std::int64_t id, const std::string& display_name,
                                      const std::string& time_zone, TimePoint now) {
  auto& q = prepare(db_,
                    "UPDATE people SET display_name = ?, time_zone = nullif(?, ''), updated_at = ?"
                    " WHERE id = ?");
  q.bind(1, display_name);
  q.bind(2, time_zone);
  q.bind(3, to_unix(now));
  q.bind(4, id);
  q.exec();
}

std::optional<ConversationRef> PeopleRepository::preferred_address(std::int64_t id,
                                                                   std::string* user_id) {
  auto& q =
      prepare(db_,
              "SELECT platform, workspace, user_id, conversation_id, service_url FROM identities"
              " WHERE person_id = ? AND blocked_at IS NULL"
              " ORDER BY last_seen_at DESC, rowid DESC LIMIT 1");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  auto platform = platform_from_string(q.getColumn(0).getString());
  if (!platform) return std::nullopt;
  if (user_id) *user_id = q.getColumn(2).getString();
  return ConversationRef{*platform, q.getColumn(1).getString(), q.getColumn(3).getString(),
                         q.getColumn(4).getString()};
}

std::optional<TimePoint> PeopleRepository::profile_refreshed_at(const UserRef& user) {
  auto& q =
      prepare(db_,
              "SELECT profile_refreshed_at FROM identities WHERE platform = ? AND workspace = ?"
              " AND user_id = ?");
  q.bind(1, std::string(to_string(user.platform)));
  q.bind(2, user.workspace);
  q.bind(3, user.user_id);
  if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
  return from_unix(q.getColumn(0).getInt64());
}

void PeopleRepository::apply_platform_profile(const UserRef& profile, TimePoint now) {
  auto person = find_by_identity(profile);
  if (!person) return;
  auto& q = prepare(
      db_,
      "UPDATE people SET"
      " time_zone = coalesce(time_zone, nullif(?1, '')),"
      " display_name = CASE WHEN (display_name = ?2 OR display_name = '') AND ?3 <> ''"
      "   THEN ?3 ELSE display_name END,"
      " email = CASE WHEN email IS NULL AND ?4 <> ''"
      "   AND NOT EXISTS (SELECT 1 FROM people o WHERE o.email = ?4) THEN ?4 ELSE email END,"
      " updated_at = ?5 WHERE id = ?6");
  q.bind(1, profile.time_zone);
  q.bind(2, profile.user_id);
  q.bind(3, profile.display_name);
  q.bind(4, profile.email);
  q.bind(5, to_unix(now));
  q.bind(6, person->id);
  q.exec();
  auto& mark =
      prepare(db_,
              "UPDATE identities SET profile_refreshed_at = ? WHERE platform = ? AND workspace = ?"
              " AND user_id = ?");
  mark.bind(1, to_unix(now));
  mark.bind(2, std::string(to_string(profile.platform)));
  mark.bind(3, profile.workspace);
  mark.bind(4, profile.user_id);
  mark.exec();
}

std::optional<std::int64_t> PeopleRepository::mark_blocked(const UserRef& user, TimePoint now) {
  auto& q = prepare(db_,
                    "UPDATE identities SET blocked_at = ? WHERE platform = ? AND workspace = ?"
                    " AND user_id = ? AND blocked_at IS NULL RETURNING person_id");
  q.bind(1, to_unix(now));
  q.bind(2, std::string(to_string(user.platform)));
  q.bind(3, user.workspace);
  q.bind(4, user.user_id);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getInt64();
}

void PeopleRepository::remember_direct_conversation(const UserRef& user,
                                                    const std::string& conversation_id) {
  auto& q = prepare(db_,
                    "UPDATE identities SET conversation_id = ? WHERE platform = ? AND workspace = ?"
                    " AND user_id = ?");
  q.bind(1, conversation_id);
  q.bind(2, std::string(to_string(user.platform)));
  q.bind(3, user.workspace);
  q.bind(4, user.user_id);
  q.exec();
}

std::vector<std::pair<std::int64_t, Role>> PeopleRepository::participants_of(
    std::int64_t programme_id) {
  auto& q = prepare(db_,
                    "SELECT person_id, role FROM participants WHERE programme_id = ?"
                    " ORDER BY person_id");
  q.bind(1, programme_id);
  std::vector<std::pair<std::int64_t, Role>> out;
  while (q.executeStep())
    out.emplace_back(q.getColumn(0).getInt64(),
                     role_from_string(q.getColumn(1).getString()).value_or(Role::mentor));
  return out;
}

std::optional<Participant> PeopleRepository::participant(std::int64_t person_id) {
  auto& q =
      prepare(db_,
              "SELECT role, joined_at, programme_id, orientation_acknowledged_at FROM participants"
              " WHERE person_id = ?");
  q.bind(1, person_id);
  if (!q.executeStep()) return std::nullopt;
  Participant p{person_id, role_from_string(q.getColumn(0).getString()).value_or(Role::mentor),
                from_unix(q.getColumn(1).getInt64())};
  if (!q.getColumn(2).isNull()) p.programme_id = q.getColumn(2).getInt64();
  if (!q.getColumn(3).isNull())
    p.orientation_acknowledged_at = from_unix(q.getColumn(3).getInt64());
  return p;
}

bool PeopleRepository::add_participant(std::int64_t person_id, Role role, TimePoint now,
                                       std::optional<std::int64_t> programme_id) {
  auto& q = prepare(db_,
                    "INSERT INTO participants(person_id, role, joined_at, programme_id)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT(person_id) DO NOTHING");
  q.bind(1, person_id);
  q.bind(2, std::string(to_string(role)));
  q.bind(3, to_unix(now));
  if (programme_id)
    q.bind(4, *programme_id);
  else
    q.bind(4);
  return q.exec() == 1;
}

void PeopleRepository::set_role(std::int64_t person_id, Role role) {
  // The orientation acknowledged was the other role's: the new one is still to be read.
  auto& q = prepare(db_,
                    "UPDATE participants SET role = ?1, orientation_acknowledged_at = CASE WHEN"
                    " role = ?1 THEN orientation_acknowledged_at END WHERE person_id = ?2");
  q.bind(1, std::string(to_string(role)));
  q.bind(2, person_id);
  q.exec();
}

bool PeopleRepository::acknowledge_orientation(std::int64_t person_id, TimePoint at) {
  auto& q = prepare(db_,
                    "UPDATE participants SET orientation_acknowledged_at = ?"
                    " WHERE person_id = ? AND orientation_acknowledged_at IS NULL");
  q.bind(1, to_unix(at));
  q.bind(2, person_id);
  return q.exec() == 1;
}

bool PeopleRepository::remove_participant(std::int64_t person_id) {
  auto& q = prepare(db_, "DELETE FROM participants WHERE person_id = ?");
  q.bind(1, person_id);
  return q.exec() == 1;
}

std::int64_t PeopleRepository::count_participants() {
  return db_.execAndGet("SELECT count(*) FROM participants").getInt64();
}

std::vector<std::string> PeopleRepository::user_ids(std::int64_t person_id) {
  auto& q = prepare(db_, "SELECT user_id FROM identities WHERE person_id = ?");
  q.bind(1, person_id);
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

std::optional<Person> PeopleRepository::find_by_email(const std::string& email) {
  auto& q = prepare(db_, std::string("SELECT ") + kPersonColumns +
                             " FROM people p WHERE lower(p.email) = lower(?)");
  q.bind(1, email);
  if (!q.executeStep()) return std::nullopt;
  return read_person(q);
}

}  // namespace flipside::storage
