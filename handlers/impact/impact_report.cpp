// `impact [programme]`: what the programme changed (issue #8), for its managers. The before ->
// after change in confidence per skill, for mentees overall and for mentors as coaches, under the
// pulse's anonymity rules (impact_figures.hpp); sessions held against planned; goals met; the
// newest closed pulse's NPS; and the testimonials their authors agreed to share, with their
// names. A programme with fewer people than the anonymity threshold gets no report at all.
#include <spdlog/spdlog.h>

#include <cstdio>

#include "bot/core/text.hpp"
#include "handlers/features.hpp"
#include "handlers/impact/confidence.hpp"
#include "handlers/impact/impact_figures.hpp"
#include "handlers/pulse/pulse.hpp"
#include "storage/impact.hpp"
#include "storage/programme_status.hpp"

namespace flipside::handlers {

namespace {

std::string one_decimal(double x) {
  char out[16];
  std::snprintf(out, sizeof out, "%.1f", x);
  return out;
}

// "+1.4", "-0.2", "±0.0": the sign is the point of the figure, so it is always written.
std::string signed_change(double delta) {
  const auto text = one_decimal(delta < 0 ? -delta : delta);
  if (text == "0.0") return "±0.0";
  return (delta < 0 ? "-" : "+") + text;
}

templates::Vars change_vars(const impact::Change& c) {
  return {{"before", one_decimal(c.shown_before())},
          {"after", one_decimal(c.shown_after())},
          {"change", signed_change(c.shown_delta())},
          {"people", std::to_string(c.people)}};
}

std::string nps_line(Context& ctx, const storage::Programme& programme, int k) {
  const auto waves = pulse_figures(ctx.db(), programme, ctx.now());
  for (auto w = waves.rbegin(); w != waves.rend(); ++w) {
    if (!w->total) continue;
    const int nps = w->total->nps;
    return ctx.text("impact.nps", {{"nps", (nps > 0 ? "+" : "") + std::to_string(nps)},
                                   {"wave", wave_label(ctx, w->wave)},
                                   {"answers", std::to_string(w->total->answers)}});
  }
  return ctx.text("impact.nps.none", {{"k", std::to_string(k)}});
}

Reply impact_report(Context& ctx, const Event& e) {
  const auto name = trim(e.args);
  const auto programme = ctx.programmes().named_or_newest(name);
  if (!programme) return say(ctx, "impact.no_programme", {{"name", name}});
  const auto status =
      storage::ProgrammeStatusRepository(ctx.db()).figures(programme->id, ctx.now());
  const int k = pulse_policy(*programme).min_group;
  const int participants = status.mentors + status.mentees;
  if (participants < k)
    return say(ctx, "impact.too_small",
               {{"programme", programme->name},
                {"count", std::to_string(participants)},
                {"k", std::to_string(k)}});

  storage::ImpactRepository repo(ctx.db());
  if (!impact::figures_frozen(*programme))
    return say(ctx, "impact.not_closed", {{"programme", programme->name}});
  const auto f = impact::impact_figures(repo.programme_ratings(programme->id), k);
  const auto hidden = ctx.text("impact.suppressed", {{"k", std::to_string(k)}});
  auto m = ctx.message("impact.report");
  m.header(ctx.text("impact.title", {{"programme", programme->name}}));
  m.text(ctx.text("impact.intro", {{"k", std::to_string(k)}}));

  std::string skills;
  for (const auto& s : f.skills) {
    auto vars = s.change ? change_vars(*s.change) : templates::Vars{};
    vars["skill"] = s.label;
    skills += "\n• " + (s.change ? ctx.text("impact.skill", vars)
                                 : ctx.text("impact.skill.hidden",
                                            {{"skill", s.label}, {"hidden", hidden}}));
  }
  if (skills.empty()) skills = "\n• " + ctx.text("impact.no_ratings");
  m.text(ctx.text(
      "impact.mentees",
      {{"overall", f.mentees ? ctx.text("impact.change", change_vars(*f.mentees)) : hidden},
       {"skills", skills}}));
  m.text(ctx.text(
      "impact.mentors",
      {{"overall", f.mentors ? ctx.text("impact.change", change_vars(*f.mentors)) : hidden}}));
  m.text(ctx.text("impact.sessions", {{"held", std::to_string(status.sessions_held)},
                                      {"planned", std::to_string(status.sessions_planned)},
                                      {"missed", std::to_string(status.sessions_missed)}}));
  m.text(ctx.text("impact.goals",
                  {{"done", std::to_string(status.goals_done)},
                   {"total", std::to_string(status.goals_done + status.goals_agreed)}}));
  m.text(ctx.text("impact.pulse", {{"nps", nps_line(ctx, *programme, k)}}));

  std::string quotes;
  for (const auto& t : repo.shared_testimonials(programme->id))
    quotes += "\n" + ctx.text("impact.testimonial", {{"name", t.name}, {"text", t.text}});
  m.text(quotes.empty() ? ctx.text("impact.testimonials.none")
                        : ctx.text("impact.testimonials", {{"quotes", quotes}}));
  spdlog::info("event=impact_report programme_id={} by={}", programme->id, ctx.person().id);
  return Reply::say(std::move(m));
}

}  // namespace

void register_impact(Router& router) {
  register_confidence(router);
  router.command({"impact", "impact [programme]",
                  "what the programme changed: confidence before "
                  "and after, sessions, goals, NPS, testimonials",
                  true},
                 impact_report);
}

std::vector<templates::TemplateSpec> impact_templates() {
  auto specs = confidence_templates();
  for (auto&& s : std::vector<templates::TemplateSpec>{
           {"impact.no_programme", {"name"}},
           {"impact.too_small", {"programme", "count", "k"}},
           {"impact.not_closed", {"programme"}},
           {"impact.report", {}},
           {"impact.title", {"programme"}},
           {"impact.intro", {"k"}},
           {"impact.suppressed", {"k"}},
           {"impact.change", {"before", "after", "change", "people"}},
           {"impact.skill", {"skill", "before", "after", "change", "people"}},
           {"impact.skill.hidden", {"skill", "hidden"}},
           {"impact.no_ratings", {}},
           {"impact.mentees", {"overall", "skills"}},
           {"impact.mentors", {"overall"}},
           {"impact.sessions", {"held", "planned", "missed"}},
           {"impact.goals", {"done", "total"}},
           {"impact.pulse", {"nps"}},
           {"impact.nps", {"nps", "wave", "answers"}},
           {"impact.nps.none", {"k"}},
           {"impact.testimonials", {"quotes"}},
           {"impact.testimonial", {"name", "text"}},
           {"impact.testimonials.none", {}}})
    specs.push_back(std::move(s));
  return specs;
}

}  // namespace flipside::handlers
