// Recurring series: a pair books several sessions at the programme's cadence in one go. One
// calendar invite with an RRULE covers them (served at /ics/<series token>); each occurrence is
// an ordinary session with its own reminders, check-in and place on the missed-session ladder,
// and can be moved or cancelled on its own (the invite then shows an override or an EXDATE).
#include <spdlog/spdlog.h>

#include "bot/core/local_time.hpp"
#include "bot/core/time_zones.hpp"
#include "handlers/features.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "handlers/pairs/sessions.hpp"

namespace flipside::handlers {

namespace {

// A series longer than this is almost certainly a typo or a misunderstanding.
constexpr int kMaxOccurrences = 26;

std::string every_text(Context& ctx, const storage::Programme& programme) {
  return ctx.text("session.every." + std::to_string(series_interval_weeks(programme)));
}

Reply cancel_series(Context& ctx, const Event& e) {
  storage::PairLifeRepository life(ctx.db());
  auto series = life.series(number_from(e.args));
  if (!series) return say(ctx, "router.stale_action");
  auto pair = own_pair(ctx, series->pair_id);
  if (!pair) return say(ctx, "router.stale_action");
  int cancelled = 0;
  for (const auto& s : life.occurrences(series->id)) {
    if ((s.status == "proposed" || s.status == "scheduled") && s.starts_at > ctx.now()) {
      life.set_session_status(s.id, "cancelled", ctx.now());
      ++cancelled;
    }
  }
  if (cancelled == 0) return say(ctx, "session.series.nothing_left");
  spdlog::info("event=series_cancelled series_id={} sessions={}", series->id, cancelled);
  const auto partner = pair->partner_of(ctx.person().id);
  auto m = ctx.message("session.series.cancelled");
  m.text(ctx.text("session.series.cancelled",
                  {{"name", ctx.person().display_name},
                   {"count", std::to_string(cancelled)},
                   {"link", ctx.public_url() + "/ics/" + series->ics_token}}));
  m.buttons({{ctx.text("pair.button.session"), "session.propose", std::to_string(pair->id)}});
  ctx.send(partner, m, "session.series.cancelled:" + std::to_string(series->id));
  return say(ctx, "session.series.you_cancelled",
             {{"partner", person_name(ctx, partner)}, {"count", std::to_string(cancelled)}});
}

}  // namespace

int series_interval_weeks(const storage::Programme& programme) {
  if (programme.cadence == "weekly") return 1;
  if (programme.cadence == "monthly") return 4;
  return 2;
}

std::vector<ui::Option> repeat_options(Context& ctx, const storage::Programme& programme) {
  const auto every = every_text(ctx, programme);
  std::vector<ui::Option> options = {{ctx.text("session.repeat.once"), "1"}};
  for (int n : {4, 6, 8})
    options.push_back(
        {ctx.text("session.repeat.count", {{"count", std::to_string(n)}, {"every", every}}),
         std::to_string(n)});
  options.push_back({ctx.text("session.repeat.end", {{"every", every}}), "end"});
  return options;
}

std::vector<TimePoint> series_starts(std::chrono::year_month_day first_day, int hour, int minute,
                                     const std::string& zone, int interval_weeks, int count) {
  std::vector<TimePoint> starts;
  for (int k = 0; k < count; ++k) {
    const std::chrono::year_month_day day{std::chrono::sys_days{first_day} +
                                          std::chrono::weeks{interval_weeks * k}};
    auto t = local_to_utc(day, hour, minute, zone);
    if (!t) return {};
    starts.push_back(*t);
  }
  return starts;
}

SeriesPlan plan_series(Context& ctx, const storage::Programme& programme,
                       std::chrono::year_month_day first_day, int hour, int minute,
                       const std::string& zone, const std::string& repeat) {
  const int weeks = series_interval_weeks(programme);
  const auto end = programme_end(programme);
  SeriesPlan plan;
  if (repeat == "end") {
    plan.starts = series_starts(first_day, hour, minute, zone, weeks, kMaxOccurrences);
    std::erase_if(plan.starts, [&](TimePoint t) { return local_date(t, zone) > end; });
    if (plan.starts.size() < 2)
      plan.error = ctx.text("session.error.series_short", {{"end", format_day(end)}});
    return plan;
  }
  const auto count = static_cast<int>(number_from(repeat));
  if (count < 2 || count > kMaxOccurrences) {
    plan.error = ctx.text("session.error.series_count");
    return plan;
  }
  plan.starts = series_starts(first_day, hour, minute, zone, weeks, count);
  if (!plan.starts.empty() && local_date(plan.starts.back(), zone) > end) {
    plan.error = ctx.text("session.error.series_past_end",
                          {{"count", std::to_string(count)},
                           {"last", format_day(local_date(plan.starts.back(), zone))},
                           {"end", format_day(end)}});
  }
  return plan;
}

Reply propose_series(Context& ctx, const storage::ActivePair& pair, const SeriesPlan& plan,
                     const std::string& zone, int minutes) {
  storage::PairLifeRepository life(ctx.db());
  auto programme = ctx.programmes().find(pair.programme_id);
  storage::Series series;
  series.pair_id = pair.id;
  series.zone = zone;
  series.interval_weeks = programme ? series_interval_weeks(*programme) : 2;
  series.count = static_cast<int>(plan.starts.size());
  series.first_start = plan.starts.front();
  series.minutes = minutes;
  series.proposed_by = ctx.person().id;
  series.ics_uid = random_hex(16) + "@flipside";
  series.ics_token = random_hex(24);
  series.id = life.add_series(series, ctx.now());
  const int first_number = life.next_session_number(pair.id);
  std::int64_t first_id = 0;
  for (std::size_t k = 0; k < plan.starts.size(); ++k) {
    storage::Session s;
    s.pair_id = pair.id;
    s.number = first_number + static_cast<int>(k);
    s.starts_at = plan.starts[k];
    s.minutes = minutes;
    s.proposed_by = ctx.person().id;
    s.ics_uid = random_hex(16) + "@flipside";
    s.ics_token = random_hex(24);
    s.series_id = series.id;
    s.series_start = plan.starts[k];
    const auto id = life.add_session(s, ctx.now());
    if (k == 0) first_id = id;
  }
  spdlog::info("event=series_proposed series_id={} pair_id={} sessions={}", series.id, pair.id,
               series.count);
  const auto every = programme ? every_text(ctx, *programme) : std::string();
  const auto partner = pair.partner_of(ctx.person().id);
  auto m = ctx.message("session.proposed.series");
  m.text(ctx.text("session.proposed.series",
                  {{"name", ctx.person().display_name},
                   {"count", std::to_string(series.count)},
                   {"every", every},
                   {"minutes", std::to_string(minutes)},
                   {"when", when_for(ctx, series.first_start, partner)},
                   {"their_when", when_for(ctx, series.first_start, ctx.person().id)}}));
  m.buttons({{ctx.text("session.button.accept_series"), "session.accept",
              std::to_string(first_id) + ":" + std::to_string(to_unix(series.first_start)),
              ui::Style::primary},
             {ctx.text("session.button.other"), "session.other", std::to_string(first_id)}});
  ctx.send(partner, m, "session.proposed.series:" + std::to_string(series.id));
  return say(ctx, "session.sent.series",
             {{"partner", person_name(ctx, partner)},
              {"count", std::to_string(series.count)},
              {"every", every},
              {"when", when_for(ctx, series.first_start, ctx.person().id)}});
}

Reply accept_series(Context& ctx, const storage::ActivePair& pair, const storage::Series& series) {
  storage::PairLifeRepository life(ctx.db());
  int booked = 0;
  for (const auto& s : life.occurrences(series.id)) {
    if (s.status != "proposed") continue;
    life.set_session_status(s.id, "scheduled", ctx.now());
    schedule_follow_ups(ctx, pair, *life.session(s.id));
    ++booked;
  }
  spdlog::info("event=series_scheduled series_id={} sessions={}", series.id, booked);
  auto programme = ctx.programmes().find(pair.programme_id);
  const auto every = programme ? every_text(ctx, *programme) : std::string();
  const auto link = ctx.public_url() + "/ics/" + series.ics_token;
  const auto first = life.occurrences(series.id).front();
  for (auto person : {pair.mentor_id, pair.mentee_id}) {
    auto m = ctx.message("session.booked.series");
    m.text(
        ctx.text("session.booked.series", {{"partner", person_name(ctx, pair.partner_of(person))},
                                           {"count", std::to_string(booked)},
                                           {"every", every},
                                           {"minutes", std::to_string(series.minutes)},
                                           {"when", when_for(ctx, series.first_start, person)},
                                           {"link", link}}));
    m.buttons({{ctx.text("session.button.move_first"), "session.other", std::to_string(first.id)},
               {ctx.text("session.button.cancel_series"), "session.cancel_series",
                std::to_string(series.id), ui::Style::danger}});
    ctx.send(person, m,
             "session.booked.series:" + std::to_string(series.id) + ":" + std::to_string(person));
  }
  return Reply::none();
}

void withdraw_series(Context& ctx, std::int64_t series_id) {
  storage::PairLifeRepository life(ctx.db());
  for (const auto& s : life.occurrences(series_id))
    if (s.status == "proposed") life.set_session_status(s.id, "cancelled", ctx.now());
}

void register_series(Router& router) {
  router.action("session.cancel_series", cancel_series);
}

std::vector<templates::TemplateSpec> series_templates() {
  return {{"session.form.repeat", {}},
          {"session.form.repeat_hint", {}},
          {"session.repeat.once", {}},
          {"session.repeat.count", {"count", "every"}},
          {"session.repeat.end", {"every"}},
          {"session.every.1", {}},
          {"session.every.2", {}},
          {"session.every.4", {}},
          {"session.error.series_short", {"end"}},
          {"session.error.series_count", {}},
          {"session.error.series_past_end", {"count", "last", "end"}},
          {"session.error.series_twice", {"when"}},
          {"session.proposed.series", {"name", "count", "every", "minutes", "when", "their_when"}},
          {"session.sent.series", {"partner", "count", "every", "when"}},
          {"session.button.accept_series", {}},
          {"session.button.move_first", {}},
          {"session.button.cancel_series", {}},
          {"session.booked.series", {"partner", "count", "every", "minutes", "when", "link"}},
          {"session.series.cancelled", {"name", "count", "link"}},
          {"session.series.you_cancelled", {"partner", "count"}},
          {"session.series.nothing_left", {}}};
}

}  // namespace flipside::handlers
