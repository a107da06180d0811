#pragma once
// Why a pair was made, or why someone was left out, as data. The chat handler turns these into
// sentences with templates ("teaches data visualisation, which you want to learn"; "no mentor
// speaks Portuguese and fits your time zone"), so this file holds facts, not English.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "handlers/matching/constraints.hpp"
#include "handlers/matching/model.hpp"

namespace flipside::matching {

// One kind per score term (scoring.hpp).
enum class ReasonKind {
  skills,
  interests,
  learning_style,
  personality,
  diversity,
  availability,
  time_zone
};

// One reason a pair fits. Only the fields of its kind are filled.
struct PairReason {
  ReasonKind kind = ReasonKind::skills;
  double points = 0;  // this term's share of the 0..100 pair score; always > 0

  // skills: tag ids the mentor teaches that the mentee wants to learn, and the reverse direction
  // (the mentee teaches, the mentor wants). interests: shared tag ids in `tags`.
  std::vector<std::size_t> tags;
  std::vector<std::size_t> reverse_tags;

  // learning_style
  LearningStyle mentor_style = LearningStyle::discussion;
  LearningStyle mentee_style = LearningStyle::discussion;
  // personality: 1 (introvert) .. 5 (extrovert)
  int mentor_extroversion = 0;
  int mentee_extroversion = 0;
  // diversity: which differ, and the values for "Sales ↔ Engineering"
  bool different_department = false;
  bool different_location = false;
  std::string mentor_department, mentee_department, mentor_location, mentee_location;
  // availability: shared free hours a week (UTC)
  int overlap_hours = 0;
  // time_zone: distance in minutes (circular), and the IANA names
  int gap_minutes = 0;
  std::string mentor_time_zone, mentee_time_zone;
};

// The reasons a mentor and mentee fit, largest contribution first; a term that adds nothing to
// the score is left out (so a zero weight or a zero term never shows).
std::vector<PairReason> explain_pair(const Cohort& cohort, std::size_t mentor, std::size_t mentee);

enum class UnmatchedKind {
  no_one_on_other_side,  // there are no mentors (or no mentees, or no capacity) at all
  no_feasible_partner,   // every possible partner breaks a hard constraint
  partners_taken,        // some partners were possible, but the optimum gave them to others
};

struct UnmatchedReason {
  UnmatchedKind kind = UnmatchedKind::no_one_on_other_side;
  std::size_t partners = 0;           // people on the other side
  std::size_t feasible_partners = 0;  // of those, how many this person could be paired with
  // no_feasible_partner: the fewest constraints (at most 3) that together rule out every partner,
  // the one ruling out most first; `ruled_out[k]` is how many partners constraints[k] rules out.
  std::vector<Violation> constraints;
  std::vector<std::size_t> ruled_out;
  // False when more than 3 constraints would be needed; the 3 listed then rule out the most.
  bool covers_everyone = true;
};

// Why mentee `mentee` got no mentor in `assignment` (call only for unmatched mentees).
// `capacities` as given to assign(): a mentor with none left out of the count of partners.
UnmatchedReason explain_unmatched_mentee(const Constraints& constraints,
                                         std::span<const int> capacities, std::size_t mentee);
// Why mentor `mentor` got no mentee at all.
UnmatchedReason explain_unmatched_mentor(const Constraints& constraints, std::size_t mentor);

// The smallest set of at most `max_size` constraints covering every mask (each mask non-zero).
// Exposed for tests; explain_unmatched_* use it.
UnmatchedReason cover_violations(const std::vector<ViolationMask>& masks, std::size_t max_size = 3);

}  // namespace flipside::matching
