#pragma once
// Confidence ratings for impact measurement (issue #8): one row per person, programme, phase
// ("before" at intake, "after" at the wrap-up) and topic (a skill, or "coaching" for mentors),
// and the testimonials pairs agreed to share. Managers see only aggregates (handlers/impact).
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"
#include "storage/people.hpp"

namespace flipside::storage {

struct ConfidenceRating {
  std::string topic;  // skill slug, or "coaching"
  std::string label;  // what the person was asked about, as the programme names it
  int rating = 0;     // 1-5
};

struct RatingRow {
  std::int64_t person_id = 0;
  Role role = Role::mentor;
  std::string phase;  // before | after
  ConfidenceRating rating;
};

struct SharedTestimonial {
  std::string name;  // the person agreed to share it with their name
  std::string text;
};

class ImpactRepository {
 public:
  explicit ImpactRepository(SQLite::Database& db) : db_(db) {}

  // Replaces the person's ratings of `phase` in the programme with `ratings`: a resubmitted form
  // (an edited intake with other skills) leaves no stale topic behind.
  void save(std::int64_t programme_id, std::int64_t person_id, Role role, const std::string& phase,
            const std::vector<ConfidenceRating>& ratings, TimePoint now);
  std::vector<ConfidenceRating> ratings(std::int64_t programme_id, std::int64_t person_id,
                                        const std::string& phase);
  // Every rating in the programme, for the report's aggregates.
  std::vector<RatingRow> programme_ratings(std::int64_t programme_id);
  // Testimonials from the programme's wrap-ups whose author agreed to share them, by name.
  std::vector<SharedTestimonial> shared_testimonials(std::int64_t programme_id);

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
