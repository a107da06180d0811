#include "bot/dashboard/dashboard_data.hpp"

#include <chrono>

#include "bot/core/time_zones.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "handlers/programmes/at_risk.hpp"
#include "handlers/pulse/pulse.hpp"
#include "storage/dashboard.hpp"
#include "storage/impact.hpp"
#include "storage/programme_status.hpp"

namespace flipside::dashboard {

namespace {

using namespace std::chrono;

// Monday 00:00 UTC of the ISO week containing `t`.
sys_days week_start(TimePoint t) {
  const auto day = floor<days>(t);
  const weekday wd{day};
  return day - days{(wd.c_encoding() + 6) % 7};
}

// The ISO 8601 week number: the week belongs to the year its Thursday falls in.
unsigned iso_week(sys_days monday) {
  const auto thursday = monday + days{3};
  const year_month_day ymd{thursday};
  const sys_days jan1{ymd.year() / January / 1};
  return static_cast<unsigned>((thursday - jan1).count() / 7 + 1);
}

std::vector<WeekOutcomes> weekly_outcomes(storage::DashboardRepository& repo,
                                          std::int64_t programme_id, TimePoint now) {
  const auto first = week_start(now) - weeks{kWeeksShown - 1};
  std::vector<WeekOutcomes> out;
  for (int i = 0; i < kWeeksShown; ++i) {
    const auto monday = first + weeks{i};
    out.push_back({"W" + std::to_string(iso_week(monday)), format_day(year_month_day{monday})});
  }
  const auto end = week_start(now) + weeks{1};
  for (const auto& s : repo.session_outcomes(programme_id, TimePoint{first}, TimePoint{end})) {
    const auto index = (week_start(s.starts_at) - first).count() / 7;
    if (index < 0 || index >= kWeeksShown) continue;
    ++(s.held ? out[index].held : out[index].missed);
  }
  return out;
}

std::vector<PulseWavePoint> pulse_points(Context& ctx, const storage::Programme& programme,
                                         int& open_waves) {
  std::vector<PulseWavePoint> out;
  open_waves = 0;
  // Through the pulse module only: closed waves, and figures only for groups of at least k.
  for (const auto& w : handlers::pulse_figures(ctx.db(), programme, ctx.now())) {
    if (!w.closed) {
      ++open_waves;
      continue;
    }
    PulseWavePoint p{wave_title(w.wave), w.asked, std::nullopt, std::nullopt};
    if (w.total) {
      p.nps = w.total->nps;
      p.answers = w.total->answers;
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

std::string wave_title(const std::string& wave) {
  const auto hash = wave.rfind('#');
  const std::string base = wave.substr(0, hash);
  const std::string batch = hash == std::string::npos ? "1" : wave.substr(hash + 1);
  std::string title;
  if (base.starts_with("after-") && base.ends_with("-sessions")) {
    title = "After " + base.substr(6, base.size() - 6 - 9) + " sessions";
  } else if (base == "midpoint") {
    title = "Midpoint";
  } else if (base == "end") {
    title = "End";
  } else {
    title = base;
  }
  return batch == "1" ? title : title + " (" + batch + ")";
}

DashboardView load_view(Context& ctx, std::optional<std::int64_t> programme_id) {
  DashboardView v;
  v.manager = ctx.person().display_name;
  const auto all = ctx.programmes().all();
  for (const auto& p : all) v.programmes.push_back({p.id, p.name, p.status});
  if (all.empty()) return v;
  v.programme = all.front();
  for (const auto& p : all)
    if (programme_id && p.id == *programme_id) v.programme = p;
  const auto& programme = *v.programme;

  const auto f = storage::ProgrammeStatusRepository(ctx.db()).figures(programme.id, ctx.now());
  storage::DashboardRepository repo(ctx.db());
  v.active_window_days = 2 * handlers::cadence_days(programme);
  const int active = repo.people_active(programme.id, ctx.now() - days{v.active_window_days});
  v.funnel = {{"Joined", f.mentors + f.mentees},
              {"Finished the intake", f.intakes_done},
              {"Paired", f.people_paired},
              {"Met at least once", f.people_met},
              {"Active", active}};
  v.pairs_active = f.pairs_active;
  v.pairs_paused = f.pairs_paused;
  v.pairs_ended = f.pairs_ended;
  v.sessions_held = f.sessions_held;
  v.sessions_planned = f.sessions_planned;
  v.sessions_missed = f.sessions_missed;
  v.goals_agreed = f.goals_agreed;
  v.goals_done = f.goals_done;
  v.goal_progress = f.goal_progress;
  v.weeks = weekly_outcomes(repo, programme.id, ctx.now());
  v.pulse = pulse_points(ctx, programme, v.pulse_open_waves);
  v.pulse_min_group = handlers::pulse_policy(programme).min_group;
  v.impact_too_small = f.mentors + f.mentees < v.pulse_min_group;  // as the `impact` verb refuses
  v.impact_waits_for_close = !handlers::impact::figures_frozen(programme);
  if (!v.impact_too_small && !v.impact_waits_for_close) {
    const auto impact = handlers::impact::impact_figures(
        storage::ImpactRepository(ctx.db()).programme_ratings(programme.id), v.pulse_min_group);
    v.impact.push_back({"Mentees, all skills", impact.mentees});
    for (const auto& s : impact.skills) v.impact.push_back({"Mentees: " + s.label, s.change});
    v.impact.push_back({"Mentors as coaches", impact.mentors});
  }
  for (auto& r : handlers::at_risk_pairs(ctx, programme))
    v.at_risk.push_back({r.health.pair_id, handlers::person_name(ctx, r.health.mentor_id),
                         handlers::person_name(ctx, r.health.mentee_id), std::move(r.reasons)});
  return v;
}

}  // namespace flipside::dashboard
