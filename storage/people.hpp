#pragma once
// People, their per-platform identities and their participation in the programme.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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
  std::optional<std::int64_t> programme_id;              // none while no programme was open
  std::optional<TimePoint> orientation_acknowledged_at;  // "Got it" on the orientation
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

  // When the platform's profile of this identity was last fetched; nullopt if never.
  std::optional<TimePoint> profile_refreshed_at(const UserRef& user);
  // Fills what the person has not set themselves from the platform's profile: the time zone if
  // unknown, the name if it is still the raw user id, the email if unset and not someone else's.
  void apply_platform_profile(const UserRef& profile, TimePoint now);
  // The platform refuses our messages to this identity (the person blocked the bot): stop
  // addressing it until they contact us again (upsert_from_contact clears the mark). Returns the
  // person behind it.
  std::optional<std::int64_t> mark_blocked(const UserRef& user, TimePoint now);
  // Remembers the one-to-one conversation with this identity (e.g. a Slack DM channel).
  void remember_direct_conversation(const UserRef& user, const std::string& conversation_id);

  std::optional<Participant> participant(std::int64_t person_id);
  // Everyone whose current programme is `programme_id`, with their role, by person id.
  std::vector<std::pair<std::int64_t, Role>> participants_of(std::int64_t programme_id);
  // False if the person already takes part (nothing changes).
  bool add_participant(std::int64_t person_id, Role role, TimePoint now,
                       std::optional<std::int64_t> programme_id = std::nullopt);
  // Changing role also forgets the orientation acknowledgement, which was for the old role.
  void set_role(std::int64_t person_id, Role role);
  // Records the first "Got it" on the orientation. False if it was recorded before (the earlier
  // time stays) or the person is not a participant.
  bool acknowledge_orientation(std::int64_t person_id, TimePoint at);
  // False if the person was not taking part.
  bool remove_participant(std::int64_t person_id);
  std::int64_t count_participants();
  // The platform user ids of every identity the person has (to match FLIPSIDE_ADMINS).
  std::vector<std::string> user_ids(std::int64_t person_id);
  std::optional<Person> find_by_email(const std::string& email);  // case-insensitive

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
