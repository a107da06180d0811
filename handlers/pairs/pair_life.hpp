#pragma once
// What happens to a pair after matching (issue #6): kickoff, SMART goals, sessions with calendar
// invites, reminders, check-ins and the missed-session ladder. Shared entry points and helpers.
#include <cstdint>
#include <optional>
#include <string>

#include "bot/core/local_time.hpp"
#include "handlers/context.hpp"
#include "storage/programmes.hpp"
#include "storage/sessions.hpp"

namespace flipside::handlers {

// Called when a pair forms (an accepted request, a confirmed proposal, a manual pair): both get
// the kickoff, and the pair's watch (no session within twice the cadence) starts.
void start_pair(Context& ctx, const storage::Programme& programme, std::int64_t pair_id);

// The pair `pair_id` if the acting person belongs to it and it has not ended.
std::optional<storage::ActivePair> own_pair(Context& ctx, std::int64_t pair_id);
// The acting person's newest pair, if any.
std::optional<storage::ActivePair> current_pair(Context& ctx);

std::string person_name(Context& ctx, std::int64_t person_id);
std::string person_zone(Context& ctx, std::int64_t person_id);
std::int64_t number_from(const std::string& text);  // 0 if not a number
// When a programme reminds people of sessions: offsets before the start and each person's quiet
// hours. From the programme's settings ({"reminders": {"offsets": "1440,60", "quiet_start": 20,
// "quiet_end": 8}}); defaults 24 h and 1 h before, quiet 20:00-08:00.
struct ReminderPolicy {
  std::vector<std::chrono::minutes> offsets;
  QuietHours quiet;
};
ReminderPolicy reminder_policy(const storage::Programme& programme);

// Days between sessions for the programme's cadence.
int cadence_days(const storage::Programme& p);
// The programme's last day: its start date plus its length in months (a day past the end of a
// short month rolls over, 31 Jan + 1 month = 3 Mar). The epoch if the start date is unreadable.
std::chrono::year_month_day programme_end(const storage::Programme& p);

// When the missed-session ladder escalates, from the programme's settings ({"ladder":
// {"at_risk_after": 2, "act_after": 3}}): below at_risk_after misses in a row the pair is nudged;
// from it, the senior gets a personal word and the managers a "pair at risk" note; from
// act_after, the managers are asked to act (pause or end).
struct LadderPolicy {
  int at_risk_after = 2;
  int act_after = 3;
};
LadderPolicy ladder_policy(const storage::Programme& programme);

// Days after a programme closes until what its people said and did in it is deleted
// ({"retention_days": 365}, 30-3650).
int retention_days(const storage::Programme& programme);

// The missed-session ladder at `misses` misses in a row for this pair (steps per the programme's
// LadderPolicy); `cause` keys idempotency.
void climb_ladder(Context& ctx, const storage::ActivePair& pair, int misses,
                  const std::string& cause);

// The pair's midpoint and wrap-up moments, at 09:00 in each person's zone (timeline.cpp).
void schedule_timeline(Context& ctx, const storage::Programme& programme,
                       const storage::ActivePair& pair);
// `programme close`: asks before ending every pair of the programme.
Reply ask_to_close_programme(Context& ctx, const storage::Programme& programme);

// (Re)arms the "no session within twice the cadence" watch from now.
void watch_pair(Context& ctx, const storage::ActivePair& pair, const storage::Programme& programme);

}  // namespace flipside::handlers
