#pragma once
// Shortlist mode: each mentee chooses from a few feasible mentors instead of being told one.
#include <cstddef>
#include <vector>

#include "handlers/matching/score_matrix.hpp"
#include "handlers/matching/solver.hpp"

namespace flipside::matching {

struct ShortlistEntry {
  std::size_t mentor = 0;
  float score = 0;
  bool optimal = false;  // the mentor the optimal assignment gave this mentee
};

// Up to k feasible mentors for one mentee: their optimal-assignment mentor first (when they have
// one), then the other feasible mentors by score, best first (ties: lower index). Fewer than k
// when fewer are feasible. The optimal mentor leads even when others score higher for this
// mentee alone: it is the choice that works for the whole cohort.
std::vector<ShortlistEntry> shortlist(const ScoreMatrix& matrix, const Assignment& assignment,
                                      std::size_t mentee, std::size_t k = 3);

}  // namespace flipside::matching
