#pragma once
// Aggregates of anonymous pulse answers that cannot single anyone out (issue #7). Pure functions:
// no database, no chat. Every figure shown anywhere comes from here.
//
// Rules, for a minimum group size k (default 5):
//  1. A group with fewer than k answers is suppressed: no count, no averages, no comments.
//  2. Complementary suppression: in one slicing (all answers split by role, department or wave),
//     the answers of the suppressed groups together must number 0 or at least k; otherwise the
//     total minus the shown groups would reveal them. The smallest shown group is suppressed too
//     until that holds.
//  3. The total is shown only with at least k answers; when it is suppressed, so is every group.
//  4. Free-text comments appear only in a shown group, in an order unrelated to when they were
//     given (sorted), never with other answers of the same person beside them.
// Groups are listed sorted by label; a suppressed group is listed without any figure (its label
// is already known to the manager: departments, roles and waves are not secret).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace flipside::handlers::pulse {

struct Answer {
  std::string wave;        // "after-3-sessions", "midpoint", "end"
  std::string role;        // "mentor" | "mentee" | "" (not stored: too few shared it)
  std::string department;  // "" when not stored
  int quality = 0;         // 1-5
  int usefulness = 0;      // 1-5
  int recommend = 0;       // 0-10 (NPS)
  std::string comment;     // may be empty
};

enum class SliceBy { none, role, department, wave };

struct Figures {
  int answers = 0;
  double quality = 0;                 // mean, 1-5
  double usefulness = 0;              // mean, 1-5
  int nps = 0;                        // % promoters (9-10) - % detractors (0-6), rounded, -100..100
  std::vector<std::string> comments;  // non-empty comments, sorted
};

struct Group {
  std::string label;               // the role / department / wave; "not stated" for ""
  std::optional<Figures> figures;  // nullopt: suppressed
};

struct Report {
  std::optional<Figures> total;  // nullopt: fewer than k answers overall
  std::vector<Group> groups;     // empty for SliceBy::none
};

Report aggregate(const std::vector<Answer>& answers, SliceBy by, int min_group = 5);

// Whether the answers may be sliced by role and by department at all. The rules above protect one
// slicing; a manager who sees both (mentors: 6, Finance: 5, all Finance people mentors) could
// subtract across them and isolate the one mentor outside Finance. Every derivable figure is a
// union of role x department cells, so when each cell holds 0 or at least `min_group` answers no
// combination of the two slicings can isolate fewer; otherwise neither slicing is shown.
// Rules 1-3 for one slicing of any figure, pulse answers or others (impact ratings): groups[i]
// holds ids of the people behind group i, and one person may be in several groups (a mentee who
// rated two skills). A group is shown when the total is, and it has at least min_group people,
// and the people of the hidden groups together number 0 or at least min_group (otherwise the
// total minus the shown groups would single them out; the smallest shown group is hidden too
// until that holds). aggregate() decides with this.
std::vector<bool> shown_groups(const std::vector<std::vector<std::int64_t>>& groups,
                               bool total_shown, int min_group = 5);

bool slicing_safe(const std::vector<Answer>& answers, int min_group = 5);

}  // namespace flipside::handlers::pulse
