// The programme's timeline for each pair: a midpoint check (goals and progress so far) and a
// wrap-up a week before the end that asks for takeaways and a testimonial the person may agree to
// share. Programme managers close a programme with `programme close <name>` (asks first), which
// ends its pairs and thanks everyone.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "bot/core/time_zones.hpp"
#include "handlers/audit.hpp"
#include "handlers/features.hpp"
#include "handlers/impact/confidence.hpp"
#include "handlers/impact/impact_figures.hpp"
#include "handlers/intake/survey_form.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "handlers/pulse/pulse.hpp"
#include "handlers/rotation/rotation.hpp"
#include "storage/impact.hpp"
#include "storage/retention.hpp"

namespace flipside::handlers {

namespace {

using nlohmann::json;
constexpr const char* kAfter = "after";

std::optional<std::pair<storage::ActivePair, storage::Programme>> pair_of_job(Context& ctx,
                                                                              const Event& e) {
  auto payload = json::parse(e.args, nullptr, false);
  if (!payload.is_object()) throw std::runtime_error("timeline job: bad payload");
  auto pair = storage::PairLifeRepository(ctx.db()).pair(payload.value("pair_id", std::int64_t{0}));
  if (!pair || pair->paused) return std::nullopt;
  auto programme = ctx.programmes().find(pair->programme_id);
  if (!programme || programme->status == "ended") return std::nullopt;
  return std::pair{*pair, *programme};
}

std::string goal_summary(Context& ctx, std::int64_t pair_id) {
  std::string out;
  for (const auto& g : storage::PairLifeRepository(ctx.db()).goals(pair_id, false)) {
    if (g.status == "replaced" || g.status == "dropped") continue;
    out += "\n• " + g.specific + " (" + std::to_string(g.progress) + "%)";
  }
  return out.empty() ? ctx.text("timeline.no_goals") : out;
}

Reply midpoint(Context& ctx, const Event& e) {
  auto found = pair_of_job(ctx, e);
  if (!found) return Reply::none();
  auto& [pair, programme] = *found;
  request_pulse(ctx, programme, ctx.person().id, "midpoint");
  auto m = ctx.message("timeline.midpoint");
  m.header(ctx.text("timeline.midpoint.title", {{"programme", programme.name}}));
  m.text(ctx.text("timeline.midpoint",
                  {{"partner", person_name(ctx, pair.partner_of(ctx.person().id))},
                   {"goals", goal_summary(ctx, pair.id)}}));
  m.buttons({{ctx.text("pair.button.session"), "session.propose", std::to_string(pair.id)},
             {ctx.text("pair.button.goal"), "goal.new", std::to_string(pair.id)}});
  return Reply::say(std::move(m));
}

// The person's confidence questions again (the same as before the programme), for the impact
// report's "after" (handlers/impact).
std::vector<ConfidenceTopic> wrapup_topics(Context& ctx, const storage::ActivePair& pair,
                                           const storage::Programme& programme) {
  const auto role =
      ctx.person().id == pair.mentor_id ? storage::Role::mentor : storage::Role::mentee;
  return confidence_topics(ctx, programme, ctx.person().id, role);
}

ui::Form wrapup_form(Context& ctx, const storage::ActivePair& pair,
                     const storage::Programme& programme) {
  ui::Form f;
  f.form_id = "wrapup.submit:" + std::to_string(pair.id);
  f.title = ctx.text("wrapup.form.title");
  f.submit_label = ctx.text("wrapup.form.submit");
  f.inputs = {
      {.id = "takeaways",
       .label = ctx.text("wrapup.form.takeaways"),
       .kind = ui::InputKind::multiline,
       .max_length = 1000},
      {.id = "testimonial",
       .label = ctx.text("wrapup.form.testimonial"),
       .kind = ui::InputKind::multiline,
       .hint = ctx.text("wrapup.form.testimonial_hint"),
       .required = false,
       .max_length = 600},
      {.id = "share",
       .label = ctx.text("wrapup.form.share"),
       .kind = ui::InputKind::select,
       .initial = "no",
       .options = {{ctx.text("wrapup.share.yes"), "yes"}, {ctx.text("wrapup.share.no"), "no"}}}};
  const auto earlier =
      storage::ImpactRepository(ctx.db()).ratings(programme.id, ctx.person().id, kAfter);
  for (auto& in : confidence_inputs(ctx, wrapup_topics(ctx, pair, programme), earlier, false))
    f.inputs.push_back(std::move(in));
  return f;
}

Reply wrapup(Context& ctx, const Event& e) {
  auto found = pair_of_job(ctx, e);
  if (!found) return Reply::none();
  auto& [pair, programme] = *found;
  request_pulse(ctx, programme, ctx.person().id, "end");
  auto m = ctx.message("timeline.wrapup");
  m.header(ctx.text("timeline.wrapup.title", {{"programme", programme.name}}));
  m.text(
      ctx.text("timeline.wrapup", {{"partner", person_name(ctx, pair.partner_of(ctx.person().id))},
                                   {"goals", goal_summary(ctx, pair.id)}}));
  m.form(wrapup_form(ctx, pair, programme));
  return Reply::say(std::move(m));
}

Reply save_wrapup(Context& ctx, const Event& e) {
  auto pair = own_pair(ctx, number_from(e.args));
  if (!pair) return say(ctx, "router.stale_form");
  auto programme = ctx.programmes().find(pair->programme_id);
  if (!programme) return say(ctx, "router.stale_form");
  const auto form = wrapup_form(ctx, *pair, *programme);
  auto values = trimmed_values(form, e.fields);
  // A rating out of range or not a number comes back beside its field, and nothing is saved:
  // neither the ratings nor the takeaways typed with them.
  if (auto errors = ui::validate(form, values); !errors.empty())
    return Reply::errors(std::move(errors));
  const bool share = values["share"] == "yes" && !values["testimonial"].empty();
  storage::PairLifeRepository(ctx.db()).save_wrapup(pair->id, ctx.person().id, values["takeaways"],
                                                    values["testimonial"], share, ctx.now());
  const auto topics = wrapup_topics(ctx, *pair, *programme);
  const auto ratings = confidence_ratings(topics, values);
  // A closed programme's figures are on show: a rating changed now would show in them.
  if (!ratings.empty() && !impact::figures_frozen(*programme)) {
    const auto role =
        ctx.person().id == pair->mentor_id ? storage::Role::mentor : storage::Role::mentee;
    storage::ImpactRepository(ctx.db()).save(programme->id, ctx.person().id, role, kAfter, ratings,
                                             ctx.now());
  }
  return say(ctx, share ? "wrapup.thanks.shared" : "wrapup.thanks");
}

// --- closing a programme -------------------------------------------------------------------------

Reply close_confirmed(Context& ctx, const Event& e) {
  auto programme = ctx.programmes().find(number_from(e.args));
  if (!programme) return say(ctx, "router.stale_action");
  if (programme->status == "ended")
    return say(ctx, "timeline.closed_already", {{"programme", programme->name}});
  ctx.programmes().set_status(programme->id, "ended");
  const auto ended =
      storage::PairLifeRepository(ctx.db()).end_all(programme->id, "programme closed", ctx.now());
  for (const auto& pair : ended) {
    for (auto me : {pair.mentor_id, pair.mentee_id}) {
      ctx.send(me,
               ctx.message("timeline.closed")
                   .text(ctx.text("timeline.closed",
                                  {{"programme", programme->name},
                                   {"partner", person_name(ctx, pair.partner_of(me))}})),
               "timeline.closed:" + std::to_string(programme->id) + ":" + std::to_string(me));
    }
  }
  spdlog::info("event=programme_closed programme_id={} pairs={}", programme->id, ended.size());
  audit(ctx, "programme.close", {.programme_id = programme->id});
  ctx.schedule("programme.retention", 0, ctx.now() + std::chrono::days{retention_days(*programme)},
               "programme.retention:" + std::to_string(programme->id),
               json{{"programme_id", programme->id}}.dump());
  auto done = say(ctx, "timeline.closed.done",
                  {{"programme", programme->name}, {"pairs", std::to_string(ended.size())}});
  ask_about_next_cohort(ctx, *programme, done.messages.front());
  return done;
}

}  // namespace

// Asks before closing: it ends every pair of the programme.
Reply ask_to_close_programme(Context& ctx, const storage::Programme& programme) {
  if (programme.status == "ended")
    return say(ctx, "timeline.closed_already", {{"programme", programme.name}});
  auto m = ctx.message("timeline.close_confirm");
  m.text(ctx.text("timeline.close_confirm", {{"programme", programme.name}}));
  m.buttons({{ctx.text("timeline.button.close"), "programme.close", std::to_string(programme.id),
              ui::Style::danger}});
  return Reply::say(std::move(m));
}

void schedule_timeline(Context& ctx, const storage::Programme& programme,
                       const storage::ActivePair& pair) {
  auto start = parse_date(programme.start_date);
  if (!start) return;
  const auto begin = std::chrono::sys_days{*start};
  const auto end = std::chrono::sys_days{programme_end(programme)};
  const auto middle = begin + (end - begin) / 2;
  const auto payload = json{{"pair_id", pair.id}}.dump();
  for (auto me : {pair.mentor_id, pair.mentee_id}) {
    const auto zone = person_zone(ctx, me);
    // 09:00 on that day on the person's own calendar (09:00 UTC if the zone is unknown): in
    // New York that is 13:00 UTC the same day, in Lord Howe 22:30 UTC the day before.
    auto at_nine = [&](std::chrono::sys_days day) {
      return local_to_utc(std::chrono::year_month_day{day}, 9, 0, zone)
          .value_or(TimePoint{day} + std::chrono::hours{9});
    };
    const auto mid = at_nine(middle), wrap = at_nine(end - std::chrono::days{7});
    if (mid > ctx.now())
      ctx.schedule("pair.midpoint", me, mid,
                   "pair.midpoint:" + std::to_string(pair.id) + ":" + std::to_string(me), payload);
    if (wrap > ctx.now())
      ctx.schedule("pair.wrapup", me, wrap,
                   "pair.wrapup:" + std::to_string(pair.id) + ":" + std::to_string(me), payload);
  }
}

// The retention period of a closed programme is over: what its people said and did goes.
Reply retention(Context& ctx, const Event& e) {
  auto payload = json::parse(e.args, nullptr, false);
  if (!payload.is_object()) throw std::runtime_error("programme.retention: bad payload");
  auto programme = ctx.programmes().find(payload.value("programme_id", std::int64_t{0}));
  if (!programme || programme->status != "ended") return Reply::none();
  const auto c = storage::RetentionRepository(ctx.db()).purge_programme(programme->id);
  audit(ctx, "programme.purge", {.programme_id = programme->id});
  spdlog::info("event=programme_purged programme_id={} sessions={} goals={} intakes={}",
               programme->id, c.sessions, c.goals, c.intakes);
  return Reply::none();
}

void register_timeline(Router& router) {
  router.job("programme.retention", retention);
  router.job("pair.midpoint", midpoint);
  router.job("pair.wrapup", wrapup);
  router.form("wrapup.submit", save_wrapup);
  router.action("programme.close", close_confirmed, Access::managers);
}

std::vector<templates::TemplateSpec> timeline_templates() {
  return {{"timeline.no_goals", {}},
          {"timeline.midpoint.title", {"programme"}},
          {"timeline.midpoint", {"partner", "goals"}},
          {"timeline.wrapup.title", {"programme"}},
          {"timeline.wrapup", {"partner", "goals"}},
          {"wrapup.form.title", {}},
          {"wrapup.form.submit", {}},
          {"wrapup.form.takeaways", {}},
          {"wrapup.form.testimonial", {}},
          {"wrapup.form.testimonial_hint", {}},
          {"wrapup.form.share", {}},
          {"wrapup.share.yes", {}},
          {"wrapup.share.no", {}},
          {"wrapup.thanks", {}},
          {"wrapup.thanks.shared", {}},
          {"timeline.close_confirm", {"programme"}},
          {"timeline.button.close", {}},
          {"timeline.closed_already", {"programme"}},
          {"timeline.closed", {"programme", "partner"}},
          {"timeline.closed.done", {"programme", "pairs"}}};
}

}  // namespace flipside::handlers
