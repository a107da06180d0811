// The kickoff both partners get when their pair forms, and the pair's watch and ladder: the
// scheduler notices pairs that stop meeting, nudges them, and asks the programme manager to act.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "bot/core/time_zones.hpp"
#include "handlers/audit.hpp"
#include "handlers/features.hpp"
#include "handlers/notify.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "handlers/programmes/programme_form.hpp"
#include "storage/offers.hpp"

namespace flipside::handlers {

std::string person_name(Context& ctx, std::int64_t person_id) {
  auto p = ctx.people().find(person_id);
  return p ? p->display_name : "?";
}

std::string person_zone(Context& ctx, std::int64_t person_id) {
  auto p = ctx.people().find(person_id);
  return p ? p->time_zone : "";
}

std::int64_t number_from(const std::string& text) {
  try {
    std::size_t used = 0;
    auto n = std::stoll(text, &used);
    return used == text.size() ? n : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

ReminderPolicy reminder_policy(const storage::Programme& programme) {
  ReminderPolicy policy{default_reminder_offsets(), QuietHours{}};
  auto settings = nlohmann::json::parse(programme.settings, nullptr, false);
  if (!settings.is_object() || !settings.contains("reminders")) return policy;
  const auto& r = settings["reminders"];
  if (!r.is_object()) return policy;
  std::vector<std::chrono::minutes> offsets;
  for (const auto& part : split_list(r.value("offsets", std::string())))
    if (auto n = number_from(part); n > 0) offsets.emplace_back(n);
  if (!offsets.empty()) policy.offsets = offsets;
  policy.quiet.start_hour = r.value("quiet_start", policy.quiet.start_hour);
  policy.quiet.end_hour = r.value("quiet_end", policy.quiet.end_hour);
  return policy;
}

std::chrono::year_month_day programme_end(const storage::Programme& p) {
  const auto start = parse_date(p.start_date).value_or(std::chrono::year_month_day{});
  return std::chrono::year_month_day{
      std::chrono::sys_days{start + std::chrono::months{p.length_months}}};
}

LadderPolicy ladder_policy(const storage::Programme& programme) {
  LadderPolicy policy;
  const auto settings = nlohmann::json::parse(programme.settings, nullptr, false);
  if (!settings.is_object() || !settings.contains("ladder") || !settings["ladder"].is_object())
    return policy;
  const auto& l = settings["ladder"];
  const int at_risk = l.value("at_risk_after", policy.at_risk_after);
  const int act = l.value("act_after", policy.act_after);
  // Saved settings are validated by the form; anything else (a hand-edited row) keeps the default.
  if (at_risk >= 1 && act > at_risk) policy = {at_risk, act};
  return policy;
}

int retention_days(const storage::Programme& programme) {
  const auto settings = nlohmann::json::parse(programme.settings, nullptr, false);
  const int days = settings.is_object() ? settings.value("retention_days", 365) : 365;
  return days >= 30 && days <= 3650 ? days : 365;
}

int cadence_days(const storage::Programme& p) {
  if (p.cadence == "weekly") return 7;
  if (p.cadence == "monthly") return 30;
  return 14;
}

std::optional<storage::ActivePair> own_pair(Context& ctx, std::int64_t pair_id) {
  auto pair = storage::PairLifeRepository(ctx.db()).pair(pair_id);
  if (!pair) return std::nullopt;
  const auto me = ctx.person().id;
  if (pair->mentor_id != me && pair->mentee_id != me) return std::nullopt;
  return pair;
}

std::optional<storage::ActivePair> current_pair(Context& ctx) {
  auto pairs = storage::PairLifeRepository(ctx.db()).pairs_of(ctx.person().id);
  if (pairs.empty()) return std::nullopt;
  return pairs.front();
}

void watch_pair(Context& ctx, const storage::ActivePair& pair,
                const storage::Programme& programme) {
  // One live watch per pair: the due time is kept with the pair, and a watch job that finds a
  // different one there (an older copy) does nothing.
  const auto due = ctx.now() + std::chrono::days{2 * cadence_days(programme)};
  storage::PairLifeRepository(ctx.db()).set_watch_due(pair.id, due);
  ctx.schedule("pair.watch", pair.mentee_id, due,
               "pair.watch:" + std::to_string(pair.id) + ":" + std::to_string(to_unix(due)),
               nlohmann::json{{"pair_id", pair.id}, {"due", to_unix(due)}}.dump());
}

void start_pair(Context& ctx, const storage::Programme& programme, std::int64_t pair_id) {
  auto pair = storage::PairLifeRepository(ctx.db()).pair(pair_id);
  if (!pair) return;
  for (bool to_mentor : {true, false}) {
    const auto me = to_mentor ? pair->mentor_id : pair->mentee_id;
    const templates::Vars vars{{"partner", person_name(ctx, pair->partner_of(me))},
                               {"programme", programme.name},
                               {"cadence", ctx.text("programme.cadence." + programme.cadence)},
                               {"minutes", std::to_string(programme.session_minutes)}};
    auto m = ctx.message("pair.kickoff");
    m.header(ctx.text("pair.kickoff.title", vars));
    m.text(ctx.text(to_mentor ? "pair.kickoff.mentor" : "pair.kickoff.mentee", vars));
    m.text(ctx.text("pair.kickoff.icebreakers", vars));
    m.text(ctx.text("pair.kickoff.next", vars));
    m.buttons(
        {{ctx.text("pair.button.goal"), "goal.new", std::to_string(pair->id), ui::Style::primary},
         {ctx.text("pair.button.session"), "session.propose", std::to_string(pair->id),
          ui::Style::primary}});
    ctx.send(me, m, "pair.kickoff:" + std::to_string(pair->id) + ":" + std::to_string(me));
  }
  watch_pair(ctx, *pair, programme);
  schedule_timeline(ctx, programme, *pair);
  spdlog::info("event=pair_started pair_id={} programme_id={}", pair->id, programme.id);
}

void climb_ladder(Context& ctx, const storage::ActivePair& pair, int misses,
                  const std::string& cause) {
  if (pair.paused) return;
  auto programme = ctx.programmes().find(pair.programme_id);
  if (!programme) return;
  const auto key = "ladder:" + std::to_string(pair.id) + ":" + cause;
  const auto mentor = person_name(ctx, pair.mentor_id), mentee = person_name(ctx, pair.mentee_id);
  spdlog::info("event=ladder pair_id={} step={} cause={}", pair.id, misses, cause);
  const auto ladder = ladder_policy(*programme);
  if (misses < ladder.at_risk_after) {
    // Early misses: a friendly nudge to both with a one-click reschedule.
    for (auto me : {pair.mentor_id, pair.mentee_id}) {
      auto m = ctx.message("pair.ladder.nudge");
      m.text(ctx.text("pair.ladder.nudge", {{"partner", person_name(ctx, pair.partner_of(me))}}));
      m.buttons({{ctx.text("pair.button.session"), "session.propose", std::to_string(pair.id),
                  ui::Style::primary}});
      ctx.send(me, m, key + ":nudge:" + std::to_string(me));
    }
    return;
  }
  if (misses < ladder.act_after) {
    // The senior is usually the bottleneck: a personal word to them, and a heads-up to the PM.
    auto m = ctx.message("pair.ladder.senior");
    m.text(ctx.text("pair.ladder.senior", {{"partner", mentor}}));
    m.buttons({{ctx.text("pair.button.session"), "session.propose", std::to_string(pair.id),
                ui::Style::primary}});
    ctx.send(pair.mentee_id, m, key + ":senior");
    tell_managers(ctx, programme->id,
                  ctx.message("pair.ladder.at_risk")
                      .text(ctx.text("pair.ladder.at_risk", {{"mentor", mentor},
                                                             {"mentee", mentee},
                                                             {"programme", programme->name}})),
                  key + ":at_risk");
    return;
  }
  auto m = ctx.message("pair.ladder.act");
  m.text(ctx.text("pair.ladder.act", {{"mentor", mentor},
                                      {"mentee", mentee},
                                      {"misses", std::to_string(misses)},
                                      {"programme", programme->name}}));
  m.buttons(
      {{ctx.text("pair.button.pause"), "pair.pause", std::to_string(pair.id)},
       {ctx.text("pair.button.end"), "pair.end", std::to_string(pair.id), ui::Style::danger}});
  tell_managers(ctx, programme->id, m, key + ":act");
}

namespace {

// No session for twice the cadence: a word to the senior and a heads-up to the managers, once per
// quiet stretch (keyed by the last sign of life).
void flag_quiet_pair(Context& ctx, const storage::ActivePair& pair,
                     const storage::Programme& programme, TimePoint last_life) {
  const auto key = "quiet:" + std::to_string(pair.id) + ":" + std::to_string(to_unix(last_life));
  const auto mentor = person_name(ctx, pair.mentor_id), mentee = person_name(ctx, pair.mentee_id);
  spdlog::info("event=pair_quiet pair_id={}", pair.id);
  auto m = ctx.message("pair.quiet.senior");
  m.text(ctx.text("pair.quiet.senior", {{"partner", mentor}}));
  m.buttons({{ctx.text("pair.button.session"), "session.propose", std::to_string(pair.id),
              ui::Style::primary}});
  ctx.send(pair.mentee_id, m, key + ":senior");
  tell_managers(
      ctx, programme.id,
      ctx.message("pair.quiet.at_risk")
          .text(ctx.text("pair.quiet.at_risk",
                         {{"mentor", mentor}, {"mentee", mentee}, {"programme", programme.name}})),
      key + ":managers");
}

// Fires twice the cadence after the pair's last sign of life; if nothing happened since, the pair
// is at risk. Re-arms itself while the pair lasts.
Reply watch(Context& ctx, const Event& e) {
  auto payload = nlohmann::json::parse(e.args, nullptr, false);
  if (!payload.is_object()) throw std::runtime_error("pair.watch: bad payload");
  storage::PairLifeRepository life(ctx.db());
  auto pair = life.pair(payload.value("pair_id", std::int64_t{0}));
  if (!pair) return Reply::none();  // ended
  if (!pair->watch_due || to_unix(*pair->watch_due) != payload.value("due", std::int64_t{0}))
    return Reply::none();  // superseded by a newer watch
  auto programme = ctx.programmes().find(pair->programme_id);
  if (!programme || programme->status == "ended") return Reply::none();
  // Signs of life: a session held, booked for later, waiting for its check-in (answers may come
  // up to two days after it ends), or a proposal on the table.
  const auto window = std::chrono::days{2 * cadence_days(*programme)};
  TimePoint last = pair->created_at;
  bool pending = false;
  for (const auto& s : life.sessions(pair->id)) {
    const auto end = s.starts_at + std::chrono::minutes{s.minutes};
    if (s.status == "held") last = std::max(last, s.starts_at);
    if (s.status == "scheduled" && end + std::chrono::hours{48} > ctx.now()) pending = true;
    if (s.status == "proposed" && s.updated_at + window > ctx.now()) pending = true;
  }
  // The miss ladder already escalated a pair that keeps missing: no second alarm for it.
  if (!pending && ctx.now() - last >= window && !pair->paused && pair->missed_in_a_row < 2)
    flag_quiet_pair(ctx, *pair, *programme, last);
  watch_pair(ctx, *pair, *programme);
  return Reply::none();
}

Reply pause_or_end(Context& ctx, const Event& e, bool end) {
  storage::PairLifeRepository life(ctx.db());
  auto pair = life.pair(number_from(e.args));
  if (!pair) return Reply::say(ctx.message("pair.gone").text(ctx.text("pair.gone")));
  const auto mentor = person_name(ctx, pair->mentor_id), mentee = person_name(ctx, pair->mentee_id);
  const std::string what = end ? "end" : (pair->paused ? "resume" : "pause");
  if (end) {
    storage::OfferRepository(ctx.db()).end_pair(pair->programme_id, pair->mentor_id,
                                                pair->mentee_id, "ended by a programme manager",
                                                ctx.now());
  } else {
    life.set_paused(pair->id, !pair->paused, ctx.now());
  }
  audit(ctx, "pair." + what, {.programme_id = pair->programme_id, .pair_id = pair->id});
  for (auto me : {pair->mentor_id, pair->mentee_id}) {
    ctx.send(me,
             ctx.message("pair.told." + what)
                 .text(ctx.text("pair.told." + what,
                                {{"partner", person_name(ctx, pair->partner_of(me))}})),
             "pair." + what + ":" + std::to_string(pair->id) + ":" + std::to_string(me) + ":" +
                 std::to_string(to_unix(ctx.now())));
  }
  return Reply::say(
      ctx.message("pair.done." + what)
          .text(ctx.text("pair.done." + what, {{"mentor", mentor}, {"mentee", mentee}})));
}

}  // namespace

void register_kickoff(Router& router) {
  router.job("pair.watch", watch);
  router.action(
      "pair.pause", [](Context& c, const Event& e) { return pause_or_end(c, e, false); },
      Access::managers);
  router.action(
      "pair.end", [](Context& c, const Event& e) { return pause_or_end(c, e, true); },
      Access::managers);
}

std::vector<templates::TemplateSpec> kickoff_templates() {
  const std::set<std::string> kickoff = {"partner", "programme", "cadence", "minutes"};
  return {{"pair.kickoff.title", kickoff},
          {"pair.kickoff.mentor", kickoff},
          {"pair.kickoff.mentee", kickoff},
          {"pair.kickoff.icebreakers", kickoff},
          {"pair.kickoff.next", kickoff},
          {"pair.button.goal", {}},
          {"pair.button.session", {}},
          {"pair.button.pause", {}},
          {"pair.button.end", {}},
          {"pair.ladder.nudge", {"partner"}},
          {"pair.ladder.senior", {"partner"}},
          {"pair.ladder.at_risk", {"mentor", "mentee", "programme"}},
          {"pair.ladder.act", {"mentor", "mentee", "misses", "programme"}},
          {"pair.quiet.senior", {"partner"}},
          {"pair.quiet.at_risk", {"mentor", "mentee", "programme"}},
          {"pair.gone", {}},
          {"pair.told.pause", {"partner"}},
          {"pair.told.resume", {"partner"}},
          {"pair.told.end", {"partner"}},
          {"pair.done.pause", {"mentor", "mentee"}},
          {"pair.done.resume", {"mentor", "mentee"}},
          {"pair.done.end", {"mentor", "mentee"}}};
}

}  // namespace flipside::handlers
