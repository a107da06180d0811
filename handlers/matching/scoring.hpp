#pragma once
// The soft side of matching: how good a feasible pair is. Each term is in [0, 1]; the pair score is
// their weighted mean scaled to 0..100 (Weights in model.hpp). Hard constraints are elsewhere
// (constraints.hpp): a great score never makes a forbidden pair possible.
#include <algorithm>
#include <cstddef>
#include <cstdlib>

#include "handlers/matching/model.hpp"

namespace flipside::matching {

// The forward direction (junior teaches senior) is the point of the programme; what the senior
// teaches back counts, but less.
inline constexpr double kForwardSkillShare = 0.8;
// Three shared hours a week is enough to meet; more overlap does not make a better pair.
inline constexpr int kAvailabilitySaturationHours = 3;

struct ScoreTerms {
  double skills = 0;          // mentor teaches what the mentee wants (and a little back)
  double interests = 0;       // shared interests / the smaller interest list
  double learning_style = 0;  // compatibility table
  double personality = 0;     // |extroversion difference| / 4: complements score high
  double diversity = 0;       // half for another department, half for another location
  double availability = 0;    // overlapping UTC hours, saturating at kAvailabilitySaturationHours
  double time_zone = 0;       // 1 in the same zone, 0 at the rules' maximum gap
};

// The counts the terms are made of. Both score_terms (from Profiles) and the score matrix (from
// packed profiles, with bit operations) fill this and call terms_from_counts, so the two agree.
struct PairCounts {
  int mentee_wants = 0;           // |mentee.learns|
  int mentor_teaches_wanted = 0;  // |mentor.teaches ∩ mentee.learns|
  int mentor_wants = 0;           // |mentor.learns|
  int mentee_teaches_wanted = 0;  // |mentee.teaches ∩ mentor.learns|
  int mentor_interests = 0;
  int mentee_interests = 0;
  int shared_interests = 0;
  LearningStyle mentor_style = LearningStyle::discussion;
  LearningStyle mentee_style = LearningStyle::discussion;
  int mentor_extroversion = 3;
  int mentee_extroversion = 3;
  bool same_department = false;
  bool same_location = false;
  int overlap_hours = 0;
  int gap_minutes = 0;
};

// How well two ways of learning work together in one pair; symmetric, 1 on the diagonal.
// Hands-on and visual learners share a screen easily; reading-first and hands-on least.
inline double learning_style_compatibility(LearningStyle a, LearningStyle b) {
  // hands_on, discussion, reading, visual
  static constexpr double kTable[4][4] = {
      {1.0, 0.6, 0.3, 0.8},
      {0.6, 1.0, 0.6, 0.5},
      {0.3, 0.6, 1.0, 0.7},
      {0.8, 0.5, 0.7, 1.0},
  };
  return kTable[static_cast<int>(a)][static_cast<int>(b)];
}

namespace detail {
// 1/n for the counts scoring divides by (tags per set, saturation hours): a table lookup instead
// of a division per cell keeps the 25-million-cell matrix build fast, and score_terms uses the same
// table, so both give identical results.
struct Reciprocals {
  double v[kMaxTags + 1];
  constexpr Reciprocals() : v() {
    v[0] = 0.0;
    for (std::size_t n = 1; n <= kMaxTags; ++n) v[n] = 1.0 / static_cast<double>(n);
  }
};
inline constexpr Reciprocals kReciprocals{};
inline double ratio(int part, int whole) {
  return static_cast<double>(part) * kReciprocals.v[static_cast<std::size_t>(whole)];
}
}  // namespace detail

inline ScoreTerms terms_from_counts(const PairCounts& c, int max_time_zone_gap_hours) {
  ScoreTerms t;
  // Skills: a weighted mean over the directions somebody asked for, so a mentor who teaches
  // exactly what is wanted scores 1 even when the mentor listed nothing to learn back.
  const double forward = detail::ratio(c.mentor_teaches_wanted, c.mentee_wants);
  const double backward = detail::ratio(c.mentee_teaches_wanted, c.mentor_wants);
  if (c.mentee_wants > 0 && c.mentor_wants > 0) {
    t.skills = kForwardSkillShare * forward + (1.0 - kForwardSkillShare) * backward;
  } else {
    t.skills = c.mentee_wants > 0 ? forward : backward;  // 0 when neither wants anything
  }

  // Overlap over the smaller list rather than Jaccard: someone who lists many interests should
  // not be penalised for it.
  t.interests = detail::ratio(c.shared_interests, std::min(c.mentor_interests, c.mentee_interests));

  t.learning_style = learning_style_compatibility(c.mentor_style, c.mentee_style);
  const int a = std::clamp(c.mentor_extroversion, 1, 5);
  const int b = std::clamp(c.mentee_extroversion, 1, 5);
  t.personality = std::abs(a - b) * 0.25;
  t.diversity = (c.same_department ? 0.0 : 0.5) + (c.same_location ? 0.0 : 0.5);
  t.availability = detail::ratio(std::min(c.overlap_hours, kAvailabilitySaturationHours),
                                 kAvailabilitySaturationHours);
  const int max_gap = max_time_zone_gap_hours * 60;
  t.time_zone = max_gap > 0 ? std::max(0.0, 1.0 - static_cast<double>(c.gap_minutes) / max_gap)
                            : (c.gap_minutes == 0 ? 1.0 : 0.0);
  return t;
}

// Each term's share of the 0..100 score (weight × term / total weight × 100), in the order of
// ScoreTerms; explain.cpp ranks reasons by these.
struct TermPoints {
  double skills, interests, learning_style, personality, diversity, availability, time_zone;
};
inline TermPoints term_points(const ScoreTerms& t, const Weights& w) {
  const double sum = w.skills + w.interests + w.learning_style + w.personality + w.diversity +
                     w.availability + w.time_zone;
  const double k = sum > 0 ? 100.0 / sum : 0.0;
  return {k * w.skills * t.skills,
          k * w.interests * t.interests,
          k * w.learning_style * t.learning_style,
          k * w.personality * t.personality,
          k * w.diversity * t.diversity,
          k * w.availability * t.availability,
          k * w.time_zone * t.time_zone};
}

// The weighted mean of the terms, 0..100 (0 when all weights are 0).
inline double total_score(const ScoreTerms& t, const Weights& w) {
  const TermPoints p = term_points(t, w);
  return p.skills + p.interests + p.learning_style + p.personality + p.diversity + p.availability +
         p.time_zone;
}

PairCounts pair_counts(const Profile& mentor, const Profile& mentee);
ScoreTerms score_terms(const Profile& mentor, const Profile& mentee, const Rules& rules);
// total_score(score_terms(...), cohort.weights) for one pair of the cohort.
double score_pair(const Profile& mentor, const Profile& mentee, const Cohort& cohort);

}  // namespace flipside::matching
