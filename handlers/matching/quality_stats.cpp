#include "handlers/matching/quality_stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace flipside::matching {

namespace {

// 1-based ranks, ties averaged: {10, 20, 20, 30} -> {1, 2.5, 2.5, 4}.
std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return v[a] < v[b]; });
  std::vector<double> out(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double average = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) out[order[k]] = average;
    i = j + 1;
  }
  return out;
}

std::optional<double> pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx <= 0 || syy <= 0) return std::nullopt;
  return sxy / std::sqrt(sxx * syy);
}

}  // namespace

std::optional<double> spearman(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size() || x.size() < 3) return std::nullopt;
  return pearson(ranks(x), ranks(y));
}

bool QualityAnalysis::suggests_change() const {
  return std::any_of(terms.begin(), terms.end(),
                     [](const TermFinding& t) { return t.suggested_weight != t.weight; });
}

QualityAnalysis analyse_quality(const std::vector<PairResult>& pairs, const TermArray& weights) {
  QualityAnalysis a;
  a.pairs = pairs.size();
  a.enough_pairs = pairs.size() >= kMinPairsForQuality;
  std::vector<double> outcomes, scores;
  for (const auto& p : pairs) {
    outcomes.push_back(p.outcome);
    scores.push_back(p.score);
  }
  if (!pairs.empty())
    a.mean_outcome = std::accumulate(outcomes.begin(), outcomes.end(), 0.0) / outcomes.size();
  a.score_correlation = spearman(scores, outcomes);
  for (std::size_t t = 0; t < kTermCount; ++t) {
    std::vector<double> values;
    for (const auto& p : pairs) values.push_back(p.terms[t]);
    TermFinding f{t, spearman(values, outcomes), weights[t], weights[t]};
    if (a.enough_pairs && f.correlation) {
      if (*f.correlation >= kSuggestAtCorrelation) f.suggested_weight = weights[t] + kWeightStep;
      if (*f.correlation <= -kSuggestAtCorrelation)
        f.suggested_weight = std::max(0.0, weights[t] - kWeightStep);
    }
    a.terms.push_back(f);
  }
  std::stable_sort(a.terms.begin(), a.terms.end(), [](const TermFinding& x, const TermFinding& y) {
    if (x.correlation.has_value() != y.correlation.has_value()) return x.correlation.has_value();
    return x.correlation.value_or(0) > y.correlation.value_or(0);
  });
  return a;
}

}  // namespace flipside::matching
