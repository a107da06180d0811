#include "handlers/pulse/anonymity.hpp"

#include "bot/core/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <set>
#include <string_view>
#include <utility>

namespace flipside::handlers::pulse {

namespace {

using Members = std::vector<const Answer*>;

// Percentage of promoters (9-10) minus percentage of detractors (0-6); passives (7-8) count only
// in the denominator. std::lround rounds halves away from zero, symmetric for negative scores.
int net_promoter_score(const Members& members) {
  int promoters = 0;
  int detractors = 0;
  for (const Answer* a : members) {
    if (a->recommend >= 9) ++promoters;
    if (a->recommend <= 6) ++detractors;
  }
  const double score = 100.0 * (promoters - detractors) / static_cast<double>(members.size());
  return static_cast<int>(std::lround(score));
}

// Sorted so that the order says nothing about who answered when (rule 4).
std::vector<std::string> sorted_comments(const Members& members) {
  std::vector<std::string> out;
  for (const Answer* a : members) {
    std::string text = trim(a->comment);
    if (!text.empty()) out.push_back(std::move(text));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Callers only ask for the figures of a group they show, which has at least one answer (k >= 1),
// so the means never divide by zero.
Figures figures_of(const Members& members) {
  Figures f;
  f.answers = static_cast<int>(members.size());
  double quality = 0;
  double usefulness = 0;
  for (const Answer* a : members) {
    quality += a->quality;
    usefulness += a->usefulness;
  }
  f.quality = quality / f.answers;
  f.usefulness = usefulness / f.answers;
  f.nps = net_promoter_score(members);
  f.comments = sorted_comments(members);
  return f;
}

// Not stating a department is itself an attribute the manager sees, so those answers form a
// group of their own, under the same rules as any other.
std::string label_of(const Answer& a, SliceBy by) {
  std::string value;
  switch (by) {
    case SliceBy::role:
      value = a.role;
      break;
    case SliceBy::department:
      value = a.department;
      break;
    case SliceBy::wave:
      value = a.wave;
      break;
    case SliceBy::none:
      break;
  }
  return value.empty() ? "not stated" : value;
}

// std::map keeps the groups sorted by label, the order in which they are listed.
std::map<std::string, Members> split(const std::vector<Answer>& answers, SliceBy by) {
  std::map<std::string, Members> groups;
  for (const Answer& a : answers) groups[label_of(a, by)].push_back(&a);
  return groups;
}

struct Candidate {
  std::string label;
  const Members* members;
  bool shown;
};

// Rules 1-3 for one slicing of pulse answers: each answer stands for one person (nothing links
// two answers to the same one), so each gets an id of its own.
void decide_shown(std::vector<Candidate>& groups, std::size_t k, bool total_shown) {
  std::vector<std::vector<std::int64_t>> people;
  std::int64_t next_id = 0;
  for (const Candidate& g : groups) {
    auto& ids = people.emplace_back();
    for (std::size_t i = 0; i < g.members->size(); ++i) ids.push_back(next_id++);
  }
  const auto shown = shown_groups(people, total_shown, static_cast<int>(k));
  for (std::size_t i = 0; i < groups.size(); ++i) groups[i].shown = shown[i];
}

}  // namespace

// min_group below 1 is treated as 1: a group of zero answers is never listed, so "at least 0"
// could only mean "show everything", which is what 1 already does.
Report aggregate(const std::vector<Answer>& answers, SliceBy by, int min_group) {
  const std::size_t k = static_cast<std::size_t>(std::max(min_group, 1));
  Report report;
  Members all;
  all.reserve(answers.size());
  for (const Answer& a : answers) all.push_back(&a);
  const bool total_shown = all.size() >= k;  // rule 3
  if (total_shown) report.total = figures_of(all);
  if (by == SliceBy::none) return report;

  const auto split_answers = split(answers, by);
  std::vector<Candidate> groups;
  for (const auto& [label, members] : split_answers) groups.push_back({label, &members, false});
  decide_shown(groups, k, total_shown);
  for (const Candidate& g : groups) {
    Group out{g.label, std::nullopt};
    if (g.shown) out.figures = figures_of(*g.members);
    report.groups.push_back(std::move(out));
  }
  return report;
}

std::vector<bool> shown_groups(const std::vector<std::vector<std::int64_t>>& groups,
                               bool total_shown, int min_group) {
  const std::size_t k = static_cast<std::size_t>(std::max(min_group, 1));
  std::vector<std::size_t> sizes;
  for (const auto& ids : groups)
    sizes.push_back(std::set<std::int64_t>(ids.begin(), ids.end()).size());
  std::vector<bool> shown(groups.size());
  for (std::size_t i = 0; i < groups.size(); ++i) shown[i] = total_shown && sizes[i] >= k;  // 3, 1
  while (true) {  // rule 2, counting people: one person in two hidden groups is still one person
    std::set<std::int64_t> hidden;
    for (std::size_t i = 0; i < groups.size(); ++i)
      if (!shown[i]) hidden.insert(groups[i].begin(), groups[i].end());
    if (hidden.empty() || hidden.size() >= k) return shown;
    // The smallest shown group; ties go to the first listed (groups are sorted by label).
    std::optional<std::size_t> smallest;
    for (std::size_t i = 0; i < groups.size(); ++i)
      if (shown[i] && (!smallest || sizes[i] < sizes[*smallest])) smallest = i;
    if (!smallest) return shown;
    shown[*smallest] = false;
  }
}

bool slicing_safe(const std::vector<Answer>& answers, int min_group) {
  const int k = std::max(min_group, 1);
  std::map<std::pair<std::string, std::string>, int> cells;
  for (const auto& a : answers) ++cells[{a.role, a.department}];
  return std::all_of(cells.begin(), cells.end(),
                     [&](const auto& cell) { return cell.second >= k; });
}

}  // namespace flipside::handlers::pulse
