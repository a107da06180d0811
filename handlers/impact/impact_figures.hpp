#pragma once
// The before -> after change in confidence (issue #8), as a pure function of the ratings: no
// database, no chat. Who may be shown is decided by the pulse's anonymity rules
// (pulse::shown_groups), so impact figures never single out fewer people than pulse figures do.
//
// A change is the mean "after" minus the mean "before" over the same people, counting only
// people who rated a topic both times (so it equals the mean of each person's own change).
//  - per skill: the mentees who rated that skill at intake and at the wrap-up;
//  - mentees overall: every (mentee, skill) rated both times, each counting once, shown when at
//    least min_group distinct mentees are behind it;
//  - mentors: their confidence as coaches.
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "storage/impact.hpp"
#include "storage/programmes.hpp"

namespace flipside::handlers::impact {

inline constexpr const char* kCoachingTopic = "coaching";

struct Change {
  int people = 0;     // distinct people behind the figure
  int ratings = 0;    // (person, topic) rated both times
  double before = 0;  // mean, 1-5
  double after = 0;   // mean, 1-5
  double delta() const { return after - before; }
  // As shown everywhere (chat, dashboard, CSV): the means to one decimal, and the change as the
  // difference of those, so "2.2 -> 3.5" reads +1.3, not the unrounded 1.36's "+1.4".
  double shown_before() const { return std::round(before * 10) / 10; }
  double shown_after() const { return std::round(after * 10) / 10; }
  double shown_delta() const { return shown_after() - shown_before(); }
};

struct SkillFigure {
  std::string label;  // listed even when suppressed, without any count: skills are not secret
  std::optional<Change> change;  // nullopt: fewer than min_group people, or hidden by rule 2
};

struct ImpactFigures {
  std::optional<Change> mentees;    // nullopt: fewer than min_group mentees rated both times
  std::vector<SkillFigure> skills;  // sorted by label
  std::optional<Change> mentors;    // coaching confidence; nullopt as above
};

ImpactFigures impact_figures(const std::vector<storage::RatingRow>& rows, int min_group);

// Figures are shown only for a closed programme, whose ratings can no longer change: while
// wrap-ups come in one at a time, comparing the figures before and after one would reveal what
// that person rated (the reason pulse figures wait for a closed wave, too).
inline bool figures_frozen(const storage::Programme& programme) {
  return programme.status == "ended";
}

}  // namespace flipside::handlers::impact
