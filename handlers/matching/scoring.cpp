#include "handlers/matching/scoring.hpp"

#include "handlers/matching/constraints.hpp"

namespace flipside::matching {

PairCounts pair_counts(const Profile& mentor, const Profile& mentee) {
  PairCounts c;
  c.mentee_wants = static_cast<int>(mentee.learns.count());
  c.mentor_teaches_wanted = static_cast<int>((mentor.teaches & mentee.learns).count());
  c.mentor_wants = static_cast<int>(mentor.learns.count());
  c.mentee_teaches_wanted = static_cast<int>((mentee.teaches & mentor.learns).count());
  c.mentor_interests = static_cast<int>(mentor.interests.count());
  c.mentee_interests = static_cast<int>(mentee.interests.count());
  c.shared_interests = static_cast<int>((mentor.interests & mentee.interests).count());
  c.mentor_style = mentor.learning_style;
  c.mentee_style = mentee.learning_style;
  c.mentor_extroversion = mentor.extroversion;
  c.mentee_extroversion = mentee.extroversion;
  c.same_department = mentor.department == mentee.department;
  c.same_location = mentor.location == mentee.location;
  c.overlap_hours = static_cast<int>((mentor.available & mentee.available).count());
  c.gap_minutes = time_zone_gap_minutes(mentor.utc_offset_minutes, mentee.utc_offset_minutes);
  return c;
}

ScoreTerms score_terms(const Profile& mentor, const Profile& mentee, const Rules& rules) {
  return terms_from_counts(pair_counts(mentor, mentee), rules.max_time_zone_gap_hours);
}

double score_pair(const Profile& mentor, const Profile& mentee, const Cohort& cohort) {
  return total_score(score_terms(mentor, mentee, cohort.rules), cohort.weights);
}

}  // namespace flipside::matching
