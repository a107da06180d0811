#pragma once
// Optimal assignment: which mentee goes with which mentor. An exact shortest-augmenting-path
// solver for rectangular linear assignment problems (D. F. Crouse, "On implementing 2D rectangular
// assignment algorithms", IEEE Trans. Aerospace and Electronic Systems 52(4), 2016), written from
// the paper, plus the capacity and feasibility handling the programme needs on top of it.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "handlers/matching/model.hpp"
#include "handlers/matching/score_matrix.hpp"

namespace flipside::matching {

// Solves min (or max) Σ matrix[r][col_of_row[r]] over assignments that give every row of the
// smaller side a distinct partner. `matrix` is row-major rows × cols. Returns, per row, its column
// or -1 (only when rows > cols: some rows stay out). +inf marks a forbidden cell (-inf when
// maximising); nullopt when no full assignment avoids them. NaN is a bug: std::invalid_argument.
std::optional<std::vector<int>> linear_sum_assignment(std::span<const double> matrix,
                                                      std::size_t rows, std::size_t cols,
                                                      bool maximize = false);

// The objective assign() optimises is lexicographic: first match as many people as the hard
// constraints allow, then maximise the total score. One linear assignment does both: a feasible
// pair weighs bonus + score, an infeasible one 0, and bonus is larger than any possible sum of
// scores (100 × the number of pairs + 100), so one more feasible pair always beats any gain in
// score. Infeasible pairs the solver had to make (because the sides are full) carry weight 0 and
// are dropped from the result, which leaves those people unmatched. Mentor capacity becomes one
// virtual column per slot; the cost of a slot is read from its mentor's column, so the matrix is
// not copied.
inline double solver_weight(float score, double bonus) {
  // kInfeasible is so negative that bonus + score < 0; clearing negative values with the sign
  // bit gives the 0 without a branch (the solver scans this for every cell, and GCC turns
  // std::max here into a branch that is mispredicted for each infeasible pair). A feasible pair's
  // bonus + score is exact in double (score is a float, bonus an integer).
  const auto bits = std::bit_cast<std::uint64_t>(bonus + static_cast<double>(score));
  const auto keep = ~static_cast<std::uint64_t>(static_cast<std::int64_t>(bits) >> 63);
  return std::bit_cast<double>(bits & keep);
}
double assignment_bonus(const ScoreMatrix& matrix, std::span<const int> capacities);
// Slot -> mentor index: mentor j appears capacities[j] times (0 or less: not at all).
std::vector<int> mentor_slots(std::span<const int> capacities);
// Profile::capacity of each mentor, in cohort order.
std::vector<int> capacities_of(const Cohort& cohort);

struct Assignment {
  std::vector<int> mentor_of;  // per mentee: mentor index, or -1 when unmatched
  std::vector<int> load;       // per mentor: how many mentees they got
  std::size_t matched = 0;     // feasible pairs made
  double total_score = 0;      // Σ scores of the pairs made (the float matrix values)
  double objective = 0;        // Σ solver_weight over the solver's assignment, infeasible included
};

// `capacities` has one entry per mentor (matrix.mentors).
Assignment assign(const ScoreMatrix& matrix, std::span<const int> capacities);

}  // namespace flipside::matching
