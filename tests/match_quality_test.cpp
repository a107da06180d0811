// Match quality (issue #8): the matcher's prediction is recorded when a pair forms, and
// `match quality` shows how well it foretold what became of the pairs. The statistics are checked
// on hand-computed examples; the report on seeded outcomes whose relationship to the score terms
// is known by construction.
#include <catch2/catch.hpp>

#include "handlers/matching/quality_stats.hpp"
#include "support/programme_helpers.hpp"
#include "support/test_program.hpp"

using namespace flipside;
using namespace flipside::testing;
using namespace std::chrono;

TEST_CASE("Spearman's rank correlation, with ties and without variation", "[quality]") {
  // Ranks {1, 2.5, 2.5, 4} and {1, 3, 2, 4}: deviations from 2.5 are {-1.5, 0, 0, 1.5} and
  // {-1.5, 0.5, -0.5, 1.5}; sum of products 4.5, sums of squares 4.5 and 5: 4.5 / sqrt(22.5).
  auto rho = matching::spearman({1, 2, 2, 3}, {10, 30, 20, 40});
  REQUIRE(rho);
  CHECK(*rho == Approx(0.948683).epsilon(1e-6));
  CHECK(*matching::spearman({1, 2, 3}, {9, 5, 1}) == Approx(-1.0));
  CHECK_FALSE(matching::spearman({0.5, 0.5, 0.5}, {1, 2, 3}));  // nothing to rank
  CHECK_FALSE(matching::spearman({1, 2}, {1, 2}));              // too few to say anything
}

TEST_CASE("suggestions follow the terms that predicted outcomes, and need enough pairs",
          "[quality]") {
  // Outcomes rise with the skills term and fall with the diversity term; the rest do not vary.
  const matching::TermArray weights = {0.35, 0.10, 0.10, 0.10, 0.10, 0.15, 0.10};
  std::vector<matching::PairResult> pairs;
  for (int i = 0; i < 8; ++i) {
    const double x = i / 10.0;
    pairs.push_back({50.0 + i, {x, 0.5, 0.5, 0.5, 1.0 - x, 0.5, 1.0}, x / 2});
  }
  auto a = matching::analyse_quality(pairs, weights);
  REQUIRE(a.enough_pairs);
  CHECK(*a.score_correlation == Approx(1.0));
  REQUIRE(a.terms.size() == 7);
  CHECK(a.terms.front().term == 0);  // skills, the strongest
  CHECK(a.terms.front().suggested_weight == Approx(0.40));
  CHECK(a.terms[1].term == 4);  // diversity, the most negative of the two that vary
  CHECK(*a.terms[1].correlation == Approx(-1.0));
  CHECK(a.terms[1].suggested_weight == Approx(0.05));
  for (std::size_t t = 2; t < 7; ++t) {
    CHECK_FALSE(a.terms[t].correlation);
    CHECK(a.terms[t].suggested_weight == a.terms[t].weight);
  }
  // The same relationship over 7 pairs: figures, but no suggestion.
  pairs.pop_back();
  auto few = matching::analyse_quality(pairs, weights);
  CHECK_FALSE(few.enough_pairs);
  CHECK(*few.terms.front().correlation == Approx(1.0));
  CHECK_FALSE(few.suggests_change());
}

TEST_CASE("a pair formed by the matcher has its prediction recorded, and the report reads it",
          "[quality]") {
  TestProgram p(with_admin("pat"));
  paired_cohort(p, 4, "Finance", "Sales");
  const auto predictions = in_db(p, [](SQLite::Database& db) {
    return db
        .execAndGet(
            "SELECT count(*) FROM pair_predictions pp JOIN pairs p ON p.id = "
            "pp.pair_id WHERE pp.score > 0 AND pp.skills > 0")
        .getInt();
  });
  CHECK(predictions == 4);

  // m1 & s1 meet on 4 Mar, m2 & s2 miss theirs, the others never book. On 10 Mar, eight days
  // after pairing, each pair could have held one session (at least one is always expected):
  // outcomes 1/2 (held it, no goals), 0, 0, 0: mean 12.5%, shown rounded as 13%.
  book_at_ten(p, "m1", "s1", "2026-03-04");
  book_at_ten(p, "m2", "s2", "2026-03-04");
  check_in_on_4_march(p, "s1", 0);
  check_in_on_4_march(p, "s2", 1);
  p.clock.set(TimePoint{sys_days{2026y / March / 10}} + hours{9});

  CHECK(template_ids(p.say("m1", "match quality")) ==
        std::vector<std::string>{"router.managers_only"});
  auto report = all_text(p.say("pat", "match quality spring pilot"));
  CHECK_THAT(report, Catch::Contains("*4 pairs*, mean outcome 13%"));
  CHECK_THAT(report, Catch::Contains("Only 4 pairs: at least 8 are needed"));
  CHECK_THAT(report, !Catch::Contains("Suggested for the next cohort"));
  CHECK_THAT(all_text(p.say("pat", "match quality autumn pilot")),
             Catch::Contains("can't find that programme"));
}

namespace {

// Ten pairs in Pat's programme, straight into the database: pair i (1..10) was paired on
// 2 Mar 08:00 UTC and held i - 1 sessions, with the given score and terms.
void seed_pairs(TestProgram& p, const std::vector<double>& scores,
                const std::vector<matching::TermArray>& terms) {
  for (std::size_t i = 0; i < scores.size(); ++i) {
    p.say("mq" + std::to_string(i), "hi");
    p.say("sq" + std::to_string(i), "hi");
  }
  in_db(p, [&](SQLite::Database& db) {
    const auto programme = db.execAndGet("SELECT id FROM programmes").getInt64();
    for (std::size_t i = 0; i < scores.size(); ++i) {
      auto person = [&](const std::string& user) {
        SQLite::Statement q(db, "SELECT person_id FROM identities WHERE user_id = ?");
        q.bind(1, user);
        REQUIRE(q.executeStep());
        return q.getColumn(0).getInt64();
      };
      SQLite::Statement pair(db,
                             "INSERT INTO pairs(programme_id, mentor_id, mentee_id, source,"
                             " created_at) VALUES (?, ?, ?, 'matched', ?)");
      pair.bind(1, programme);
      pair.bind(2, person("mq" + std::to_string(i)));
      pair.bind(3, person("sq" + std::to_string(i)));
      pair.bind(4, kStartUnix);
      pair.exec();
      const auto pair_id = db.getLastInsertRowid();
      SQLite::Statement prediction(db,
                                   "INSERT INTO pair_predictions VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                                   "?, ?)");
      prediction.bind(1, pair_id);
      prediction.bind(2, scores[i]);
      for (int t = 0; t < 7; ++t) prediction.bind(3 + t, terms[i][static_cast<std::size_t>(t)]);
      prediction.bind(10, kStartUnix);
      prediction.exec();
      for (std::size_t s = 0; s < i; ++s) {
        SQLite::Statement session(
            db,
            "INSERT INTO sessions(pair_id, number, starts_at, minutes, proposed_by, status, "
            "ics_uid,"
            " ics_token, created_at, updated_at) VALUES (?, ?, ?, 45, ?, 'held', ?, ?, ?, ?)");
        const auto key = std::to_string(pair_id) + "-" + std::to_string(s);
        session.bind(1, pair_id);
        session.bind(2, static_cast<int>(s + 1));
        session.bind(3, kStartUnix + static_cast<std::int64_t>(s + 1) * 14 * 86400);
        session.bind(4, person("mq" + std::to_string(i)));
        session.bind(5, "uid-" + key);
        session.bind(6, "token-" + key);
        session.bind(7, kStartUnix);
        session.bind(8, kStartUnix);
        session.exec();
      }
    }
    db.exec("UPDATE programmes SET status = 'running'");
  });
}

}  // namespace

TEST_CASE("match quality on seeded outcomes: skill fit predicted, diversity misled", "[quality]") {
  TestProgram p(with_admin("pat"));
  p.say("pat", "hi");
  REQUIRE(p.submit("pat", "programme.create", good_programme()).form_errors.empty());
  // Outcome rank = pair order by construction: pair i held i - 1 sessions of the 9 it could have
  // held (2 Mar 08:00 to the programme's end on 16 Jul: 135 whole days, fortnightly), no goals,
  // so its outcome is (i - 1) / 9 / 2 and the mean is 45 / 90 / 2 = 25%.
  // Skill fit rises with the outcome (rho +1), diversity falls with it (rho -1), availability's
  // ranks {3, 9, 5, 2, 8, 6, 1, 10, 4, 7} against 1..10 give sum d^2 = 144:
  // rho = 1 - 6 * 144 / 990 = +0.13. The scores' ranks {2, 4, 1, 7, 6, 3, 9, 8, 5, 10} give sum
  // d^2 = 48: rho = 1 - 288 / 990 = +0.71. Interests, learning style, personality and time zone
  // are the same for every pair.
  const std::vector<double> scores = {55, 60, 52, 70, 65, 58, 80, 75, 62, 90};
  const std::vector<double> availability = {0.3, 0.9, 0.5, 0.2, 0.8, 0.6, 0.1, 1.0, 0.4, 0.7};
  std::vector<matching::TermArray> terms;
  for (int i = 0; i < 10; ++i) {
    const double x = (i + 1) / 10.0;
    terms.push_back({x, 0.5, 0.6, 0.25, 1.1 - x, availability[static_cast<std::size_t>(i)], 1.0});
  }
  seed_pairs(p, scores, terms);
  p.clock.set(TimePoint{sys_days{2026y / July / 20}} + hours{9});

  auto report = all_text(p.say("pat", "match quality"));
  CHECK_THAT(report, Catch::Contains("*10 pairs*, mean outcome 25%"));
  CHECK_THAT(report, Catch::Contains("correlation of the match score with the outcome: *+0.71*"));
  CHECK_THAT(report, Catch::Contains("• Skill fit: +1.00 (weight 0.35)"));
  CHECK_THAT(report, Catch::Contains("• Overlapping free hours: +0.13 (weight 0.15)"));
  CHECK_THAT(report, Catch::Contains("• Different department or location: -1.00 (weight 0.10)"));
  CHECK_THAT(report, Catch::Contains("• Shared interests: no difference between pairs"));
  // Strongest first: skills, then availability, then diversity.
  CHECK(report.find("Skill fit: +1.00") < report.find("Overlapping free hours: +0.13"));
  CHECK(report.find("Overlapping free hours: +0.13") <
        report.find("Different department or location: -1.00"));
  CHECK_THAT(report, Catch::Contains("• Skill fit: 0.35 → 0.40 (correlation +1.00)"));
  CHECK_THAT(report, Catch::Contains(
                         "• Different department or location: 0.10 → 0.05 (correlation -1.00)"));
  CHECK_THAT(report, !Catch::Contains("Overlapping free hours: 0.15 →"));
  CHECK_THAT(report, Catch::Contains("Nothing has been changed"));
  // Suggested, never applied: the programme's settings are as they were.
  const auto settings = in_db(p, [](SQLite::Database& db) {
    return db.execAndGet("SELECT settings FROM programmes").getString();
  });
  CHECK(settings.find("0.4") == std::string::npos);
}
