// The matching engine of issue #5: constraints, scoring, the score matrix, the optimal assignment,
// explanations, shortlists and the demo-data generator. Everything here is pure, so the tests
// build cohorts in memory and check results against brute force and direct re-computation.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <random>
#include <set>

#include <catch2/catch.hpp>

#include "handlers/matching/constraints.hpp"
#include "handlers/matching/demo_people.hpp"
#include "handlers/matching/explain.hpp"
#include "handlers/matching/model.hpp"
#include "handlers/matching/score_matrix.hpp"
#include "handlers/matching/scoring.hpp"
#include "handlers/matching/shortlist.hpp"
#include "handlers/matching/solver.hpp"

using namespace flipside::matching;

namespace {

TagSet tags(std::initializer_list<std::size_t> ids) {
  TagSet t;
  for (auto id : ids) t.set(id);
  return t;
}

WeekHours hours(int first, int count) {
  WeekHours w;
  for (int h = first; h < first + count; ++h) w.set(static_cast<std::size_t>(h));
  return w;
}

// A mentor and a mentee who pass every constraint under default Rules.
Profile mentor(std::int64_t id) {
  Profile p;
  p.person_id = id;
  p.level = 2;
  p.department = "Engineering";
  p.location = "London";
  p.time_zone = "Europe/London";
  p.languages = {"en"};
  p.available = hours(9, 4);
  return p;
}
Profile mentee(std::int64_t id) {
  Profile p = mentor(id);
  p.level = 7;
  return p;
}

// Small random cohorts that exercise every constraint: levels around the gap, three languages,
// time zones up to 12 h apart, a management chain, earlier pairs and do-not-pair lists.
Cohort random_cohort(std::uint64_t seed, std::size_t max_mentees, std::size_t max_mentors) {
  std::mt19937_64 rng(seed);
  auto below = [&](std::size_t n) { return static_cast<int>(rng() % n); };
  Cohort c;
  const std::size_t n_mentees = 1 + static_cast<std::size_t>(below(max_mentees));
  const std::size_t n_mentors = 1 + static_cast<std::size_t>(below(max_mentors));
  const char* langs[] = {"en", "pt", "de"};
  const char* depts[] = {"Sales", "Engineering", "Finance"};
  auto random_profile = [&](std::int64_t id, int level) {
    Profile p;
    p.person_id = id;
    p.level = level;
    p.department = depts[below(3)];
    p.location = depts[below(3)];  // any small set of names will do
    p.utc_offset_minutes = (below(9) - 4) * 180;
    p.languages.insert(langs[below(3)]);
    if (below(2)) p.languages.insert(langs[below(3)]);
    for (int k = 0; k < 6; ++k) {
      if (below(2)) p.teaches.set(static_cast<std::size_t>(k));
      if (below(2)) p.learns.set(static_cast<std::size_t>(k));
      if (below(2)) p.interests.set(static_cast<std::size_t>(10 + k));
    }
    p.learning_style = static_cast<LearningStyle>(below(4));
    p.extroversion = 1 + below(5);
    for (int h = 0; h < 168; ++h) {
      if (below(6) == 0) p.available.set(static_cast<std::size_t>(h));
    }
    p.capacity = 1 + below(2);
    return p;
  };
  for (std::size_t j = 0; j < n_mentors; ++j) {
    c.mentors.push_back(random_profile(100 + static_cast<std::int64_t>(j), 1 + below(4)));
  }
  for (std::size_t i = 0; i < n_mentees; ++i) {
    c.mentees.push_back(random_profile(200 + static_cast<std::int64_t>(i), 3 + below(5)));
  }
  // Managers among everyone, plus someone outside the cohort (id 999) for skip-level chains.
  std::vector<std::int64_t> ids;
  for (const auto& p : c.mentors) ids.push_back(p.person_id);
  for (const auto& p : c.mentees) ids.push_back(p.person_id);
  for (auto id : ids) {
    if (below(3) == 0)
      c.manager_of[id] = below(4) == 0 ? 999 : ids[static_cast<std::size_t>(below(ids.size()))];
  }
  c.manager_of[999] = ids[static_cast<std::size_t>(below(ids.size()))];
  for (int k = 0; k < 2; ++k) {
    c.previous_pairs.emplace(c.mentors[static_cast<std::size_t>(below(n_mentors))].person_id,
                             c.mentees[static_cast<std::size_t>(below(n_mentees))].person_id);
  }
  if (below(2)) {
    c.mentors[0].do_not_pair.insert(
        c.mentees[static_cast<std::size_t>(below(n_mentees))].person_id);
  }
  if (below(2)) {
    c.mentees[0].do_not_pair.insert(
        c.mentors[static_cast<std::size_t>(below(n_mentors))].person_id);
  }
  c.rules.min_level_gap = 1 + below(3);
  c.rules.max_time_zone_gap_hours = 3 + below(8);
  c.rules.require_shared_language = below(4) != 0;
  return c;
}

// The constraints restated directly from the issue, person by person, to check the fast code.
ViolationMask naive_violations(const Cohort& c, const Profile& mr, const Profile& ee) {
  ViolationMask m = 0;
  if (ee.level - mr.level < c.rules.min_level_gap) m |= mask_of(Violation::level_gap);
  auto above = [&](std::int64_t person, std::int64_t boss) {
    std::set<std::int64_t> seen;
    for (auto it = c.manager_of.find(person); it != c.manager_of.end();
         it = c.manager_of.find(it->second)) {
      if (it->second == boss) return true;
      if (!seen.insert(it->second).second) return false;
    }
    return false;
  };
  if (above(mr.person_id, ee.person_id) || above(ee.person_id, mr.person_id)) {
    m |= mask_of(Violation::management_chain);
  }
  if (c.previous_pairs.count({mr.person_id, ee.person_id})) m |= mask_of(Violation::repeat_pair);
  bool shared = false;
  for (const auto& l : mr.languages) shared = shared || ee.languages.count(l) > 0;
  if (c.rules.require_shared_language && !shared) m |= mask_of(Violation::no_shared_language);
  int d = std::abs(mr.utc_offset_minutes - ee.utc_offset_minutes) % 1440;
  d = std::min(d, 1440 - d);
  if (d > c.rules.max_time_zone_gap_hours * 60) m |= mask_of(Violation::time_zone_gap);
  if (mr.do_not_pair.count(ee.person_id) || ee.do_not_pair.count(mr.person_id)) {
    m |= mask_of(Violation::do_not_pair);
  }
  return m;
}

struct Best {
  std::size_t count = 0;
  double score = 0;
};

// Every assignment (anyone may stay unmatched, mentors up to capacity), best by (pairs, score).
Best brute_force(const ScoreMatrix& m, std::vector<int> capacity) {
  Best best;
  std::function<void(std::size_t, std::size_t, double)> go = [&](std::size_t i, std::size_t count,
                                                                 double score) {
    if (i == m.mentees) {
      if (count > best.count || (count == best.count && score > best.score)) best = {count, score};
      return;
    }
    go(i + 1, count, score);
    for (std::size_t j = 0; j < m.mentors; ++j) {
      if (!m.feasible(i, j) || capacity[j] == 0) continue;
      --capacity[j];
      go(i + 1, count + 1, score + m.score(i, j));
      ++capacity[j];
    }
  };
  go(0, 0, 0.0);
  return best;
}

ScoreMatrix matrix_of(std::size_t rows, std::size_t cols, std::vector<float> cells) {
  ScoreMatrix m;
  m.mentees = rows;
  m.mentors = cols;
  m.scores = std::move(cells);
  return m;
}

// Checks an assignment against its matrix and capacities: only feasible pairs, loads within
// capacity, and the reported figures add up.
void check_valid(const ScoreMatrix& m, const Assignment& a, const std::vector<int>& capacity) {
  std::vector<int> load(m.mentors, 0);
  std::size_t matched = 0;
  double total = 0;
  for (std::size_t i = 0; i < m.mentees; ++i) {
    const int j = a.mentor_of[i];
    if (j < 0) continue;
    REQUIRE(m.feasible(i, static_cast<std::size_t>(j)));
    ++load[static_cast<std::size_t>(j)];
    ++matched;
    total += m.score(i, static_cast<std::size_t>(j));
  }
  for (std::size_t j = 0; j < m.mentors; ++j) {
    REQUIRE(load[j] <= std::max(capacity[j], 0));
    REQUIRE(load[j] == a.load[j]);
  }
  REQUIRE(matched == a.matched);
  REQUIRE(total == Approx(a.total_score).margin(1e-6));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Constraints

TEST_CASE("constraints: each hard constraint is detected on its own", "[matching]") {
  Cohort c;
  c.mentors = {mentor(1)};
  c.mentees = {mentee(2)};
  auto only = [&]() { return Constraints(c).check(0, 0); };
  CHECK(only() == kFeasible);

  SECTION("level gap") {
    c.rules.min_level_gap = 6;  // 7 - 2 = 5 < 6
    CHECK(only() == mask_of(Violation::level_gap));
  }
  SECTION("skip-level management chain, either direction, through someone outside the cohort") {
    c.manager_of = {{1, 50}, {50, 2}};  // the mentee manages the mentor's manager
    CHECK(only() == mask_of(Violation::management_chain));
    c.manager_of = {{2, 50}, {50, 1}};
    CHECK(only() == mask_of(Violation::management_chain));
  }
  SECTION("a cycle in the HR data neither hangs nor blocks unrelated people") {
    c.manager_of = {{1, 60}, {60, 61}, {61, 60}};
    CHECK(only() == kFeasible);
    CHECK(management_chain(1, c.manager_of) == std::vector<std::int64_t>{60, 61});
  }
  SECTION("repeat pair, in the recorded direction only") {
    c.previous_pairs = {{1, 2}};
    CHECK(only() == mask_of(Violation::repeat_pair));
    c.previous_pairs = {{2, 1}};
    CHECK(only() == kFeasible);
  }
  SECTION("no shared language, unless the rules allow it") {
    c.mentees[0].languages = {"pt"};
    CHECK(only() == mask_of(Violation::no_shared_language));
    c.rules.require_shared_language = false;
    CHECK(only() == kFeasible);
  }
  SECTION("time-zone gap is circular and the limit itself is allowed") {
    c.rules.max_time_zone_gap_hours = 3;
    c.mentors[0].utc_offset_minutes = 180;
    CHECK(only() == kFeasible);  // exactly 3 h
    c.mentors[0].utc_offset_minutes = 181;
    CHECK(only() == mask_of(Violation::time_zone_gap));
    c.mentors[0].utc_offset_minutes = 13 * 60;  // +13:00 and -11:00 are the same clock time
    c.mentees[0].utc_offset_minutes = -11 * 60;
    CHECK(only() == kFeasible);
    CHECK(time_zone_gap_minutes(13 * 60, -11 * 60) == 0);
    CHECK(time_zone_gap_minutes(-300, 330) == 630);
  }
  SECTION("do-not-pair from either side") {
    c.mentors[0].do_not_pair = {2};
    CHECK(only() == mask_of(Violation::do_not_pair));
    c.mentors[0].do_not_pair.clear();
    c.mentees[0].do_not_pair = {1};
    CHECK(only() == mask_of(Violation::do_not_pair));
  }
  SECTION("several at once combine") {
    c.rules.min_level_gap = 9;
    c.mentees[0].languages = {"pt"};
    c.previous_pairs = {{1, 2}};
    CHECK(only() == (mask_of(Violation::level_gap) | mask_of(Violation::no_shared_language) |
                     mask_of(Violation::repeat_pair)));
  }
}

TEST_CASE("constraints agree with a direct restatement on random cohorts", "[matching]") {
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    const Cohort c = random_cohort(seed, 6, 6);
    const Constraints k(c);
    for (std::size_t j = 0; j < c.mentors.size(); ++j) {
      for (std::size_t i = 0; i < c.mentees.size(); ++i) {
        INFO("seed " << seed << " mentor " << j << " mentee " << i);
        REQUIRE(k.check(j, i) == naive_violations(c, c.mentors[j], c.mentees[i]));
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Scoring

TEST_CASE("scoring: skills", "[matching]") {
  Profile mr = mentor(1), ee = mentee(2);
  ee.learns = tags({1, 2});
  mr.teaches = tags({1, 2, 7});
  CHECK(score_terms(mr, ee, {}).skills == 1.0);  // teaches exactly what is wanted (and more)

  mr.teaches = tags({1});
  CHECK(score_terms(mr, ee, {}).skills == Approx(0.5));

  // The reverse direction counts, but less than the forward one.
  mr.learns = tags({5});
  ee.teaches = tags({5});
  CHECK(score_terms(mr, ee, {}).skills == Approx(0.8 * 0.5 + 0.2 * 1.0));
  mr.teaches = tags({});
  CHECK(score_terms(mr, ee, {}).skills == Approx(0.2));

  ee.learns.reset();
  mr.learns.reset();
  CHECK(score_terms(mr, ee, {}).skills == 0.0);
}

TEST_CASE("scoring: interests, learning style, personality", "[matching]") {
  Profile mr = mentor(1), ee = mentee(2);
  mr.interests = tags({10, 11});
  ee.interests = tags({11, 12, 13, 14});
  CHECK(score_terms(mr, ee, {}).interests == Approx(0.5));  // 1 shared of the smaller list's 2
  ee.interests.reset();
  CHECK(score_terms(mr, ee, {}).interests == 0.0);

  mr.learning_style = ee.learning_style = LearningStyle::reading;
  CHECK(score_terms(mr, ee, {}).learning_style == 1.0);
  mr.learning_style = LearningStyle::hands_on;
  const double mixed = score_terms(mr, ee, {}).learning_style;
  CHECK(mixed < 1.0);
  CHECK(mixed > 0.0);
  std::swap(mr.learning_style, ee.learning_style);
  CHECK(score_terms(mr, ee, {}).learning_style == mixed);  // symmetric

  mr.extroversion = 1;
  ee.extroversion = 5;
  CHECK(score_terms(mr, ee, {}).personality == 1.0);  // introvert with extrovert
  ee.extroversion = 2;
  CHECK(score_terms(mr, ee, {}).personality == Approx(0.25));
  ee.extroversion = 1;
  CHECK(score_terms(mr, ee, {}).personality == 0.0);
}

TEST_CASE("scoring: diversity, availability, time zone", "[matching]") {
  Profile mr = mentor(1), ee = mentee(2);
  CHECK(score_terms(mr, ee, {}).diversity == 0.0);  // same department, same location
  ee.department = "Sales";
  CHECK(score_terms(mr, ee, {}).diversity == 0.5);
  ee.location = "Lisbon";
  CHECK(score_terms(mr, ee, {}).diversity == 1.0);

  mr.available = hours(9, 4);
  ee.available = hours(12, 4);  // one shared hour
  CHECK(score_terms(mr, ee, {}).availability == Approx(1.0 / 3));
  ee.available = hours(10, 10);  // three shared hours: saturated
  CHECK(score_terms(mr, ee, {}).availability == 1.0);
  ee.available = hours(100, 5);
  CHECK(score_terms(mr, ee, {}).availability == 0.0);

  Rules rules;
  rules.max_time_zone_gap_hours = 8;
  CHECK(score_terms(mr, ee, rules).time_zone == 1.0);
  ee.utc_offset_minutes = 4 * 60;
  CHECK(score_terms(mr, ee, rules).time_zone == Approx(0.5));
  ee.utc_offset_minutes = 8 * 60;
  CHECK(score_terms(mr, ee, rules).time_zone == 0.0);
}

TEST_CASE("scoring: the total is the weighted mean on 0..100", "[matching]") {
  ScoreTerms all_one{1, 1, 1, 1, 1, 1, 1};
  CHECK(total_score(all_one, Weights{}) == Approx(100));
  ScoreTerms only_skills{1, 0, 0, 0, 0, 0, 0};
  Weights w;
  CHECK(total_score(only_skills, w) == Approx(100 * w.skills / 1.0));
  w = Weights{1, 1, 0, 0, 0, 0, 0};
  CHECK(total_score(only_skills, w) == Approx(50));
  CHECK(total_score(all_one, Weights{0, 0, 0, 0, 0, 0, 0}) == 0.0);
}

TEST_CASE("score matrix: cells equal score_pair, infeasible cells are marked", "[matching]") {
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    const Cohort c = random_cohort(seed, 7, 7);
    const Constraints k(c);
    for (unsigned threads : {1u, 2u}) {
      const ScoreMatrix m = build_score_matrix(c, k, threads);
      REQUIRE(m.mentees == c.mentees.size());
      REQUIRE(m.mentors == c.mentors.size());
      for (std::size_t i = 0; i < m.mentees; ++i) {
        for (std::size_t j = 0; j < m.mentors; ++j) {
          INFO("seed " << seed << " cell " << i << "," << j);
          if (k.check(j, i) != kFeasible) {
            REQUIRE(m.score(i, j) == kInfeasible);
          } else {
            REQUIRE(m.score(i, j) == static_cast<float>(score_pair(c.mentors[j], c.mentees[i], c)));
          }
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Solver

TEST_CASE("linear_sum_assignment: hand-made matrices", "[matching]") {
  SECTION("square, minimising") {
    const std::vector<double> m = {4, 1, 3,  //
                                   2, 0, 5,  //
                                   3, 2, 2};
    auto r = linear_sum_assignment(m, 3, 3);
    REQUIRE(r);
    CHECK(*r == std::vector<int>{1, 0, 2});  // 1 + 2 + 2 = 5
  }
  SECTION("square, maximising") {
    const std::vector<double> m = {4, 1, 3,  //
                                   2, 0, 5,  //
                                   3, 2, 2};
    auto r = linear_sum_assignment(m, 3, 3, true);
    REQUIRE(r);
    CHECK(*r == std::vector<int>{0, 2, 1});  // 4 + 5 + 2 = 11
  }
  SECTION("wide: more columns than rows") {
    const std::vector<double> m = {9, 9, 1, 9,  //
                                   9, 9, 2, 3};
    auto r = linear_sum_assignment(m, 2, 4);
    REQUIRE(r);
    CHECK(*r == std::vector<int>{2, 3});
  }
  SECTION("tall: more rows than columns leaves rows out") {
    const std::vector<double> m = {5, 9,  //
                                   1, 9,  //
                                   9, 2,  //
                                   9, 9};
    auto r = linear_sum_assignment(m, 4, 2);
    REQUIRE(r);
    CHECK(*r == std::vector<int>{-1, 0, 1, -1});
  }
  SECTION("ties: every assignment is optimal and a valid one comes back") {
    const std::vector<double> m(9, 1.0);
    auto r = linear_sum_assignment(m, 3, 3);
    REQUIRE(r);
    CHECK(std::set<int>(r->begin(), r->end()).size() == 3);
  }
  SECTION("forbidden cells") {
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<double> ok = {inf, 1, 2, inf};
    REQUIRE(linear_sum_assignment(ok, 2, 2));
    CHECK(*linear_sum_assignment(ok, 2, 2) == std::vector<int>{1, 0});
    const std::vector<double> blocked = {inf, 1, inf, 2};  // both rows need column 1
    CHECK_FALSE(linear_sum_assignment(blocked, 2, 2));
    const std::vector<double> nan = {std::nan(""), 1, 2, 3};
    CHECK_THROWS_AS(linear_sum_assignment(nan, 2, 2), std::invalid_argument);
  }
}

TEST_CASE("linear_sum_assignment equals brute force on random rectangular matrices", "[matching]") {
  std::mt19937_64 rng(42);
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t rows = 1 + rng() % 6, cols = 1 + rng() % 6;
    std::vector<double> m(rows * cols);
    // Few distinct values: many ties, the case where bookkeeping bugs hide.
    for (auto& x : m) x = static_cast<double>(rng() % 5) - 2.0;
    auto r = linear_sum_assignment(m, rows, cols);
    REQUIRE(r);
    double got = 0;
    std::set<int> used;
    std::size_t assigned = 0;
    for (std::size_t i = 0; i < rows; ++i) {
      if ((*r)[i] < 0) continue;
      ++assigned;
      REQUIRE(used.insert((*r)[i]).second);
      got += m[i * cols + static_cast<std::size_t>((*r)[i])];
    }
    REQUIRE(assigned == std::min(rows, cols));
    // Brute force over column permutations (rows <= cols) or row choices (rows > cols).
    double best = std::numeric_limits<double>::infinity();
    std::vector<int> perm(std::max(rows, cols));
    for (std::size_t k = 0; k < perm.size(); ++k) perm[k] = static_cast<int>(k);
    do {
      double s = 0;
      if (rows <= cols) {
        for (std::size_t i = 0; i < rows; ++i) s += m[i * cols + static_cast<std::size_t>(perm[i])];
      } else {
        for (std::size_t c = 0; c < cols; ++c) s += m[static_cast<std::size_t>(perm[c]) * cols + c];
      }
      best = std::min(best, s);
    } while (std::next_permutation(perm.begin(), perm.end()));
    INFO("trial " << trial << " " << rows << "x" << cols);
    REQUIRE(got == best);
  }
}

TEST_CASE("assign: more pairs beat a higher score, infeasible pairs are dropped", "[matching]") {
  SECTION("two modest pairs beat one great pair") {
    // Mentee 0 scores 100 with mentor 0 and could take mentor 1; mentee 1 fits only mentor 0.
    const auto m = matrix_of(2, 2, {100, 1, 10, kInfeasible});
    const Assignment a = assign(m, std::vector<int>{1, 1});
    CHECK(a.matched == 2);
    CHECK(a.mentor_of == std::vector<int>{1, 0});
    CHECK(a.total_score == Approx(11));
  }
  SECTION("all infeasible: nobody is matched") {
    const auto m = matrix_of(2, 3, std::vector<float>(6, kInfeasible));
    const Assignment a = assign(m, std::vector<int>{1, 1, 1});
    CHECK(a.matched == 0);
    CHECK(a.mentor_of == std::vector<int>{-1, -1});
    CHECK(a.load == std::vector<int>{0, 0, 0});
  }
  SECTION("capacity: one mentor takes two, a mentor with none takes nobody") {
    const auto m = matrix_of(3, 2, {50, 90, 60, 90, 70, 90});
    const Assignment a = assign(m, std::vector<int>{2, 0});
    CHECK(a.matched == 2);
    CHECK(a.load == std::vector<int>{2, 0});
    CHECK(a.mentor_of == std::vector<int>{-1, 0, 0});  // keeps the two best for mentor 0
  }
  SECTION("more mentees than slots, and more slots than mentees") {
    const auto tall = matrix_of(3, 1, {10, 30, 20});
    CHECK(assign(tall, std::vector<int>{1}).mentor_of == std::vector<int>{-1, 0, -1});
    const auto wide = matrix_of(1, 3, {10, 30, 20});
    CHECK(assign(wide, std::vector<int>{1, 1, 1}).mentor_of == std::vector<int>{1});
  }
  SECTION("ties are resolved to a valid optimum") {
    const auto m = matrix_of(2, 2, {5, 5, 5, 5});
    const Assignment a = assign(m, std::vector<int>{1, 1});
    CHECK(a.matched == 2);
    CHECK(a.mentor_of[0] != a.mentor_of[1]);
    CHECK(a.total_score == Approx(10));
  }
  SECTION("empty sides") {
    CHECK(assign(matrix_of(0, 2, {}), std::vector<int>{1, 1}).matched == 0);
    CHECK(assign(matrix_of(2, 0, {}), std::vector<int>{}).mentor_of == std::vector<int>{-1, -1});
  }
}

TEST_CASE("assign is optimal against brute force on small random cohorts", "[matching]") {
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    const Cohort c = random_cohort(seed, 5, 4);
    const ScoreMatrix m = build_score_matrix(c, 1);
    const std::vector<int> capacity = capacities_of(c);
    const Assignment a = assign(m, capacity);
    INFO("seed " << seed << ": " << m.mentees << " mentees, " << m.mentors << " mentors");
    check_valid(m, a, capacity);
    const Best best = brute_force(m, capacity);
    REQUIRE(a.matched == best.count);
    REQUIRE(a.total_score == Approx(best.score).margin(1e-4));
  }
}

TEST_CASE("no hard constraint is ever violated and capacities hold on generated cohorts",
          "[matching]") {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    Cohort c = demo_cohort(20 + seed % 4 * 15, seed);
    // Tighter rules than the defaults, plus earlier pairs and do-not-pair lists, so every
    // constraint bites somewhere.
    c.rules.min_level_gap = 4 + static_cast<int>(seed % 3);
    c.rules.max_time_zone_gap_hours = 2 + static_cast<int>(seed % 5);
    for (std::size_t k = 0; k < c.mentors.size() && k < c.mentees.size(); k += 3) {
      c.previous_pairs.emplace(c.mentors[k].person_id,
                               c.mentees[(k * 7) % c.mentees.size()].person_id);
      c.mentors[k].do_not_pair.insert(c.mentees[(k * 5) % c.mentees.size()].person_id);
    }
    const ScoreMatrix m = build_score_matrix(c);
    const std::vector<int> capacity = capacities_of(c);
    const Assignment a = assign(m, capacity);
    INFO("seed " << seed);
    check_valid(m, a, capacity);
    REQUIRE(a.matched > 0);
    for (std::size_t i = 0; i < c.mentees.size(); ++i) {
      if (a.mentor_of[i] < 0) continue;
      const Profile& mr = c.mentors[static_cast<std::size_t>(a.mentor_of[i])];
      REQUIRE(naive_violations(c, mr, c.mentees[i]) == kFeasible);
      REQUIRE(a.load[static_cast<std::size_t>(a.mentor_of[i])] <= mr.capacity);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Explanations

TEST_CASE("explain_pair matches the score terms", "[matching]") {
  Cohort c;
  Profile mr = mentor(1), ee = mentee(2);
  mr.teaches = tags({1, 2, 3});
  ee.learns = tags({2, 3, 4});
  mr.interests = tags({10, 11});
  ee.interests = tags({11});
  ee.department = "Sales";                // different department, same location
  mr.extroversion = ee.extroversion = 3;  // no personality contribution
  ee.utc_offset_minutes = 120;
  c.mentors = {mr};
  c.mentees = {ee};
  const auto reasons = explain_pair(c, 0, 0);
  const TermPoints p = term_points(score_terms(mr, ee, c.rules), c.weights);

  std::map<ReasonKind, const PairReason*> by_kind;
  for (const auto& r : reasons) by_kind[r.kind] = &r;
  REQUIRE(by_kind.count(ReasonKind::skills));
  CHECK(by_kind[ReasonKind::skills]->tags == std::vector<std::size_t>{2, 3});  // the intersection
  CHECK(by_kind[ReasonKind::skills]->points == Approx(p.skills));
  CHECK(by_kind[ReasonKind::interests]->tags == std::vector<std::size_t>{11});
  CHECK(by_kind[ReasonKind::diversity]->different_department);
  CHECK_FALSE(by_kind[ReasonKind::diversity]->different_location);
  CHECK(by_kind[ReasonKind::diversity]->mentee_department == "Sales");
  CHECK(by_kind[ReasonKind::time_zone]->gap_minutes == 120);
  CHECK(by_kind[ReasonKind::availability]->overlap_hours == 4);
  CHECK(by_kind.count(ReasonKind::personality) == 0);  // a zero term never appears

  // Ordered by contribution, and the contributions add up to the pair score.
  double sum = 0;
  for (std::size_t k = 0; k < reasons.size(); ++k) {
    CHECK(reasons[k].points > 0);
    if (k > 0) CHECK(reasons[k - 1].points >= reasons[k].points);
    sum += reasons[k].points;
  }
  CHECK(sum == Approx(score_pair(mr, ee, c)));

  // A zero weight removes its reason even when the term is high.
  c.weights.skills = 0;
  for (const auto& r : explain_pair(c, 0, 0)) CHECK(r.kind != ReasonKind::skills);
}

TEST_CASE("explain_pair agrees with the terms on generated pairs", "[matching]") {
  const Cohort c = demo_cohort(25, 7);
  for (std::size_t j = 0; j < c.mentors.size(); ++j) {
    for (std::size_t i = 0; i < c.mentees.size(); i += 3) {
      const ScoreTerms t = score_terms(c.mentors[j], c.mentees[i], c.rules);
      const auto reasons = explain_pair(c, j, i);
      std::set<ReasonKind> kinds;
      for (const auto& r : reasons) kinds.insert(r.kind);
      REQUIRE(kinds.count(ReasonKind::skills) == (t.skills > 0 ? 1u : 0u));
      REQUIRE(kinds.count(ReasonKind::interests) == (t.interests > 0 ? 1u : 0u));
      REQUIRE(kinds.count(ReasonKind::personality) == (t.personality > 0 ? 1u : 0u));
      REQUIRE(kinds.count(ReasonKind::diversity) == (t.diversity > 0 ? 1u : 0u));
      REQUIRE(kinds.count(ReasonKind::availability) == (t.availability > 0 ? 1u : 0u));
      REQUIRE(kinds.count(ReasonKind::time_zone) == (t.time_zone > 0 ? 1u : 0u));
      for (const auto& r : reasons) {
        if (r.kind != ReasonKind::skills) continue;
        const TagSet forward = c.mentors[j].teaches & c.mentees[i].learns;
        REQUIRE(r.tags.size() == forward.count());
        for (auto t2 : r.tags) REQUIRE(forward.test(t2));
      }
    }
  }
}

TEST_CASE("unmatched reasons", "[matching]") {
  SECTION("every mentor fails language or time zone: both are named") {
    Cohort c;
    Profile ee = mentee(10);
    ee.languages = {"pt"};
    ee.utc_offset_minutes = -180;  // São Paulo
    c.mentees = {ee};
    Profile near = mentor(1);  // English only, 3 h away: fits the zone, not the language
    near.languages = {"en"};
    near.utc_offset_minutes = 0;
    Profile far = mentor(2);  // speaks Portuguese, 11 h away
    far.languages = {"pt", "en"};
    far.utc_offset_minutes = 480;
    c.mentors = {near, far, near};
    c.mentors[2].person_id = 3;
    c.rules.max_time_zone_gap_hours = 4;
    const Constraints k(c);
    const Assignment a = assign(build_score_matrix(c, k), capacities_of(c));
    REQUIRE(a.mentor_of[0] == -1);
    const UnmatchedReason r = explain_unmatched_mentee(k, capacities_of(c), 0);
    CHECK(r.kind == UnmatchedKind::no_feasible_partner);
    CHECK(r.partners == 3);
    CHECK(r.feasible_partners == 0);
    CHECK(r.covers_everyone);
    REQUIRE(r.constraints.size() == 2);
    CHECK(r.constraints[0] == Violation::no_shared_language);  // rules out 2 of 3: named first
    CHECK(r.ruled_out[0] == 2);
    CHECK(r.constraints[1] == Violation::time_zone_gap);
    CHECK(r.ruled_out[1] == 1);
  }
  SECTION("one constraint that rules out everyone is named alone") {
    Cohort c;
    c.mentees = {mentee(10)};
    c.mentors = {mentor(1), mentor(2)};
    c.mentors[1].languages = {"de"};  // also fails language, but level alone explains it
    c.rules.min_level_gap = 8;
    const UnmatchedReason r = explain_unmatched_mentee(Constraints(c), capacities_of(c), 0);
    CHECK(r.kind == UnmatchedKind::no_feasible_partner);
    CHECK(r.constraints == std::vector<Violation>{Violation::level_gap});
    const UnmatchedReason m = explain_unmatched_mentor(Constraints(c), 1);
    CHECK(m.kind == UnmatchedKind::no_feasible_partner);
    CHECK(m.constraints.size() == 1);
  }
  SECTION("feasible partners who went to others") {
    Cohort c;
    c.mentees = {mentee(10), mentee(11)};
    c.mentors = {mentor(1)};
    c.mentees[0].learns = tags({1});
    c.mentors[0].teaches = tags({1});  // mentee 0 fits better
    const Constraints k(c);
    const Assignment a = assign(build_score_matrix(c, k), capacities_of(c));
    REQUIRE(a.mentor_of == std::vector<int>{0, -1});
    const UnmatchedReason r = explain_unmatched_mentee(k, capacities_of(c), 1);
    CHECK(r.kind == UnmatchedKind::partners_taken);
    CHECK(r.feasible_partners == 1);
    CHECK(r.constraints.empty());
  }
  SECTION("nobody on the other side") {
    Cohort c;
    c.mentees = {mentee(10)};
    CHECK(explain_unmatched_mentee(Constraints(c), {}, 0).kind ==
          UnmatchedKind::no_one_on_other_side);
    c.mentors = {mentor(1)};
    CHECK(explain_unmatched_mentee(Constraints(c), std::vector<int>{0}, 0).kind ==
          UnmatchedKind::no_one_on_other_side);  // the only mentor has no capacity
  }
  SECTION("cover: smallest set, and an honest flag when three are not enough") {
    const auto lv = mask_of(Violation::level_gap), lang = mask_of(Violation::no_shared_language),
               tz = mask_of(Violation::time_zone_gap), rp = mask_of(Violation::repeat_pair),
               dn = mask_of(Violation::do_not_pair);
    // No single constraint rules out all three partners; {language, time zone} does.
    const UnmatchedReason two = cover_violations(
        {static_cast<ViolationMask>(lang | lv), tz, static_cast<ViolationMask>(lang | dn)});
    CHECK(two.covers_everyone);
    CHECK(two.constraints ==
          std::vector<Violation>{Violation::no_shared_language, Violation::time_zone_gap});
    const UnmatchedReason four = cover_violations({lv, lang, tz, rp});
    CHECK_FALSE(four.covers_everyone);
    CHECK(four.constraints.size() == 3);
  }
}

// ---------------------------------------------------------------------------------------------
// Shortlist

TEST_CASE("shortlist: the optimal mentor first, then the best feasible others", "[matching]") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    Cohort c = demo_cohort(40, seed);
    c.rules.max_time_zone_gap_hours = 3;  // some mentees get few feasible mentors
    const ScoreMatrix m = build_score_matrix(c);
    const Assignment a = assign(m, capacities_of(c));
    for (std::size_t i = 0; i < m.mentees; ++i) {
      std::size_t feasible = 0;
      for (std::size_t j = 0; j < m.mentors; ++j) feasible += m.feasible(i, j);
      const auto list = shortlist(m, a, i);
      INFO("seed " << seed << " mentee " << i);
      REQUIRE(list.size() == std::min<std::size_t>(3, feasible));
      if (a.mentor_of[i] >= 0) {
        REQUIRE(list.front().mentor == static_cast<std::size_t>(a.mentor_of[i]));
        REQUIRE(list.front().optimal);
      }
      std::set<std::size_t> seen;
      for (std::size_t k = 0; k < list.size(); ++k) {
        REQUIRE(m.feasible(i, list[k].mentor));
        REQUIRE(seen.insert(list[k].mentor).second);
        if (k >= 2 || (k == 1 && !list[0].optimal)) REQUIRE(list[k - 1].score >= list[k].score);
      }
      // Nobody left out scores higher than the last non-optimal entry.
      if (!list.empty() && !list.back().optimal) {
        for (std::size_t j = 0; j < m.mentors; ++j) {
          if (!m.feasible(i, j) || seen.count(j)) continue;
          REQUIRE(m.score(i, j) <= list.back().score);
        }
      }
    }
    REQUIRE(shortlist(m, a, 0, 1).size() <= 1);
  }
}

TEST_CASE("shortlist is short when few mentors are feasible", "[matching]") {
  const auto m = matrix_of(1, 4, {kInfeasible, 40, kInfeasible, 70});
  Assignment a;
  a.mentor_of = {1};  // say the cohort-wide optimum gave mentor 1
  const auto list = shortlist(m, a, 0, 3);
  REQUIRE(list.size() == 2);
  CHECK(list[0].mentor == 1);
  CHECK(list[0].optimal);
  CHECK(list[1].mentor == 3);
  CHECK_FALSE(list[1].optimal);
}

// ---------------------------------------------------------------------------------------------
// Demo data

TEST_CASE("demo people are deterministic for a seed", "[matching]") {
  const auto a = generate_demo_people(120, 2024), b = generate_demo_people(120, 2024);
  const auto other = generate_demo_people(120, 2025);
  REQUIRE(a.size() == 120);
  bool differs = false;
  for (std::size_t n = 0; n < a.size(); ++n) {
    CHECK(a[n].email == b[n].email);
    CHECK(a[n].manager_email == b[n].manager_email);
    CHECK(a[n].skills_to_teach == b[n].skills_to_teach);
    CHECK(a[n].availability.size() == b[n].availability.size());
    CHECK(a[n].extroversion == b[n].extroversion);
    differs = differs || a[n].name != other[n].name || a[n].location != other[n].location;
  }
  CHECK(differs);
  const Cohort x = demo_cohort(30, 9), y = demo_cohort(30, 9);
  REQUIRE(x.mentors.size() == 30);
  REQUIRE(x.mentees.size() == 30);
  CHECK(build_score_matrix(x).scores == build_score_matrix(y).scores);
}

TEST_CASE("demo people form a valid management hierarchy", "[matching]") {
  for (std::uint64_t seed : {1u, 2u, 3u, 77u}) {
    const auto people = generate_demo_people(400, seed);
    std::map<std::string, const DemoPerson*> by_email;
    for (const auto& p : people) REQUIRE(by_email.emplace(p.email, &p).second);  // unique emails
    std::size_t roots = 0;
    std::map<std::string, std::string> zone_of_location;
    for (const auto& p : people) {
      INFO(p.email);
      if (p.manager_email.empty()) {
        ++roots;
        continue;
      }
      REQUIRE(by_email.count(p.manager_email));
      // Seniors manage juniors: a strictly higher level, so there are no cycles.
      REQUIRE(by_email[p.manager_email]->level > p.level);
      REQUIRE(!p.languages.empty());
      REQUIRE(p.extroversion >= 1);
      REQUIRE(p.extroversion <= 5);
      REQUIRE(!p.skills_to_teach.empty());
      REQUIRE(!p.availability.empty());
      auto [it, added] = zone_of_location.emplace(p.location, p.time_zone);
      REQUIRE(it->second == p.time_zone);  // one time zone per location
    }
    CHECK(roots == 1);
    CHECK(people.front().manager_email.empty());
    CHECK(people.front().level == 9);

    const Cohort c = cohort_from_demo_people(people, 1000);
    REQUIRE(!c.mentors.empty());
    REQUIRE(!c.mentees.empty());
    for (const auto& p : c.mentors) {
      CHECK(p.level <= kDemoMaxMentorLevel);
      CHECK(p.utc_offset_minutes == demo_utc_offset_minutes(p.location));
      CHECK(p.available.any());
      CHECK(c.manager_of.count(p.person_id));  // every junior has a manager
    }
    for (const auto& p : c.mentees) CHECK(p.level >= kDemoMinMenteeLevel);
    CHECK(demo_utc_offset_minutes("Bangalore") == 330);
    CHECK(demo_utc_offset_minutes("New York") == -300);
  }
}
