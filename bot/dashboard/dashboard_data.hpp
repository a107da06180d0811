#pragma once
// What the dashboard page shows, gathered in one place from storage and the handlers' own rules:
// the same funnel figures as `status`, the same at-risk pairs as `at-risk`, pulse figures only
// through the pulse module's anonymity rules. The page (dashboard_page.hpp) only lays it out.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "handlers/context.hpp"
#include "handlers/impact/impact_figures.hpp"
#include "storage/programmes.hpp"

namespace flipside::dashboard {

inline constexpr int kWeeksShown = 12;

struct ProgrammeChoice {
  std::int64_t id = 0;
  std::string name;
  std::string status;  // intake | matching | running | ended
};

struct FunnelStep {
  std::string label;
  int people = 0;
};

struct WeekOutcomes {
  std::string label;  // "W11", the ISO week number
  std::string from;   // "9 Mar 2026", its Monday
  int held = 0;
  int missed = 0;
};

struct PulseWavePoint {
  std::string label;  // "After 3 sessions", "Midpoint (2)"
  int asked = 0;
  std::optional<int> nps;  // nullopt: too few answers to show anything
  std::optional<int> answers;
};

struct AtRiskRow {
  std::int64_t pair_id = 0;
  std::string mentor, mentee;
  std::vector<std::string> reasons;
};

// One line of the impact table: a group and its confidence change, nullopt when the anonymity
// rules hide it (handlers/impact/impact_figures.hpp, the same figures as the `impact` verb).
struct ImpactLine {
  std::string group;  // "Mentees, all skills", "Mentees: Generative AI", "Mentors as coaches"
  std::optional<handlers::impact::Change> change;
};

struct DashboardView {
  std::string manager;                          // who is signed in, by display name
  std::vector<ProgrammeChoice> programmes;      // newest first
  std::optional<storage::Programme> programme;  // none when there is no programme yet
  std::vector<FunnelStep> funnel;  // joined → intake done → paired → met → active
  int active_window_days = 0;      // "active": met within this many days (twice the cadence)
  int pairs_active = 0, pairs_paused = 0, pairs_ended = 0;
  int sessions_held = 0, sessions_planned = 0, sessions_missed = 0;
  std::vector<WeekOutcomes> weeks;    // the last kWeeksShown ISO weeks (UTC), oldest first
  std::vector<PulseWavePoint> pulse;  // closed waves, oldest first
  int pulse_open_waves = 0;
  int pulse_min_group = 5;
  int goals_agreed = 0, goals_done = 0, goal_progress = 0;
  bool impact_too_small = false;  // fewer participants than pulse_min_group: no impact figures
  bool impact_waits_for_close = false;  // still running: figures only once it is closed
  std::vector<ImpactLine> impact;
  std::vector<AtRiskRow> at_risk;
};

// The view of `programme_id`, or of the newest programme when it is not given or unknown.
// `ctx` acts as the signed-in manager, inside the request's transaction.
DashboardView load_view(Context& ctx, std::optional<std::int64_t> programme_id);

// "After 3 sessions", "Midpoint", "End (2)" for a wave id such as "after-3-sessions#1".
std::string wave_title(const std::string& wave);

}  // namespace flipside::dashboard
