#pragma once
// Pilot-size organisations for demos, tests and the benchmark: people with a real management
// hierarchy (seniors manage juniors), locations with matching time zones and languages, and intake
// answers drawn from the skill lists reverse-mentoring programmes use. Seeded and reproducible:
// the same seed gives the same people on every machine (std::mt19937_64 with our own
// distributions, since the standard distributions' output is implementation-defined).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "handlers/matching/model.hpp"

namespace flipside::matching {

// A weekly free slot in the person's own time zone.
struct DemoWindow {
  int weekday = 0;     // 0 = Monday
  int start_hour = 9;  // local, inclusive
  int end_hour = 10;   // local, exclusive
};

// One person as the HR import and the intake survey would describe them. Plain strings and ints
// so the CSV import and `flipside demo-data` can use it without the matcher's types.
struct DemoPerson {
  std::string email;
  std::string name;
  std::string title;
  std::string department;
  std::string location;
  int level = 1;                       // 1 (graduate) .. 9 (chief executive)
  std::string manager_email;           // empty for the top of the organisation
  std::vector<std::string> languages;  // lower-case ISO 639-1
  std::string time_zone;               // IANA, consistent with location
  // Intake answers.
  std::vector<std::string> skills_to_teach;
  std::vector<std::string> skills_to_learn;
  std::vector<std::string> interests;
  std::string learning_style;  // hands_on, discussion, reading or visual
  int extroversion = 3;        // 1 .. 5
  std::vector<DemoWindow> availability;
  int capacity = 1;  // mentees a junior would take
};

// The levels that make someone a mentor (junior) or mentee (senior) in a demo cohort.
inline constexpr int kDemoMaxMentorLevel = 3;
inline constexpr int kDemoMinMenteeLevel = 6;

// `count` people (at least 1) of one organisation, the first being its chief executive.
std::vector<DemoPerson> generate_demo_people(std::size_t count, std::uint64_t seed);

// Mentors are juniors (level <= kDemoMaxMentorLevel), mentees seniors
// (>= kDemoMinMenteeLevel), at most `per_side` of each, in the order given. Person ids are
// positions in `people` + 1; manager_of covers everyone in `people`. Tags are interned in order
// of first use; UTC offsets come from a fixed table per location (standard time).
Cohort cohort_from_demo_people(const std::vector<DemoPerson>& people, std::size_t per_side);

// An organisation large enough to give `per_side` mentors and mentees, and its cohort.
Cohort demo_cohort(std::size_t per_side, std::uint64_t seed);

// The UTC offset in minutes of a demo location; 0 for one the table does not know.
int demo_utc_offset_minutes(const std::string& location);

}  // namespace flipside::matching
