// `status [programme]` and `at-risk [programme]`: what a programme manager looks at without
// chasing anyone. Status is the funnel (joined, intake done, matched, met), sessions, goals and the
// latest pulse; at-risk lists the pairs that need a word (misses in a row, no session within twice
// the cadence and nothing booked, someone who blocked the bot) with buttons to nudge, pause or end.
#include <spdlog/spdlog.h>

#include "bot/core/text.hpp"
#include "bot/core/time_zones.hpp"
#include "handlers/audit.hpp"
#include "handlers/features.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "handlers/programmes/at_risk.hpp"
#include "handlers/pulse/pulse.hpp"
#include "storage/programme_status.hpp"

namespace flipside::handlers {

namespace {

// A chat message stays readable: this many pairs in full, then a count.
constexpr std::size_t kPairsShown = 20;

// The named programme, or the newest one.
std::optional<storage::Programme> programme_named(Context& ctx, const std::string& args) {
  return ctx.programmes().named_or_newest(trim(args));
}

Reply no_programme(Context& ctx, const std::string& args) {
  return say(ctx, "status.no_programme", {{"name", trim(args)}});
}

Reply status(Context& ctx, const Event& e) {
  auto programme = programme_named(ctx, e.args);
  if (!programme) return no_programme(ctx, e.args);
  const auto f = storage::ProgrammeStatusRepository(ctx.db()).figures(programme->id, ctx.now());
  auto m = ctx.message("status.report");
  m.header(ctx.text("status.title", {{"programme", programme->name}}));
  m.text(ctx.text("status.funnel", {{"joined", std::to_string(f.mentors + f.mentees)},
                                    {"mentors", std::to_string(f.mentors)},
                                    {"mentees", std::to_string(f.mentees)},
                                    {"intakes", std::to_string(f.intakes_done)},
                                    {"paired", std::to_string(f.people_paired)},
                                    {"met", std::to_string(f.people_met)},
                                    {"paused", std::to_string(f.pairs_paused)},
                                    {"ended", std::to_string(f.pairs_ended)}}));
  m.text(
      ctx.text("status.orientation", {{"acknowledged", std::to_string(f.orientation_acknowledged)},
                                      {"participants", std::to_string(f.mentors + f.mentees)}}));
  m.text(ctx.text("status.sessions", {{"held", std::to_string(f.sessions_held)},
                                      {"planned", std::to_string(f.sessions_planned)},
                                      {"missed", std::to_string(f.sessions_missed)}}));
  m.text(ctx.text("status.goals", {{"agreed", std::to_string(f.goals_agreed)},
                                   {"done", std::to_string(f.goals_done)},
                                   {"progress", std::to_string(f.goal_progress)}}));
  m.text(ctx.text("status.pulse", {{"pulse", latest_pulse_line(ctx, *programme)}}));
  m.buttons({{ctx.text("status.button.at_risk"), "status.at_risk", std::to_string(programme->id)}});
  return Reply::say(std::move(m));
}

Reply at_risk_of(Context& ctx, const storage::Programme& programme) {
  auto m = ctx.message("at_risk.report");
  m.header(ctx.text("at_risk.title", {{"programme", programme.name}}));
  const auto pairs = at_risk_pairs(ctx, programme);
  const std::size_t total = pairs.size();
  std::size_t shown = 0;
  for (const auto& [h, why] : pairs) {
    if (shown == kPairsShown) break;
    ++shown;
    std::string reasons;
    for (const auto& r : why) reasons += (reasons.empty() ? "" : "; ") + r;
    m.text(ctx.text("at_risk.pair", {{"mentor", person_name(ctx, h.mentor_id)},
                                     {"mentee", person_name(ctx, h.mentee_id)},
                                     {"why", reasons}}));
    const auto id = std::to_string(h.pair_id);
    m.buttons({{ctx.text("at_risk.button.nudge"), "pair.nudge", id, ui::Style::primary},
               {ctx.text("pair.button.pause"), "pair.pause", id},
               {ctx.text("pair.button.end"), "pair.end", id, ui::Style::danger}});
  }
  if (total == 0) {
    m.text(ctx.text("at_risk.none"));
  } else {
    if (total > shown) m.text(ctx.text("at_risk.more", {{"count", std::to_string(total - shown)}}));
    m.text(ctx.text("at_risk.footer"));
  }
  return Reply::say(std::move(m));
}

Reply at_risk(Context& ctx, const Event& e) {
  auto programme = programme_named(ctx, e.args);
  if (!programme) return no_programme(ctx, e.args);
  return at_risk_of(ctx, *programme);
}

Reply at_risk_button(Context& ctx, const Event& e) {
  auto programme = ctx.programmes().find(number_from(e.args));
  if (!programme) return say(ctx, "router.stale_action");
  return at_risk_of(ctx, *programme);
}

// A manager's nudge: both partners get a friendly word with a one-click way to book, at most once
// a day per pair (a double click sends nothing more).
Reply nudge(Context& ctx, const Event& e) {
  auto pair = storage::PairLifeRepository(ctx.db()).pair(number_from(e.args));
  if (!pair) return say(ctx, "pair.gone");
  const auto day = format_day(local_date(ctx.now(), ""));
  for (auto me : {pair->mentor_id, pair->mentee_id}) {
    auto m = ctx.message("at_risk.nudged");
    m.text(ctx.text("at_risk.nudged", {{"partner", person_name(ctx, pair->partner_of(me))},
                                       {"manager", ctx.person().display_name}}));
    m.buttons({{ctx.text("pair.button.session"), "session.propose", std::to_string(pair->id),
                ui::Style::primary}});
    ctx.send(me, m,
             "pair.nudge:" + std::to_string(pair->id) + ":" + day + ":" + std::to_string(me));
  }
  audit(ctx, "pair.nudge", {.programme_id = pair->programme_id, .pair_id = pair->id});
  spdlog::info("event=pair_nudged pair_id={} by={}", pair->id, ctx.person().id);
  return say(ctx, "at_risk.nudge_sent",
             {{"mentor", person_name(ctx, pair->mentor_id)},
              {"mentee", person_name(ctx, pair->mentee_id)}});
}

}  // namespace

void register_status(Router& router) {
  router.command({"status", "status [programme]", "the programme at a glance", true}, status);
  router.command({"at-risk", "at-risk [programme]", "pairs that need a word", true}, at_risk);
  router.action("status.at_risk", at_risk_button, Access::managers);
  router.action("pair.nudge", nudge, Access::managers);
}

std::vector<templates::TemplateSpec> status_templates() {
  return {{"status.no_programme", {"name"}},
          {"status.report", {}},
          {"status.title", {"programme"}},
          {"status.funnel",
           {"joined", "mentors", "mentees", "intakes", "paired", "met", "paused", "ended"}},
          {"status.orientation", {"acknowledged", "participants"}},
          {"status.sessions", {"held", "planned", "missed"}},
          {"status.goals", {"agreed", "done", "progress"}},
          {"status.pulse", {"pulse"}},
          {"status.button.at_risk", {}},
          {"at_risk.report", {}},
          {"at_risk.title", {"programme"}},
          {"at_risk.missed", {"count"}},
          {"at_risk.quiet", {"days"}},
          {"at_risk.never", {"days"}},
          {"at_risk.blocked", {}},
          {"at_risk.pair", {"mentor", "mentee", "why"}},
          {"at_risk.button.nudge", {}},
          {"at_risk.none", {}},
          {"at_risk.more", {"count"}},
          {"at_risk.footer", {}},
          {"at_risk.nudged", {"partner", "manager"}},
          {"at_risk.nudge_sent", {"mentor", "mentee"}}};
}

}  // namespace flipside::handlers
