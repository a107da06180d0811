#pragma once
// `flipside demo-data`: a pilot-size organisation to try Flipside with. The seeded generator
// (handlers/matching/demo_people.hpp) invents the people; this puts them in the org directory,
// opens a "Demo programme" and enrols every junior as a mentor and every senior as a mentee with
// a complete intake, answered exactly as the survey form would have accepted it. Loading the same
// seed again changes nothing.
#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"
#include "handlers/matching/demo_people.hpp"
#include "storage/database.hpp"
#include "storage/people.hpp"
#include "templates/store.hpp"

namespace flipside {

inline constexpr const char* kDemoProgrammeName = "Demo programme";

// Nothing was written: the templates lack the intake surveys, the demo programme is past its
// intake (and loading would change it), or a generated intake does not validate (a bug).
class DemoDataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DemoDataReport {
  std::int64_t programme_id = 0;
  bool programme_created = false;
  bool programme_updated = false;  // an existing demo programme's skill list was extended
  int people = 0;                  // generated
  int people_created = 0;
  int people_updated = 0;
  int people_unchanged = 0;
  int mentors = 0;          // juniors enrolled as mentors with a complete intake
  int mentees = 0;          // seniors enrolled as mentees with a complete intake
  int enrolled = 0;         // of those, newly enrolled (or whose role changed) this time
  int intakes_written = 0;  // intakes created or changed this time
  int skipped = 0;          // already taking part in another programme: left alone

  // True if this run wrote anything.
  bool changed() const {
    return programme_created || programme_updated || people_created > 0 || people_updated > 0 ||
           enrolled > 0 || intakes_written > 0;
  }
};

// Generates `people` people (at least 1) from `seed` and loads them in one transaction (all or
// nothing). The programme is reused by name when it exists. Throws DemoDataError (or a storage
// error) with nothing written.
DemoDataReport load_demo_data(storage::Database& db, const templates::TemplateStore& templates,
                              std::size_t people, std::uint64_t seed, TimePoint now);

// The intake answers (question id -> value, multi-selects comma-joined) `person` would give as a
// mentor or mentee: every question of the role's survey, with option values from `templates`'
// lists and `programme_skills` (labels as a programme stores them, comma-separated).
std::map<std::string, std::string> demo_intake_answers(const matching::DemoPerson& person,
                                                       storage::Role role,
                                                       const std::string& programme_skills,
                                                       const templates::TemplateStore& templates);

// "demo data: 120 people (120 new, 0 updated, 0 unchanged); "Demo programme" (id 1, created):
// 30 mentors and 45 mentees with complete intakes (75 newly enrolled, 75 intakes written)"
std::string summary(const DemoDataReport& report);

}  // namespace flipside
