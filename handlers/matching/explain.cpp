#include "handlers/matching/explain.hpp"

#include <algorithm>
#include <numeric>

#include "handlers/matching/scoring.hpp"

namespace flipside::matching {

namespace {

std::vector<std::size_t> ids_of(const TagSet& set) {
  std::vector<std::size_t> ids;
  for (std::size_t t = 0; t < set.size(); ++t) {
    if (set.test(t)) ids.push_back(t);
  }
  return ids;
}

std::size_t covered_by(const std::vector<ViolationMask>& masks, ViolationMask set) {
  return static_cast<std::size_t>(
      std::count_if(masks.begin(), masks.end(), [set](ViolationMask m) { return (m & set) != 0; }));
}

// Fills constraints/ruled_out from a chosen set, the constraint ruling out most first.
void describe(const std::vector<ViolationMask>& masks, ViolationMask chosen, UnmatchedReason& r) {
  for (Violation v : all_violations()) {
    if (chosen & mask_of(v)) r.constraints.push_back(v);
  }
  std::stable_sort(r.constraints.begin(), r.constraints.end(), [&](Violation a, Violation b) {
    return covered_by(masks, mask_of(a)) > covered_by(masks, mask_of(b));
  });
  for (Violation v : r.constraints) r.ruled_out.push_back(covered_by(masks, mask_of(v)));
}

}  // namespace

std::vector<PairReason> explain_pair(const Cohort& cohort, std::size_t mentor_index,
                                     std::size_t mentee_index) {
  const Profile& mentor = cohort.mentors.at(mentor_index);
  const Profile& mentee = cohort.mentees.at(mentee_index);
  const PairCounts c = pair_counts(mentor, mentee);
  const TermPoints p =
      term_points(terms_from_counts(c, cohort.rules.max_time_zone_gap_hours), cohort.weights);

  std::vector<PairReason> reasons;
  auto add = [&](ReasonKind kind, double points) -> PairReason* {
    if (!(points > 0)) return nullptr;  // a term that adds nothing is no reason
    PairReason& r = reasons.emplace_back();
    r.kind = kind;
    r.points = points;
    return &r;
  };
  if (auto* r = add(ReasonKind::skills, p.skills)) {
    r->tags = ids_of(mentor.teaches & mentee.learns);
    r->reverse_tags = ids_of(mentee.teaches & mentor.learns);
  }
  if (auto* r = add(ReasonKind::interests, p.interests)) {
    r->tags = ids_of(mentor.interests & mentee.interests);
  }
  if (auto* r = add(ReasonKind::learning_style, p.learning_style)) {
    r->mentor_style = mentor.learning_style;
    r->mentee_style = mentee.learning_style;
  }
  if (auto* r = add(ReasonKind::personality, p.personality)) {
    r->mentor_extroversion = mentor.extroversion;
    r->mentee_extroversion = mentee.extroversion;
  }
  if (auto* r = add(ReasonKind::diversity, p.diversity)) {
    r->different_department = !c.same_department;
    r->different_location = !c.same_location;
    r->mentor_department = mentor.department;
    r->mentee_department = mentee.department;
    r->mentor_location = mentor.location;
    r->mentee_location = mentee.location;
  }
  if (auto* r = add(ReasonKind::availability, p.availability)) r->overlap_hours = c.overlap_hours;
  if (auto* r = add(ReasonKind::time_zone, p.time_zone)) {
    r->gap_minutes = c.gap_minutes;
    r->mentor_time_zone = mentor.time_zone;
    r->mentee_time_zone = mentee.time_zone;
  }
  std::stable_sort(reasons.begin(), reasons.end(),
                   [](const PairReason& a, const PairReason& b) { return a.points > b.points; });
  return reasons;
}

UnmatchedReason cover_violations(const std::vector<ViolationMask>& masks, std::size_t max_size) {
  UnmatchedReason r;
  r.kind = UnmatchedKind::no_feasible_partner;
  r.partners = masks.size();
  // Six constraints make 63 subsets, so the smallest cover is found exactly rather than
  // greedily. Among covers of the same size, prefer the one whose constraints rule out the most
  // people in total (the more telling explanation), then the enum order.
  constexpr unsigned kAllSets = 1u << kViolationKinds;
  for (std::size_t size = 1; size <= max_size; ++size) {
    int best = -1;
    std::size_t best_total = 0;
    for (unsigned set = 1; set < kAllSets; ++set) {
      if (static_cast<std::size_t>(__builtin_popcount(set)) != size) continue;
      if (covered_by(masks, static_cast<ViolationMask>(set)) != masks.size()) continue;
      std::size_t total = 0;
      for (Violation v : all_violations()) {
        if (set & mask_of(v)) total += covered_by(masks, mask_of(v));
      }
      if (best < 0 || total > best_total) {
        best = static_cast<int>(set);
        best_total = total;
      }
    }
    if (best >= 0) {
      describe(masks, static_cast<ViolationMask>(best), r);
      return r;
    }
  }
  // No small cover: name the constraints that rule out the most people, greedily.
  ViolationMask chosen = 0;
  std::vector<ViolationMask> left = masks;
  for (std::size_t k = 0; k < max_size && !left.empty(); ++k) {
    Violation pick = all_violations().front();
    std::size_t most = 0;
    for (Violation v : all_violations()) {
      const std::size_t n = covered_by(left, mask_of(v));
      if (n > most) most = n, pick = v;
    }
    chosen |= mask_of(pick);
    std::erase_if(left, [&](ViolationMask m) { return has(m, pick); });
  }
  r.covers_everyone = left.empty();
  describe(masks, chosen, r);
  return r;
}

namespace {
// What the partners an unmatched person could have had say: some were feasible (taken by better
// fits), none were (the constraints that rule them out), or there were none at all.
UnmatchedReason reason_from(std::size_t feasible, const std::vector<ViolationMask>& masks) {
  UnmatchedReason r;
  if (feasible > 0) {
    r.kind = UnmatchedKind::partners_taken;
  } else if (!masks.empty()) {
    r = cover_violations(masks);
  }
  r.partners = feasible + masks.size();
  r.feasible_partners = feasible;
  return r;
}
}  // namespace

UnmatchedReason explain_unmatched_mentee(const Constraints& constraints,
                                         std::span<const int> capacities, std::size_t mentee) {
  std::vector<ViolationMask> masks;
  std::size_t feasible = 0;
  for (std::size_t j = 0; j < constraints.mentors(); ++j) {
    if (j < capacities.size() && capacities[j] <= 0) continue;  // takes no one: not a partner
    const ViolationMask m = constraints.check(j, mentee);
    if (m == kFeasible) {
      ++feasible;
    } else {
      masks.push_back(m);
    }
  }
  return reason_from(feasible, masks);
}

UnmatchedReason explain_unmatched_mentor(const Constraints& constraints, std::size_t mentor) {
  std::vector<ViolationMask> masks;
  std::size_t feasible = 0;
  for (std::size_t i = 0; i < constraints.mentees(); ++i) {
    const ViolationMask m = constraints.check(mentor, i);
    if (m == kFeasible) {
      ++feasible;
    } else {
      masks.push_back(m);
    }
  }
  return reason_from(feasible, masks);
}

}  // namespace flipside::matching
