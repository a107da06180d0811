#include "handlers/impact/impact_figures.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "handlers/pulse/anonymity.hpp"

namespace flipside::handlers::impact {

namespace {

// One person's before and after on one topic.
struct Paired {
  std::int64_t person_id = 0;
  int before = 0;
  int after = 0;
};

Change change_of(const std::vector<const Paired*>& paired) {
  Change c;
  std::set<std::int64_t> people;
  double before = 0, after = 0;
  for (const Paired* p : paired) {
    people.insert(p->person_id);
    before += p->before;
    after += p->after;
  }
  c.people = static_cast<int>(people.size());
  c.ratings = static_cast<int>(paired.size());
  if (c.ratings > 0) {
    c.before = before / c.ratings;
    c.after = after / c.ratings;
  }
  return c;
}

}  // namespace

ImpactFigures impact_figures(const std::vector<storage::RatingRow>& rows, int min_group) {
  // (role, topic, person) -> before / after; the label from whichever phase has it.
  struct Slot {
    std::optional<int> before, after;
  };
  std::map<std::pair<std::string, std::int64_t>, Slot> mentee_slots;  // (topic, person)
  std::map<std::int64_t, Slot> mentor_slots;
  std::map<std::string, std::string> labels;
  for (const auto& row : rows) {
    const bool before = row.phase == "before";
    if (row.role == storage::Role::mentor) {
      if (row.rating.topic != kCoachingTopic) continue;
      auto& s = mentor_slots[row.person_id];
      (before ? s.before : s.after) = row.rating.rating;
    } else {
      auto& s = mentee_slots[{row.rating.topic, row.person_id}];
      (before ? s.before : s.after) = row.rating.rating;
      if (before || !labels.contains(row.rating.topic)) labels[row.rating.topic] = row.rating.label;
    }
  }

  const std::size_t k = static_cast<std::size_t>(std::max(min_group, 1));
  ImpactFigures out;

  std::vector<Paired> mentors;
  for (const auto& [person, s] : mentor_slots)
    if (s.before && s.after) mentors.push_back({person, *s.before, *s.after});
  if (mentors.size() >= k) {
    std::vector<const Paired*> all;
    for (const auto& p : mentors) all.push_back(&p);
    out.mentors = change_of(all);
  }

  // Skills keyed by label so they are listed (and tie-broken by rule 2) in the order shown.
  std::map<std::string, std::vector<Paired>> by_skill;
  for (const auto& [key, s] : mentee_slots)
    if (s.before && s.after)
      by_skill[labels[key.first]].push_back({key.second, *s.before, *s.after});
  std::vector<const Paired*> all;
  std::set<std::int64_t> mentees;
  std::vector<std::vector<std::int64_t>> people_by_skill;
  for (const auto& [label, paired] : by_skill) {
    auto& ids = people_by_skill.emplace_back();
    for (const auto& p : paired) {
      all.push_back(&p);
      mentees.insert(p.person_id);
      ids.push_back(p.person_id);
    }
  }
  const bool total_shown = mentees.size() >= k;
  if (total_shown) out.mentees = change_of(all);
  const auto shown = pulse::shown_groups(people_by_skill, total_shown, min_group);
  std::size_t i = 0;
  for (const auto& [label, paired] : by_skill) {
    SkillFigure f{label, std::nullopt};
    if (shown[i++]) {
      std::vector<const Paired*> members;
      for (const auto& p : paired) members.push_back(&p);
      f.change = change_of(members);
    }
    out.skills.push_back(std::move(f));
  }
  return out;
}

}  // namespace flipside::handlers::impact
