#pragma once
// Builds the matcher's Cohort for one programme from SQLite: finished intakes, the organisation
// chart (management chains), earlier pairs and do-not-pair lists.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "handlers/context.hpp"
#include "handlers/matching/model.hpp"
#include "storage/people.hpp"
#include "storage/programmes.hpp"

namespace flipside::handlers {

struct LoadedCohort {
  matching::Cohort cohort;
  // Participants left out because their intake is not finished.
  std::vector<std::int64_t> incomplete_mentors;
  std::vector<std::int64_t> incomplete_mentees;
  std::map<std::string, std::string> language_names;  // "pt" -> "Portuguese"
};

LoadedCohort load_cohort(Context& ctx, const storage::Programme& programme);

// Free slots such as "mon_am" (09-12) and "tue_pm" (13-17) in a person's own time, as UTC hours
// of the week for someone `utc_offset_minutes` ahead of UTC.
matching::WeekHours availability_in_utc(const std::string& slots, int utc_offset_minutes);

// The programme's weights and rules: defaults, overridden by its settings JSON
// ({"weights": {"skills": 0.4, ...}, "rules": {"min_level_gap": 2, ...}}).
void apply_settings(const std::string& settings_json, matching::Weights& weights,
                    matching::Rules& rules);

}  // namespace flipside::handlers
