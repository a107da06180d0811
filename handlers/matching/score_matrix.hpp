#pragma once
// Every (mentee, mentor) score of a cohort at once, for the solver, the shortlist and the
// explanations of unmatched people. 5,000 × 5,000 is 25 million cells, so the build is bit
// operations on packed profiles and the cells are floats (100 MB at that size, not 200).
#include <cstddef>
#include <limits>
#include <vector>

#include "handlers/matching/constraints.hpp"
#include "handlers/matching/model.hpp"

namespace flipside::matching {

// Marks a pair that breaks a hard constraint; every real score is in [0, 100]. The most negative
// float rather than -1 so the solver can turn it into weight 0 with a max() instead of a branch
// (solver_weight): a branch there is mispredicted for every infeasible pair it scans.
inline constexpr float kInfeasible = std::numeric_limits<float>::lowest();

struct ScoreMatrix {
  std::size_t mentees = 0;    // rows
  std::size_t mentors = 0;    // columns
  std::vector<float> scores;  // row-major, kInfeasible where a hard constraint fails

  float score(std::size_t mentee, std::size_t mentor) const {
    return scores[mentee * mentors + mentor];
  }
  bool feasible(std::size_t mentee, std::size_t mentor) const {
    return score(mentee, mentor) >= 0.0f;
  }
  const float* row(std::size_t mentee) const { return scores.data() + mentee * mentors; }
};

// Scores every pair (score_pair for feasible ones, rounded to float). `threads` splits the rows;
// 0 or 1 builds on the calling thread.
ScoreMatrix build_score_matrix(const Cohort& cohort, const Constraints& constraints,
                               unsigned threads = 2);
ScoreMatrix build_score_matrix(const Cohort& cohort, unsigned threads = 2);

}  // namespace flipside::matching
