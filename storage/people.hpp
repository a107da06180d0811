#pragma once
// People, their per-platform identities and their participation in the programme.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>

#include "bot/core/clock.hpp"
#include "bot/core/event.hpp"

namespace flipside::storage {

struct Person {
  std::int64_t id = 0;
  std::string display_name;
  std::string email;
  std::string time_zone;  // empty when not known
  TimePoint created_at;
};

enum class Role { mentor, mentee };
std::string_view to_string(Role r);
std::optional<Role> role_from_string(std::string_view s);

struct Participant {
  std::int64_t person_id = 0;
  Role role = Role::mentor;
  TimePoint joined_at;
};

class PeopleRepository {
 public:
  explicit PeopleRepository(SQLite::Database& db) : db_(db) {}

  std::optional<Person> find(std::int64_t id);
  std::optional<Person> find_by_identity(const UserRef& user);
  // Finds the person behind `user` or creates them; records where they can be reached.
  Person upsert_from_contact(const UserRef& user, const ConversationRef& where, TimePoint now);
  void update_profile(std::int64_t id, const std::string& display_name,
                      const std::string& time_zone, TimePoint now);
  // The most recently used place to reach a person, for proactive messages.
  std::optional<ConversationRef> preferred_address(std::int64_t id, std::string* user_id = nullptr);

  std::optional<Participant> participant(std::int64_t person_id);
  // False if the person already takes part (nothing changes).
  bool add_participant(std::int64_t person_id, Role role, TimePoint now);
  void set_role(std::int64_t person_id, Role role);
  // False if the person was not taking part.
  bool remove_participant(std::int64_t person_id);
  std::int64_t count_participants();

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
