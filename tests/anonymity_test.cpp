// Pulse aggregates that cannot single anyone out (handlers/pulse/anonymity.hpp, issue #7): what a
// programme manager sees, and what they must never be able to work out from it.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstddef>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "handlers/pulse/anonymity.hpp"

using namespace flipside::handlers::pulse;

namespace {

// One answer with the scores that matter to a test; the rest at neutral values.
Answer answer(std::string department, int quality = 3, int usefulness = 3, int recommend = 8,
              std::string comment = "") {
  Answer a;
  a.wave = "midpoint";
  a.role = "mentee";
  a.department = std::move(department);
  a.quality = quality;
  a.usefulness = usefulness;
  a.recommend = recommend;
  a.comment = std::move(comment);
  return a;
}

// `n` identical answers from one department, appended to `out`.
void add(std::vector<Answer>& out, int n, const std::string& department, int quality = 3,
         int recommend = 8) {
  for (int i = 0; i < n; ++i) out.push_back(answer(department, quality, 3, recommend));
}

std::vector<Answer> with_recommend(const std::vector<int>& scores) {
  std::vector<Answer> out;
  for (int s : scores) out.push_back(answer("Finance", 3, 3, s));
  return out;
}

int nps_of(const std::vector<int>& scores) {
  const Report r = aggregate(with_recommend(scores), SliceBy::none, 1);
  REQUIRE(r.total);
  return r.total->nps;
}

const Group& group(const Report& r, const std::string& label) {
  const auto it = std::find_if(r.groups.begin(), r.groups.end(),
                               [&](const Group& g) { return g.label == label; });
  REQUIRE(it != r.groups.end());
  return *it;
}

std::vector<std::string> labels(const Report& r) {
  std::vector<std::string> out;
  for (const Group& g : r.groups) out.push_back(g.label);
  return out;
}

int shown_answers(const Report& r) {
  int n = 0;
  for (const Group& g : r.groups)
    if (g.figures) n += g.figures->answers;
  return n;
}

// Answers the manager can attribute to no shown group: total minus every shown group.
int total_minus_shown(const Report& r) {
  return r.total ? r.total->answers - shown_answers(r) : 0;
}

bool comment_anywhere_in_groups(const Report& r, const std::string& text) {
  for (const Group& g : r.groups)
    if (g.figures && std::count(g.figures->comments.begin(), g.figures->comments.end(), text))
      return true;
  return false;
}

bool in_total(const Report& r, const std::string& text) {
  return r.total && std::count(r.total->comments.begin(), r.total->comments.end(), text) > 0;
}

}  // namespace

TEST_CASE("pulse: the total needs k answers, then shows exact means and NPS",
          "[pulse][anonymity]") {
  std::vector<Answer> answers = {
      answer("Finance", 5, 5, 10), answer("Finance", 4, 5, 9), answer("Sales", 4, 4, 9),
      answer("Sales", 3, 4, 7),    answer("Legal", 2, 3, 5),
  };

  SECTION("4 answers: nothing at all, not even the count") {
    answers.pop_back();
    const Report r = aggregate(answers, SliceBy::none);
    CHECK_FALSE(r.total);
    CHECK(r.groups.empty());
  }

  SECTION("4 answers sliced: groups are listed by name only (rule 3)") {
    answers.pop_back();
    const Report r = aggregate(answers, SliceBy::department);
    CHECK_FALSE(r.total);
    CHECK(labels(r) == std::vector<std::string>{"Finance", "Sales"});
    for (const Group& g : r.groups) CHECK_FALSE(g.figures);
  }

  SECTION("5 answers: shown, with the figures worked out by hand") {
    const Report r = aggregate(answers, SliceBy::none);
    REQUIRE(r.total);
    CHECK(r.groups.empty());
    CHECK(r.total->answers == 5);
    // quality: (5 + 4 + 4 + 3 + 2) / 5 = 18 / 5 = 3.6
    CHECK(r.total->quality == Approx(3.6));
    // usefulness: (5 + 5 + 4 + 4 + 3) / 5 = 21 / 5 = 4.2
    CHECK(r.total->usefulness == Approx(4.2));
    // recommend 10, 9, 9 are promoters (3), 7 is passive, 5 is a detractor (1):
    // 100 * (3 - 1) / 5 = 40
    CHECK(r.total->nps == 40);
    CHECK(r.total->comments.empty());
  }

  SECTION("the default k is 5") {
    CHECK(aggregate(answers, SliceBy::none).total);
    answers.pop_back();
    CHECK_FALSE(aggregate(answers, SliceBy::none).total);
    CHECK(aggregate(answers, SliceBy::none, 4).total);
  }
}

TEST_CASE("pulse: no answers at all gives an empty report", "[pulse][anonymity]") {
  for (SliceBy by : {SliceBy::none, SliceBy::role, SliceBy::department, SliceBy::wave}) {
    const Report r = aggregate({}, by);
    CHECK_FALSE(r.total);
    CHECK(r.groups.empty());
  }
  // Even with k = 1 there is nothing to average: no division by zero.
  CHECK_FALSE(aggregate({}, SliceBy::department, 1).total);
}

TEST_CASE("pulse: NPS counts 9-10 as promoters, 0-6 as detractors, and rounds",
          "[pulse][anonymity]") {
  CHECK(nps_of({10, 10, 10, 10, 10}) == 100);
  CHECK(nps_of({9, 9, 10, 9, 10}) == 100);
  CHECK(nps_of({0, 1, 2, 3, 4, 5, 6}) == -100);
  CHECK(nps_of({7, 8, 7, 8, 8}) == 0);
  // Boundaries: 9 promotes, 8 and 7 are passive, 6 detracts. 100 * (1 - 1) / 4 = 0.
  CHECK(nps_of({9, 8, 7, 6}) == 0);
  // 100 * (1 - 0) / 2 = 50: 9 is a promoter, 8 is not a detractor.
  CHECK(nps_of({9, 8}) == 50);
  // 100 * (0 - 1) / 2 = -50: 6 is a detractor, 7 is not.
  CHECK(nps_of({6, 7}) == -50);
  // 3 promoters, 1 detractor, 3 passives of 7: 100 * 2 / 7 = 28.57 -> 29
  CHECK(nps_of({9, 10, 9, 3, 7, 7, 7}) == 29);
  // 1 promoter, 3 detractors, 3 passives: 100 * -2 / 7 = -28.57 -> -29
  CHECK(nps_of({10, 0, 6, 4, 8, 8, 7}) == -29);
  // 1 promoter, 2 passives: 100 / 3 = 33.33 -> 33 (rounds down below .5)
  CHECK(nps_of({10, 7, 8}) == 33);
  // Halves round away from zero: 100 * 1 / 8 = 12.5 -> 13 and -12.5 -> -13.
  CHECK(nps_of({10, 7, 7, 7, 7, 7, 7, 7}) == 13);
  CHECK(nps_of({0, 7, 7, 7, 7, 7, 7, 7}) == -13);
}

TEST_CASE("pulse: a department with fewer than k answers is suppressed", "[pulse][anonymity]") {
  std::vector<Answer> answers;
  add(answers, 6, "Finance", 4);
  add(answers, 3, "Legal", 1);
  add(answers, 2, "HR", 2);
  const Report r = aggregate(answers, SliceBy::department);

  REQUIRE(r.total);
  CHECK(r.total->answers == 11);
  CHECK(labels(r) == std::vector<std::string>{"Finance", "HR", "Legal"});
  CHECK_FALSE(group(r, "Legal").figures);
  CHECK_FALSE(group(r, "HR").figures);
  // Legal and HR together hold 3 + 2 = 5 answers, so total minus Finance describes five people:
  // nothing more has to be hidden.
  REQUIRE(group(r, "Finance").figures);
  CHECK(group(r, "Finance").figures->answers == 6);
  CHECK(group(r, "Finance").figures->quality == Approx(4.0));
}

TEST_CASE("pulse: the differencing attack (total minus shown groups) is blocked",
          "[pulse][anonymity]") {
  // Finance 6 (quality 4, recommend 9), Sales 5 (quality 3, recommend 8), Legal 1: one lawyer who
  // gave quality 1 and recommend 0.
  std::vector<Answer> answers;
  add(answers, 6, "Finance", 4, 9);
  add(answers, 5, "Sales", 3, 8);
  answers.push_back(answer("Legal", 1, 1, 0, "nobody listens here"));
  const Report r = aggregate(answers, SliceBy::department);

  REQUIRE(r.total);
  CHECK(r.total->answers == 12);
  CHECK(labels(r) == std::vector<std::string>{"Finance", "Legal", "Sales"});
  CHECK_FALSE(group(r, "Legal").figures);  // rule 1: 1 < 5
  // Rule 2: with Sales shown, 12 - 6 - 5 = 1 answer would be left: Legal's, exactly.
  CHECK_FALSE(group(r, "Sales").figures);
  REQUIRE(group(r, "Finance").figures);
  CHECK(group(r, "Finance").figures->answers == 6);

  // What the manager can still work out: total minus Finance describes 12 - 6 = 6 people (Sales
  // and Legal together), never fewer than k.
  const int rest = total_minus_shown(r);
  CHECK(rest == 6);
  CHECK(rest >= 5);
  // Mean quality of the rest: (12 * total mean - 6 * Finance mean) / 6 = ((24 + 15 + 1) - 24) / 6
  // = 16 / 6, a blend of five Sales answers and the lawyer's, not the lawyer's 1.
  const double rest_quality =
      (r.total->answers * r.total->quality -
       group(r, "Finance").figures->answers * group(r, "Finance").figures->quality) /
      rest;
  CHECK(rest_quality == Approx(16.0 / 6.0));
  CHECK(rest_quality != Approx(1.0));

  // Why rule 2 matters: had Sales been shown (its figures are what aggregate would give for its
  // five answers alone), the subtraction would give the lawyer's answer exactly.
  const std::vector<Answer> sales_only(answers.begin() + 6, answers.begin() + 11);
  const Report sales = aggregate(sales_only, SliceBy::none);
  REQUIRE(sales.total);
  const double leaked_quality =
      r.total->answers * r.total->quality -
      group(r, "Finance").figures->answers * group(r, "Finance").figures->quality -
      sales.total->answers * sales.total->quality;
  CHECK(leaked_quality == Approx(1.0));  // the lawyer's quality, had Sales been shown

  // The lawyer's comment is in no group; it is in the total, among twelve people's (see the
  // comments test for why that is allowed).
  CHECK_FALSE(comment_anywhere_in_groups(r, "nobody listens here"));
  CHECK(in_total(r, "nobody listens here"));
}

TEST_CASE("pulse: a group holding all answers but one is suppressed", "[pulse][anonymity]") {
  // Total 6, A 5, B 1: showing A (5 >= k) would make total minus A be B's one answer.
  std::vector<Answer> answers;
  add(answers, 5, "A", 4, 9);
  answers.push_back(answer("B", 1, 1, 0, "B's secret"));
  const Report r = aggregate(answers, SliceBy::department);

  REQUIRE(r.total);
  CHECK(r.total->answers == 6);
  CHECK(labels(r) == std::vector<std::string>{"A", "B"});
  CHECK_FALSE(group(r, "A").figures);
  CHECK_FALSE(group(r, "B").figures);
  CHECK(shown_answers(r) == 0);
}

TEST_CASE("pulse: two slicings of the same answers, each safe on its own", "[pulse][anonymity]") {
  // Twelve people; role and department cut across each other.
  //   mentor: Finance x4, Sales x2        mentee: Finance x3, Sales x3
  std::vector<Answer> answers;
  auto person = [&](const std::string& role, const std::string& dept, int quality) {
    Answer a = answer(dept, quality, 3, 9);
    a.role = role;
    answers.push_back(a);
  };
  for (int i = 0; i < 4; ++i) person("mentor", "Finance", 5);
  for (int i = 0; i < 2; ++i) person("mentor", "Sales", 4);
  for (int i = 0; i < 3; ++i) person("mentee", "Finance", 3);
  for (int i = 0; i < 3; ++i) person("mentee", "Sales", 2);

  SECTION("both slicings show every group: all groups have at least k") {
    const Report by_role = aggregate(answers, SliceBy::role);
    const Report by_dept = aggregate(answers, SliceBy::department);
    REQUIRE(by_role.total);
    REQUIRE(by_dept.total);
    CHECK(by_role.total->answers == by_dept.total->answers);
    CHECK(shown_answers(by_role) == 12);
    CHECK(shown_answers(by_dept) == 12);
    CHECK(group(by_role, "mentor").figures->answers == 6);
    CHECK(group(by_role, "mentee").figures->answers == 6);
    CHECK(group(by_dept, "Finance").figures->answers == 7);
    CHECK(group(by_dept, "Sales").figures->answers == 5);
    // Only the margins are ever shown, never a cell such as "mentors in Sales" (2 people). The
    // margin counts do not pin the cells down: with one mentor moved from Sales to Finance and
    // one mentee from Finance to Sales they would read the same (mentor 6, mentee 6, Finance 7,
    // Sales 5).
    for (const Group& g : by_role.groups) CHECK(g.figures->answers >= 5);
    for (const Group& g : by_dept.groups) CHECK(g.figures->answers >= 5);
  }

  SECTION("nested groups: safe per slicing, which is all rule 2 promises") {
    // Finance 5, all mentors; Sales 6: one mentor and five mentees. By role: mentor 6, mentee 5.
    answers.clear();
    for (int i = 0; i < 5; ++i) person("mentor", "Finance", 5);
    person("mentor", "Sales", 1);
    for (int i = 0; i < 5; ++i) person("mentee", "Sales", 3);
    const Report by_role = aggregate(answers, SliceBy::role);
    const Report by_dept = aggregate(answers, SliceBy::department);
    // Each slicing on its own: every group has at least k and nothing is left over to subtract.
    CHECK(total_minus_shown(by_role) == 0);
    CHECK(total_minus_shown(by_dept) == 0);
    CHECK(group(by_role, "mentor").figures->answers == 6);
    CHECK(group(by_role, "mentee").figures->answers == 5);
    CHECK(group(by_dept, "Finance").figures->answers == 5);
    CHECK(group(by_dept, "Sales").figures->answers == 6);
    // Known limit: rules 1-4 protect one slicing at a time. A manager who also knows that every
    // Finance participant is a mentor can take mentor (6) minus Finance (5) and get the one Sales
    // mentor's answer. Guarding that needs suppression across the reports a manager can see
    // together, which this module does not attempt.
  }

  SECTION("a small role group hides its slicing without touching the other") {
    // Add one person whose role was not stored: total 13, by role mentor 6, mentee 6, not stated 1.
    Answer odd = answer("Sales", 1, 1, 0);
    odd.role = "";
    answers.push_back(odd);
    const Report by_role = aggregate(answers, SliceBy::role);
    const Report by_dept = aggregate(answers, SliceBy::department);
    REQUIRE(by_role.total);
    CHECK(by_role.total->answers == 13);
    CHECK_FALSE(group(by_role, "not stated").figures);
    // Rule 2: 1 hidden answer; the smallest shown groups tie at 6 and "mentee" comes first.
    CHECK_FALSE(group(by_role, "mentee").figures);
    REQUIRE(group(by_role, "mentor").figures);
    CHECK(total_minus_shown(by_role) == 7);
    // By department the odd one is just one of six in Sales: Finance 7, Sales 6, both shown.
    CHECK(group(by_dept, "Finance").figures->answers == 7);
    CHECK(group(by_dept, "Sales").figures->answers == 6);
  }
}

TEST_CASE("pulse: comments appear only in shown groups, trimmed, sorted", "[pulse][anonymity]") {
  std::vector<Answer> answers = {
      answer("Finance", 4, 4, 9, "  zebra crossing talk  "),
      answer("Finance", 4, 4, 9, "apples"),
      answer("Finance", 4, 4, 9, ""),
      answer("Finance", 4, 4, 9, " \t\n "),
      answer("Finance", 4, 4, 9, "Mango"),
      answer("Finance", 4, 4, 9, "apples"),
      answer("Sales", 2, 2, 3, "sales secret"),
      answer("Sales", 2, 2, 3, "another sales secret"),
      answer("HR", 3, 3, 8, "hr note"),
      answer("HR", 3, 3, 8),
      answer("HR", 3, 3, 8),
  };
  // Finance 6 is shown; Sales 2 and HR 3 are hidden by rule 1 and together hold 5 = k answers.

  SECTION("a shown group lists its non-empty comments, trimmed and sorted") {
    const Report r = aggregate(answers, SliceBy::department);
    REQUIRE(group(r, "Finance").figures);
    // Sorted byte-wise (upper case first), not in the order given; the blank ones are gone, and
    // two people writing the same words both count.
    CHECK(group(r, "Finance").figures->comments ==
          std::vector<std::string>{"Mango", "apples", "apples", "zebra crossing talk"});
    CHECK(group(r, "Finance").figures->answers == 6);  // blank comments still count as answers
  }

  SECTION("a suppressed group's comments are in no group") {
    const Report r = aggregate(answers, SliceBy::department);
    CHECK_FALSE(group(r, "Sales").figures);
    CHECK_FALSE(group(r, "HR").figures);
    CHECK_FALSE(comment_anywhere_in_groups(r, "sales secret"));
    CHECK_FALSE(comment_anywhere_in_groups(r, "another sales secret"));
    CHECK_FALSE(comment_anywhere_in_groups(r, "hr note"));
    // The total (11 answers) lists every comment. That is allowed: rule 4 asks for a shown group
    // and the total is one. Nor can a comment be pinned on Sales: a manager comparing the total's
    // comments with Finance's learns only that "sales secret" came from one of the answers in no
    // shown group, and rule 2 keeps those at 0 or at least k (here Sales 2 + HR 3 = 5 people).
    REQUIRE(r.total);
    CHECK(r.total->comments == std::vector<std::string>{"Mango", "another sales secret", "apples",
                                                        "apples", "hr note", "sales secret",
                                                        "zebra crossing talk"});
    CHECK(total_minus_shown(r) == 5);
  }

  SECTION("below k overall, no comment appears anywhere") {
    answers.resize(4);
    const Report r = aggregate(answers, SliceBy::department);
    CHECK_FALSE(r.total);
    for (const Group& g : r.groups) CHECK_FALSE(g.figures);
  }
}

TEST_CASE("pulse: answers without a department form a \"not stated\" group", "[pulse][anonymity]") {
  std::vector<Answer> answers;
  add(answers, 5, "Finance", 4);
  add(answers, 5, "Sales", 3);

  SECTION("with k answers it is shown like any department, listed in label order") {
    add(answers, 5, "", 2);
    const Report r = aggregate(answers, SliceBy::department);
    // Byte order: capitals sort before "not stated".
    CHECK(labels(r) == std::vector<std::string>{"Finance", "Sales", "not stated"});
    REQUIRE(group(r, "not stated").figures);
    CHECK(group(r, "not stated").figures->answers == 5);
    CHECK(group(r, "not stated").figures->quality == Approx(2.0));
  }

  SECTION("with fewer it is suppressed, and rule 2 hides the smallest department too") {
    add(answers, 2, "", 2);
    add(answers, 1, "Finance", 4);  // Finance 6, Sales 5, not stated 2
    const Report r = aggregate(answers, SliceBy::department);
    CHECK_FALSE(group(r, "not stated").figures);
    CHECK_FALSE(group(r, "Sales").figures);
    REQUIRE(group(r, "Finance").figures);
    CHECK(total_minus_shown(r) == 7);
  }

  SECTION("an empty role is \"not stated\" as well") {
    for (Answer& a : answers) a.role = "";
    const Report r = aggregate(answers, SliceBy::role);
    CHECK(labels(r) == std::vector<std::string>{"not stated"});
    REQUIRE(group(r, "not stated").figures);
    CHECK(group(r, "not stated").figures->answers == 10);
  }
}

TEST_CASE("pulse: min_group 1 shows everything, 0 and below behave like 1", "[pulse][anonymity]") {
  std::vector<Answer> answers;
  add(answers, 3, "Finance", 4);
  answers.push_back(answer("Legal", 1, 2, 0, "only lawyer"));

  for (int k : {1, 0, -3}) {
    INFO("min_group " << k);
    const Report r = aggregate(answers, SliceBy::department, k);
    REQUIRE(r.total);
    CHECK(r.total->answers == 4);
    REQUIRE(group(r, "Legal").figures);
    CHECK(group(r, "Legal").figures->answers == 1);
    CHECK(group(r, "Legal").figures->quality == Approx(1.0));
    CHECK(group(r, "Legal").figures->usefulness == Approx(2.0));
    CHECK(group(r, "Legal").figures->nps == -100);
    CHECK(group(r, "Legal").figures->comments == std::vector<std::string>{"only lawyer"});
    REQUIRE(group(r, "Finance").figures);
    CHECK(group(r, "Finance").figures->answers == 3);
  }

  // With k = 2 the lawyer is hidden, and so is Finance (1 hidden answer < 2).
  const Report r2 = aggregate(answers, SliceBy::department, 2);
  CHECK_FALSE(group(r2, "Legal").figures);
  CHECK_FALSE(group(r2, "Finance").figures);
}

TEST_CASE("pulse: rule 2 repeats, smallest first, ties by label", "[pulse][anonymity]") {
  SECTION("equal sizes: the alphabetically first label is suppressed") {
    std::vector<Answer> answers;
    add(answers, 5, "Beta");
    add(answers, 5, "Alpha");
    add(answers, 1, "Gamma");
    const Report r = aggregate(answers, SliceBy::department);
    CHECK(labels(r) == std::vector<std::string>{"Alpha", "Beta", "Gamma"});
    CHECK_FALSE(group(r, "Gamma").figures);
    CHECK_FALSE(group(r, "Alpha").figures);
    REQUIRE(group(r, "Beta").figures);
    CHECK(total_minus_shown(r) == 6);
  }

  SECTION("it keeps going until the hidden answers reach k") {
    // A 1 (rule 1), B 2, C 2, D 10: hidden 1 -> B hidden -> 3 -> C hidden -> 5, stop.
    std::vector<Answer> answers;
    add(answers, 10, "D");
    add(answers, 2, "C");
    add(answers, 2, "B");
    add(answers, 1, "A");
    const Report r = aggregate(answers, SliceBy::department);
    CHECK_FALSE(group(r, "A").figures);
    CHECK_FALSE(group(r, "B").figures);
    CHECK_FALSE(group(r, "C").figures);
    REQUIRE(group(r, "D").figures);
    CHECK(group(r, "D").figures->answers == 10);
  }

  SECTION("the smallest shown group goes first, not the first listed") {
    // A 1 (rule 1), B 9, C 6: hidden 1 -> C (6 < 9) hidden -> 7, stop; B stays.
    std::vector<Answer> answers;
    add(answers, 1, "A");
    add(answers, 9, "B");
    add(answers, 6, "C");
    const Report r = aggregate(answers, SliceBy::department);
    CHECK_FALSE(group(r, "C").figures);
    REQUIRE(group(r, "B").figures);
    CHECK(group(r, "B").figures->answers == 9);
  }

  SECTION("no more suppression than needed") {
    // A 2 and B 3 are hidden by rule 1 and together already hold 5: C and D stay shown.
    std::vector<Answer> answers;
    add(answers, 2, "A");
    add(answers, 3, "B");
    add(answers, 5, "C");
    add(answers, 7, "D");
    const Report r = aggregate(answers, SliceBy::department);
    CHECK(group(r, "C").figures);
    CHECK(group(r, "D").figures);
    CHECK(total_minus_shown(r) == 5);
  }
}

TEST_CASE("pulse: slicing by wave groups the answers of each wave", "[pulse][anonymity]") {
  std::vector<Answer> answers;
  for (int i = 0; i < 6; ++i) {
    Answer a = answer("Finance", 5, 4, 10);
    a.wave = "after-3-sessions";
    answers.push_back(a);
  }
  for (int i = 0; i < 5; ++i) {
    Answer a = answer("Sales", 3, 2, 6);
    a.wave = "end";
    answers.push_back(a);
  }
  const Report r = aggregate(answers, SliceBy::wave);
  CHECK(labels(r) == std::vector<std::string>{"after-3-sessions", "end"});
  REQUIRE(group(r, "end").figures);
  CHECK(group(r, "end").figures->answers == 5);
  CHECK(group(r, "end").figures->quality == Approx(3.0));
  CHECK(group(r, "end").figures->usefulness == Approx(2.0));
  CHECK(group(r, "end").figures->nps == -100);
  CHECK(group(r, "after-3-sessions").figures->nps == 100);
  // Total: quality (6 * 5 + 5 * 3) / 11 = 45 / 11; NPS 100 * (6 - 5) / 11 = 9.09 -> 9
  REQUIRE(r.total);
  CHECK(r.total->quality == Approx(45.0 / 11.0));
  CHECK(r.total->nps == 9);
}

namespace {

std::string label_for(const Answer& a, SliceBy by) {
  const std::string& v = by == SliceBy::role         ? a.role
                         : by == SliceBy::department ? a.department
                                                     : a.wave;
  return v.empty() ? "not stated" : v;
}

// Random answers skewed so that small groups (1-4 answers) are common.
std::vector<Answer> random_answers(std::mt19937& rng) {
  static const std::vector<std::string> kDepartments = {"Finance", "Sales",       "Legal",
                                                        "HR",      "Engineering", ""};
  static const std::vector<std::string> kRoles = {"mentor", "mentee", ""};
  static const std::vector<std::string> kWaves = {"after-3-sessions", "midpoint", "end", ""};
  std::discrete_distribution<int> dept({8, 5, 1, 2, 3, 1});
  std::discrete_distribution<int> role({6, 6, 1});
  std::discrete_distribution<int> wave({4, 3, 2, 1});
  std::uniform_int_distribution<int> size(0, 30), score5(1, 5), score10(0, 10), has_comment(0, 2);
  std::vector<Answer> out(static_cast<std::size_t>(size(rng)));
  int n = 0;
  for (Answer& a : out) {
    a.department = kDepartments[static_cast<std::size_t>(dept(rng))];
    a.role = kRoles[static_cast<std::size_t>(role(rng))];
    a.wave = kWaves[static_cast<std::size_t>(wave(rng))];
    a.quality = score5(rng);
    a.usefulness = score5(rng);
    a.recommend = score10(rng);
    // Every comment is unique, so where it shows up says whose it is.
    if (has_comment(rng) > 0) a.comment = "comment " + std::to_string(n);
    ++n;
  }
  return out;
}

}  // namespace

TEST_CASE("pulse: random answer sets never show a group that could single someone out",
          "[pulse][anonymity]") {
  std::mt19937 rng(20240607);
  std::uniform_int_distribution<int> pick_k(1, 7);
  for (int round = 0; round < 300; ++round) {
    const std::vector<Answer> answers = random_answers(rng);
    const int k = round % 3 == 0 ? 5 : pick_k(rng);
    for (SliceBy by : {SliceBy::none, SliceBy::role, SliceBy::department, SliceBy::wave}) {
      INFO("round " << round << ", k " << k << ", slice " << static_cast<int>(by) << ", answers "
                    << answers.size());
      const Report r = aggregate(answers, by, k);
      const int n = static_cast<int>(answers.size());

      // Rule 3 and the total's figures.
      CHECK(r.total.has_value() == (n >= k));
      if (r.total) CHECK(r.total->answers == n);
      if (by == SliceBy::none) {
        CHECK(r.groups.empty());
        continue;
      }

      // The true members of each group, from the input.
      std::map<std::string, std::vector<const Answer*>> truth;
      for (const Answer& a : answers) truth[label_for(a, by)].push_back(&a);
      std::vector<std::string> expected_labels;
      for (const auto& [label, members] : truth) expected_labels.push_back(label);
      CHECK(labels(r) == expected_labels);  // every group listed once, sorted by label

      int shown = 0;
      int hidden = 0;
      int small_hidden = 0;  // answers in groups below k, which rule 1 alone hides
      std::vector<std::string> hidden_comments;
      for (const Group& g : r.groups) {
        const auto& members = truth[g.label];
        const int size = static_cast<int>(members.size());
        if (size < k) small_hidden += size;
        if (!g.figures) {
          hidden += size;
          for (const Answer* a : members)
            if (!a->comment.empty()) hidden_comments.push_back(a->comment);
          continue;
        }
        shown += g.figures->answers;
        CHECK(r.total);  // rule 3: no group without the total
        CHECK(g.figures->answers == size);
        CHECK(g.figures->answers >= k);  // rule 1
        CHECK(g.figures->nps >= -100);
        CHECK(g.figures->nps <= 100);
        CHECK(g.figures->quality >= 1);
        CHECK(g.figures->quality <= 5);
        CHECK(std::is_sorted(g.figures->comments.begin(), g.figures->comments.end()));
        std::vector<std::string> own;
        for (const Answer* a : members)
          if (!a->comment.empty()) own.push_back(a->comment);
        std::sort(own.begin(), own.end());
        CHECK(g.figures->comments == own);
      }

      if (!r.total) continue;
      CHECK(shown + hidden == n);
      // Rule 2: total minus the shown groups describes no one or at least k people.
      if (shown > 0) CHECK((hidden == 0 || hidden >= k));
      // And no more than needed: when rule 1 alone leaves 0 or k hidden, nothing else is hidden.
      if (small_hidden == 0 || small_hidden >= k) CHECK(hidden == small_hidden);
      // Rule 4: a hidden group's comment is in no shown group.
      for (const std::string& c : hidden_comments) CHECK_FALSE(comment_anywhere_in_groups(r, c));
    }
  }
}
