#pragma once
// `flipside demo-data --running`: the demo programme as it looks ten weeks in, so the managers'
// dashboard has something to show. On top of load_demo_data's people and intakes: pairs (most of
// the mentees), sessions held and missed week by week, SMART goals with progress, and anonymous
// pulse answers in closed waves, one of them with too few answers to show. Seeded like the people:
// the same seed gives the same history, and loading it again changes nothing.
#include <cstdint>
#include <string>

#include "bot/core/clock.hpp"
#include "storage/database.hpp"

namespace flipside {

struct DemoHistoryReport {
  bool seeded = false;  // false: the programme already has pairs, nothing was written
  std::int64_t programme_id = 0;
  int pairs = 0;
  int sessions_held = 0, sessions_missed = 0, sessions_booked = 0;
  int goals = 0;
  int pulse_answers = 0;
};

// Runs the demo programme (load_demo_data must have created it) from ten weeks before `now`.
// Throws DemoDataError (nothing written) when there is no demo programme or too few people.
DemoHistoryReport load_demo_history(storage::Database& db, std::uint64_t seed, TimePoint now);

// "demo history: 12 pairs ten weeks in (48 sessions held, 5 missed, 10 booked), 18 goals,
// 23 pulse answers" or "demo history: already there, nothing changed".
std::string summary(const DemoHistoryReport& report);

}  // namespace flipside
