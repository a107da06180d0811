// Times the score-matrix build and the optimal assignment for one seeded demo cohort, and writes
// the exact weight matrix the solver optimised (mentees × mentor slots, raw little-endian float64,
// row-major) so scipy_solve.py can solve the very same problem. run.sh drives it; see README.md.
//
//   matching_bench <per_side> <seed> <weights.f64 | -> [repeats]
//
// Prints key=value lines. With repeats > 1 the solve runs that many times on the same matrix and
// the fastest is reported (scipy_solve.py does the same), which filters out a busy neighbour.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "handlers/matching/constraints.hpp"
#include "handlers/matching/demo_people.hpp"
#include "handlers/matching/score_matrix.hpp"
#include "handlers/matching/solver.hpp"

using namespace flipside::matching;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

long peak_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;  // kilobytes on Linux
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::fprintf(stderr, "usage: %s <per_side> <seed> <weights.f64 | -> [repeats]\n", argv[0]);
    return 2;
  }
  const std::size_t n = std::strtoull(argv[1], nullptr, 10);
  const std::uint64_t seed = std::strtoull(argv[2], nullptr, 10);
  const std::string out = argv[3];
  const int repeats = argc == 5 ? std::max(1, std::atoi(argv[4])) : 1;

  auto t0 = std::chrono::steady_clock::now();
  const Cohort cohort = demo_cohort(n, seed);
  const double generate_s = seconds_since(t0);

  // The build: constraint precomputation plus every cell, on 2 threads.
  t0 = std::chrono::steady_clock::now();
  const Constraints constraints(cohort);
  const ScoreMatrix matrix = build_score_matrix(cohort, constraints, 2);
  const double build_s = seconds_since(t0);
  const long rss_after_build = peak_rss_kb();

  const std::vector<int> capacities = capacities_of(cohort);
  Assignment a;
  double solve_s = 0;
  for (int k = 0; k < repeats; ++k) {
    t0 = std::chrono::steady_clock::now();
    a = assign(matrix, capacities);
    const double s = seconds_since(t0);
    solve_s = k == 0 ? s : std::min(solve_s, s);
  }
  const long rss_after_solve = peak_rss_kb();

  // The objective summed in long double so run.sh can compare it with SciPy's math.fsum at a
  // tolerance far below the smallest score difference (a double sum of 5,000 values near 5e5
  // could be off by more than that).
  long double objective = 0;
  for (std::size_t i = 0; i < matrix.mentees; ++i) {
    if (a.mentor_of[i] >= 0) {
      objective += solver_weight(matrix.score(i, static_cast<std::size_t>(a.mentor_of[i])),
                                 assignment_bonus(matrix, capacities));
    }
  }
  std::size_t feasible = 0;
  for (float s : matrix.scores) feasible += s >= 0.0f;
  const std::vector<int> owner = mentor_slots(capacities);
  const double bonus = assignment_bonus(matrix, capacities);

  if (out != "-") {
    std::ofstream f(out, std::ios::binary);
    std::vector<double> row(owner.size());
    for (std::size_t i = 0; i < matrix.mentees; ++i) {
      for (std::size_t k = 0; k < owner.size(); ++k) {
        row[k] = solver_weight(matrix.score(i, owner[k]), bonus);
      }
      f.write(reinterpret_cast<const char*>(row.data()),
              static_cast<std::streamsize>(row.size() * sizeof(double)));
    }
    if (!f) {
      std::fprintf(stderr, "cannot write %s\n", out.c_str());
      return 2;
    }
  }

  std::printf("mentees=%zu\nmentors=%zu\nslots=%zu\n", matrix.mentees, matrix.mentors,
              owner.size());
  std::printf("feasible_fraction=%.4f\n",
              static_cast<double>(feasible) / static_cast<double>(matrix.scores.size()));
  std::printf("generate_seconds=%.4f\nbuild_seconds=%.4f\nsolve_seconds=%.4f\n", generate_s,
              build_s, solve_s);
  std::printf("matched=%zu\ntotal_score=%.6f\nbonus=%.1f\nobjective=%.17g\n", a.matched,
              a.total_score, bonus, static_cast<double>(objective));
  std::printf("peak_rss_kb_after_build=%ld\npeak_rss_kb=%ld\n", rss_after_build, rss_after_solve);
  std::printf("build_threads=2\nhardware_threads=%u\nsolve_repeats=%d\n",
              std::thread::hardware_concurrency(), repeats);
  return 0;
}
