#include "handlers/matching/score_matrix.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <thread>
#include <unordered_map>

#include "handlers/matching/scoring.hpp"

namespace flipside::matching {

namespace {

// A profile reduced to what scoring reads, with the bitsets as plain words so the kernel can
// popcount them directly (std::bitset has no word access).
struct Packed {
  std::array<std::uint64_t, 2> teaches, learns, interests;
  std::array<std::uint64_t, 3> available;
  int n_teaches, n_learns, n_interests;
  int department, location;
  LearningStyle style;
  int extroversion;
  int utc;
};

template <std::size_t N>
std::array<std::uint64_t, (N + 63) / 64> words_of(const std::bitset<N>& b) {
  std::array<std::uint64_t, (N + 63) / 64> w{};
  const std::bitset<N> low(~std::uint64_t{0});
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = ((b >> (64 * i)) & low).to_ullong();
  return w;
}

struct Interner {
  std::unordered_map<std::string, int> ids;
  int operator()(const std::string& s) {
    return ids.try_emplace(s, static_cast<int>(ids.size())).first->second;
  }
};

Packed pack(const Profile& p, Interner& departments, Interner& locations) {
  Packed k;
  const auto t = words_of(p.teaches), l = words_of(p.learns), in = words_of(p.interests);
  k.teaches = t;
  k.learns = l;
  k.interests = in;
  k.available = words_of(p.available);
  k.n_teaches = static_cast<int>(p.teaches.count());
  k.n_learns = static_cast<int>(p.learns.count());
  k.n_interests = static_cast<int>(p.interests.count());
  k.department = departments(p.department);
  k.location = locations(p.location);
  k.style = p.learning_style;
  k.extroversion = p.extroversion;
  k.utc = p.utc_offset_minutes;
  return k;
}

struct Job {
  const std::vector<Packed>* mentors;
  const std::vector<Packed>* mentees;
  const Constraints* constraints;
  int max_gap_hours;
  std::array<double, 7> points;  // 100 × weight / Σ weights, in ScoreTerms order
  float* out;
};

// The per-cell work. Always inlined into the two wrappers below so __builtin_popcountll becomes
// the POPCNT instruction where the CPU has it, and a portable routine where not.
[[gnu::always_inline]] inline void fill_rows_impl(const Job& job, std::size_t begin,
                                                  std::size_t end) {
  const auto& mentors = *job.mentors;
  const std::size_t m = mentors.size();
  const auto& p = job.points;
  auto pc = [](std::uint64_t a, std::uint64_t b) { return __builtin_popcountll(a & b); };
  for (std::size_t i = begin; i < end; ++i) {
    const Packed& ee = (*job.mentees)[i];
    float* row = job.out + i * m;
    for (std::size_t j = 0; j < m; ++j) {
      if (job.constraints->dense(j, i) != kFeasible) {
        row[j] = kInfeasible;
        continue;
      }
      const Packed& mr = mentors[j];
      PairCounts c;
      c.mentee_wants = ee.n_learns;
      c.mentor_teaches_wanted = pc(mr.teaches[0], ee.learns[0]) + pc(mr.teaches[1], ee.learns[1]);
      c.mentor_wants = mr.n_learns;
      c.mentee_teaches_wanted = pc(ee.teaches[0], mr.learns[0]) + pc(ee.teaches[1], mr.learns[1]);
      c.mentor_interests = mr.n_interests;
      c.mentee_interests = ee.n_interests;
      c.shared_interests =
          pc(mr.interests[0], ee.interests[0]) + pc(mr.interests[1], ee.interests[1]);
      c.mentor_style = mr.style;
      c.mentee_style = ee.style;
      c.mentor_extroversion = mr.extroversion;
      c.mentee_extroversion = ee.extroversion;
      c.same_department = mr.department == ee.department;
      c.same_location = mr.location == ee.location;
      c.overlap_hours = pc(mr.available[0], ee.available[0]) +
                        pc(mr.available[1], ee.available[1]) + pc(mr.available[2], ee.available[2]);
      c.gap_minutes = time_zone_gap_minutes(mr.utc, ee.utc);
      const ScoreTerms t = terms_from_counts(c, job.max_gap_hours);
      // Same products, same order of additions as total_score(), so the cell equals score_pair().
      const double s = p[0] * t.skills + p[1] * t.interests + p[2] * t.learning_style +
                       p[3] * t.personality + p[4] * t.diversity + p[5] * t.availability +
                       p[6] * t.time_zone;
      row[j] = static_cast<float>(s);
    }
    for (const auto& [j, mask] : job.constraints->sparse_row(i)) row[j] = kInfeasible;
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
[[gnu::target("popcnt")]] void fill_rows_popcnt(const Job& job, std::size_t b, std::size_t e) {
  fill_rows_impl(job, b, e);
}
#endif
void fill_rows_portable(const Job& job, std::size_t b, std::size_t e) {
  fill_rows_impl(job, b, e);
}

void fill_rows(const Job& job, std::size_t b, std::size_t e) {
#if defined(__x86_64__) && defined(__GNUC__)
  if (__builtin_cpu_supports("popcnt")) return fill_rows_popcnt(job, b, e);
#endif
  fill_rows_portable(job, b, e);
}

}  // namespace

ScoreMatrix build_score_matrix(const Cohort& cohort, const Constraints& constraints,
                               unsigned threads) {
  Interner departments, locations;
  std::vector<Packed> mentors, mentees;
  mentors.reserve(cohort.mentors.size());
  mentees.reserve(cohort.mentees.size());
  for (const auto& p : cohort.mentors) mentors.push_back(pack(p, departments, locations));
  for (const auto& p : cohort.mentees) mentees.push_back(pack(p, departments, locations));

  ScoreMatrix matrix;
  matrix.mentees = mentees.size();
  matrix.mentors = mentors.size();
  matrix.scores.resize(matrix.mentees * matrix.mentors);

  // Derive the per-term factors from term_points so the weighting lives in one place.
  const TermPoints tp = term_points({1, 1, 1, 1, 1, 1, 1}, cohort.weights);
  Job job{&mentors,
          &mentees,
          &constraints,
          cohort.rules.max_time_zone_gap_hours,
          {tp.skills, tp.interests, tp.learning_style, tp.personality, tp.diversity,
           tp.availability, tp.time_zone},
          matrix.scores.data()};

  const std::size_t n = matrix.mentees;
  const unsigned t = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(n)));
  std::vector<std::thread> workers;
  for (unsigned k = 1; k < t; ++k) {
    workers.emplace_back(fill_rows, std::cref(job), n * k / t, n * (k + 1) / t);
  }
  fill_rows(job, 0, n / t);
  for (auto& w : workers) w.join();
  return matrix;
}

ScoreMatrix build_score_matrix(const Cohort& cohort, unsigned threads) {
  return build_score_matrix(cohort, Constraints(cohort), threads);
}

}  // namespace flipside::matching
