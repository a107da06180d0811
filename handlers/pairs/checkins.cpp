// After each session: "Did you meet?" to both. Yes -> what did you learn, action items, goal
// progress. No -> the session counts as missed and the ladder climbs (nudge both; then the senior
// and the programme manager; then the manager is asked to act). Moved -> propose the new time.
// Nobody answering within two days counts as a miss too. An answer to an old check-in is told so.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "bot/core/time_zones.hpp"
#include "handlers/features.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "handlers/pairs/sessions.hpp"
#include "handlers/pulse/pulse.hpp"

namespace flipside::handlers {

namespace {

using nlohmann::json;

void mark_missed(Context& ctx, const storage::Session& s, const storage::ActivePair& pair) {
  storage::PairLifeRepository life(ctx.db());
  life.set_session_status(s.id, "missed", ctx.now());
  const int misses = life.count_miss(pair.id);
  climb_ladder(ctx, pair, misses, "session:" + std::to_string(s.id));
}

Reply ask(Context& ctx, const Event& e) {
  auto found = session_of_job(ctx, e);
  if (!found) return Reply::none();
  auto& [s, pair] = *found;
  if (s.status != "scheduled" && s.status != "held") return Reply::none();
  if (storage::PairLifeRepository(ctx.db()).checkin_answer(s.id, ctx.person().id))
    return Reply::none();
  const auto id = std::to_string(s.id);
  auto m = ctx.message("checkin.ask");
  m.text(ctx.text("checkin.ask", {{"partner", person_name(ctx, pair.partner_of(ctx.person().id))},
                                  {"when", format_local(s.starts_at, ctx.person().time_zone)}}));
  m.buttons({{ctx.text("checkin.button.yes"), "checkin.answer", id + ":yes", ui::Style::primary},
             {ctx.text("checkin.button.no"), "checkin.answer", id + ":no"},
             {ctx.text("checkin.button.moved"), "checkin.answer", id + ":moved"}});
  return Reply::say(std::move(m));
}

ui::Form notes_form(Context& ctx, const storage::ActivePair& pair, std::int64_t session_id) {
  ui::Form f;
  f.form_id = "checkin.notes:" + std::to_string(session_id);
  f.title = ctx.text("checkin.form.title");
  f.submit_label = ctx.text("checkin.form.submit");
  f.inputs = {{.id = "learned",
               .label = ctx.text("checkin.form.learned"),
               .kind = ui::InputKind::multiline,
               .required = false,
               .max_length = 1000},
              {.id = "actions",
               .label = ctx.text("checkin.form.actions"),
               .kind = ui::InputKind::multiline,
               .hint = ctx.text("checkin.form.actions_hint"),
               .required = false,
               .max_length = 1000}};
  for (const auto& g : storage::PairLifeRepository(ctx.db()).goals(pair.id, true)) {
    if (g.status != "agreed") continue;
    f.inputs.push_back({.id = "goal_" + std::to_string(g.id),
                        .label = ctx.text("checkin.form.progress", {{"goal", g.specific}}),
                        .kind = ui::InputKind::number,
                        .initial = std::to_string(g.progress),
                        .required = false,
                        .min = 0,
                        .max = 100});
  }
  return f;
}

Reply answer(Context& ctx, const Event& e) {
  const auto colon = e.args.find(':');
  if (colon == std::string::npos) return say(ctx, "router.stale_action");
  const auto what = e.args.substr(colon + 1);
  storage::PairLifeRepository life(ctx.db());
  auto s = life.session(number_from(e.args.substr(0, colon)));
  if (!s || (what != "yes" && what != "no" && what != "moved"))
    return say(ctx, "router.stale_action");
  auto pair = own_pair(ctx, s->pair_id);
  if (!pair) return say(ctx, "router.stale_action");
  if (s->status == "cancelled" || s->status == "proposed") return say(ctx, "checkin.old");
  if (!life.add_checkin(s->id, ctx.person().id, what == "moved" ? "rescheduled" : what, ctx.now()))
    return say(ctx, "checkin.already");
  spdlog::info("event=checkin session_id={} answer={}", s->id, what);
  if (what == "yes") {
    if (s->status != "held") {
      life.set_session_status(s->id, "held", ctx.now());
      life.reset_misses(pair->id);
      if (auto programme = ctx.programmes().find(pair->programme_id)) {
        watch_pair(ctx, *pair, *programme);
        pulse_after_session(ctx, *programme, pair->id, pair->mentor_id, pair->mentee_id);
      }
    }
    auto m = ctx.message("checkin.notes");
    m.text(ctx.text("checkin.glad"));
    m.form(notes_form(ctx, *pair, s->id));
    return Reply::say(std::move(m));
  }
  if (what == "no") {
    if (s->status == "scheduled") mark_missed(ctx, *s, *pair);
    auto m = ctx.message("checkin.missed");
    m.text(ctx.text("checkin.missed"));
    m.buttons({{ctx.text("pair.button.session"), "session.propose", std::to_string(pair->id),
                ui::Style::primary}});
    return Reply::say(std::move(m));
  }
  // Moved: they meet at another time; propose it (the invite updates).
  auto m = ctx.message("checkin.moved");
  m.text(ctx.text("checkin.moved"));
  m.buttons({{ctx.text("session.button.move"), "session.other", std::to_string(s->id),
              ui::Style::primary}});
  return Reply::say(std::move(m));
}

Reply notes(Context& ctx, const Event& e) {
  storage::PairLifeRepository life(ctx.db());
  auto s = life.session(number_from(e.args));
  if (!s) return say(ctx, "router.stale_form");
  auto pair = own_pair(ctx, s->pair_id);
  if (!pair) return say(ctx, "router.stale_form");
  const auto form = notes_form(ctx, *pair, s->id);
  std::map<std::string, std::string> values;
  for (const auto& in : form.inputs) {
    auto it = e.fields.find(in.id);
    values[in.id] = it == e.fields.end() ? "" : it->second;
  }
  if (auto errors = ui::validate(form, values); !errors.empty())
    return Reply::errors(std::move(errors));
  life.complete_checkin(s->id, ctx.person().id, values["learned"], values["actions"]);
  for (const auto& in : form.inputs) {
    if (!in.id.starts_with("goal_") || values[in.id].empty()) continue;
    life.set_goal_progress(number_from(in.id.substr(5)), std::stoi(values[in.id]), ctx.now());
  }
  return say(ctx, "checkin.thanks");
}

Reply timeout(Context& ctx, const Event& e) {
  auto found = session_of_job(ctx, e);
  if (!found) return Reply::none();
  auto& [s, pair] = *found;
  if (s.status == "scheduled") mark_missed(ctx, s, pair);  // nobody said anything
  return Reply::none();
}

}  // namespace

void register_checkins(Router& router) {
  router.job("session.checkin", ask);
  router.job("session.checkin_timeout", timeout);
  router.action("checkin.answer", answer);
  router.form("checkin.notes", notes);
}

std::vector<templates::TemplateSpec> checkin_templates() {
  return {{"checkin.ask", {"partner", "when"}},
          {"checkin.button.yes", {}},
          {"checkin.button.no", {}},
          {"checkin.button.moved", {}},
          {"checkin.form.title", {}},
          {"checkin.form.submit", {}},
          {"checkin.form.learned", {}},
          {"checkin.form.actions", {}},
          {"checkin.form.actions_hint", {}},
          {"checkin.form.progress", {"goal"}},
          {"checkin.old", {}},
          {"checkin.already", {}},
          {"checkin.glad", {}},
          {"checkin.missed", {}},
          {"checkin.moved", {}},
          {"checkin.thanks", {}}};
}

}  // namespace flipside::handlers
