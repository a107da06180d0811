#pragma once
// The programme managers' web dashboard (issue #7): single-use sign-in links, browser sessions,
// and the figures its charts need beyond what `status` already counts (programme_status.hpp).
// Only hashes of link tokens and session ids are stored (see migrations/0009_dashboard.sql).
#include <SQLiteCpp/Database.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"
#include "bot/core/event.hpp"
#include "storage/privacy.hpp"  // LinkState, LinkRedemption

namespace flipside::storage {

// A dashboard session as the browser holds it: the cookie value (shown once, never stored) and
// the token its forms must send back.
struct NewDashboardSession {
  std::string id;          // 64 lower-case hex characters (32 random bytes)
  std::string csrf_token;  // 64 lower-case hex characters
};

struct DashboardSession {
  std::int64_t person_id = 0;
  std::string csrf_token;
  TimePoint expires_at;
};

// One held or missed session of a programme, for the sessions-per-week chart.
struct SessionOutcome {
  TimePoint starts_at;
  bool held = false;  // false: missed
};

// Where a person can be reached as themselves: what the dashboard acts through (an action taken
// on the dashboard is dispatched as if the manager had clicked the button in chat).
struct Identity {
  UserRef user;
  ConversationRef where;
};

// 64 lower-case hex characters from the OS's CSPRNG (32 bytes).
std::string random_id();

class DashboardRepository {
 public:
  explicit DashboardRepository(SQLite::Database& db) : db_(db) {}

  // A new sign-in link for the person, valid for `lifetime`; returns its token (48 hex).
  std::string issue_link(std::int64_t person_id, TimePoint now, std::chrono::seconds lifetime);
  // Marks the link used if it is valid (a link works once); otherwise says why not.
  LinkRedemption redeem_link(const std::string& token, TimePoint now);

  // Starts a session for the person, valid for `lifetime`. Also deletes sessions that have
  // expired and links expired for more than a day (long enough to still answer 410 for them).
  NewDashboardSession start_session(std::int64_t person_id, TimePoint now,
                                    std::chrono::seconds lifetime);
  // The session with this cookie value if it exists and has not expired.
  std::optional<DashboardSession> session(const std::string& id, TimePoint now);

  // The person's identity they used most recently, preferring one that has not blocked the bot.
  std::optional<Identity> newest_identity(std::int64_t person_id);

  // Held and missed sessions of the programme that started in [from, to), oldest first.
  std::vector<SessionOutcome> session_outcomes(std::int64_t programme_id, TimePoint from,
                                               TimePoint to);
  // Distinct people in a pair that is neither paused nor ended and held a session at or after
  // `since`: the last step of the participation funnel.
  int people_active(std::int64_t programme_id, TimePoint since);

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
