#pragma once
// How well did the match score foretell what became of the pairs? Pure statistics for the match
// quality report (issue #8): Spearman's rank correlation of the score, and of each score term,
// with each pair's outcome, and a re-weighting the programme manager may choose to apply.
#include <array>
#include <cstddef>
#include <optional>
#include <vector>

namespace flipside::matching {

// Below this many pairs a correlation says more about chance than about the score.
inline constexpr std::size_t kMinPairsForQuality = 8;
// A term whose rank correlation with outcomes reaches this (or its negative) earns a suggestion.
inline constexpr double kSuggestAtCorrelation = 0.3;
// How far one suggestion moves a weight: small steps, one cohort at a time.
inline constexpr double kWeightStep = 0.05;

inline constexpr std::size_t kTermCount = 7;  // the order of ScoreTerms
using TermArray = std::array<double, kTermCount>;

// Spearman's rho: Pearson's correlation of the ranks, ties sharing their average rank. nullopt
// when there are fewer than 3 values or either side does not vary (a same-zone cohort's time-zone
// term, say): no ranking, no correlation.
std::optional<double> spearman(const std::vector<double>& x, const std::vector<double>& y);

struct PairResult {
  double score = 0;  // predicted, 0..100
  TermArray terms{};
  double outcome = 0;  // realised, 0..1
};

struct TermFinding {
  std::size_t term = 0;  // index into ScoreTerms order
  std::optional<double> correlation;
  double weight = 0;
  double suggested_weight = 0;  // == weight when nothing is suggested
};

struct QualityAnalysis {
  std::size_t pairs = 0;
  bool enough_pairs = false;
  std::optional<double> score_correlation;
  double mean_outcome = 0;
  // Every term, the most positively correlated first; terms without a correlation last.
  std::vector<TermFinding> terms;
  bool suggests_change() const;
};

// `weights` in ScoreTerms order. Suggestions appear only with enough pairs: a term correlated at
// kSuggestAtCorrelation or more gains kWeightStep, one at -kSuggestAtCorrelation or less loses it
// (never below 0). Nothing here changes a programme: the manager decides.
QualityAnalysis analyse_quality(const std::vector<PairResult>& pairs, const TermArray& weights);

}  // namespace flipside::matching
