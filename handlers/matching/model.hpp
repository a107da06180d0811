#pragma once
// What the matcher knows about the people in one programme, in a form it can score fast. Pure data:
// no storage, no clock, no platform. handlers/matching/cohort_loader.cpp builds it from SQLite;
// tests and bench/matching build it from the seeded generator (demo_people.hpp).
//
// Reverse mentoring: the *mentor* is the junior who teaches (digital skills, new ways of working),
// the *mentee* is the senior leader who learns, and shares institutional knowledge back.
#include <bitset>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace flipside::matching {

// Skills and interests are interned to small ids per cohort so set operations are bit operations.
// 128 is far more than any programme's skill list plus the free-text entries people add.
inline constexpr std::size_t kMaxTags = 128;
using TagSet = std::bitset<kMaxTags>;

// Hours of the week in UTC, Monday 00:00 UTC = bit 0.
using WeekHours = std::bitset<168>;

enum class LearningStyle { hands_on, discussion, reading, visual };

struct Profile {
  std::int64_t person_id = 0;
  std::string display_name;
  int level = 0;  // grade from HR: higher is more senior
  std::string department;
  std::string location;
  std::string time_zone;       // IANA name, for explanations
  int utc_offset_minutes = 0;  // at the programme's start
  TagSet teaches;              // skills this person can teach
  TagSet learns;               // skills this person wants to learn
  TagSet interests;
  std::set<std::string> languages;  // lower-case ISO 639-1 ("en", "pt")
  LearningStyle learning_style = LearningStyle::discussion;
  int extroversion = 3;                // 1 (introvert) .. 5 (extrovert)
  WeekHours available;                 // when they can meet, already in UTC
  int capacity = 1;                    // mentees a mentor takes; ignored for mentees
  std::set<std::int64_t> do_not_pair;  // person ids, either direction counts
};

// How much each score term counts; a programme may change them. Terms are each in [0, 1], so the
// pair score is the weighted mean scaled to 0..100.
struct Weights {
  double skills = 0.35;     // mentor teaches what the mentee wants to learn (and a little back)
  double interests = 0.10;  // shared interests
  double learning_style = 0.10;  // compatible ways of learning
  double personality = 0.10;     // introvert-extrovert complement
  double diversity = 0.10;       // different department / location
  double availability = 0.15;    // overlapping free hours
  double time_zone = 0.10;       // close time zones
};

// Hard constraints: a pair that breaks one is never proposed.
struct Rules {
  int min_level_gap = 1;  // mentee.level - mentor.level must be at least this
  int max_time_zone_gap_hours = 8;
  bool require_shared_language = true;
};

struct Cohort {
  std::vector<Profile> mentors;
  std::vector<Profile> mentees;
  std::vector<std::string> tag_names;  // tag id -> name, for explanations
  // person id -> their manager's person id, for everyone the organisation import knows (not only
  // the cohort), so a skip-level manager is still found.
  std::map<std::int64_t, std::int64_t> manager_of;
  // Earlier pairs (mentor id, mentee id) that must not be repeated.
  std::set<std::pair<std::int64_t, std::int64_t>> previous_pairs;
  Weights weights;
  Rules rules;
};

}  // namespace flipside::matching
