#include "handlers/matching/shortlist.hpp"

#include <algorithm>

namespace flipside::matching {

std::vector<ShortlistEntry> shortlist(const ScoreMatrix& matrix, const Assignment& assignment,
                                      std::size_t mentee, std::size_t k) {
  std::vector<ShortlistEntry> list;
  if (k == 0) return list;
  const int optimal = mentee < assignment.mentor_of.size() ? assignment.mentor_of[mentee] : -1;
  if (optimal >= 0 && matrix.feasible(mentee, static_cast<std::size_t>(optimal))) {
    list.push_back({static_cast<std::size_t>(optimal), matrix.score(mentee, optimal), true});
  }
  std::vector<ShortlistEntry> others;
  for (std::size_t j = 0; j < matrix.mentors; ++j) {
    if (static_cast<int>(j) == optimal || !matrix.feasible(mentee, j)) continue;
    others.push_back({j, matrix.score(mentee, j), false});
  }
  const std::size_t take = std::min(others.size(), k - list.size());
  // Partial sort: only the best few matter out of possibly thousands.
  std::partial_sort(others.begin(), others.begin() + static_cast<std::ptrdiff_t>(take),
                    others.end(), [](const ShortlistEntry& a, const ShortlistEntry& b) {
                      return a.score != b.score ? a.score > b.score : a.mentor < b.mentor;
                    });
  list.insert(list.end(), others.begin(), others.begin() + static_cast<std::ptrdiff_t>(take));
  return list;
}

}  // namespace flipside::matching
