// Sessions: either partner proposes a time in their own zone (the other sees it in theirs), the
// other accepts or proposes another. A booked session gets a calendar invite (/ics/<token>),
// reminders in each person's zone outside their quiet hours (24 h and 1 h before by default), and a
// check-in after it ends. Rescheduling keeps the invite's UID and bumps its SEQUENCE.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <random>

#include "bot/core/local_time.hpp"
#include "bot/core/time_zones.hpp"
#include "handlers/features.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "handlers/pairs/sessions.hpp"
#include "storage/intakes.hpp"

namespace flipside::handlers {

namespace {

using nlohmann::json;
using storage::Session;

// Check-ins go out a little after the session ends; silence for two days counts as a miss.
constexpr auto kCheckinDelay = std::chrono::minutes{15};
constexpr auto kCheckinTimeout = std::chrono::hours{48};

// A proposal not yet answered that belongs to a series: a counter-proposal replaces the whole
// series, so the form offers repeating again.
bool is_series_proposal(const std::optional<Session>& s) {
  return s && s->series_id && s->status == "proposed";
}

ui::Form session_form(Context& ctx, const storage::ActivePair& pair,
                      const std::optional<Session>& moving, int minutes) {
  ui::Form f;
  f.form_id = "session.submit:" + std::to_string(pair.id) +
              (moving ? ":" + std::to_string(moving->id) : "");
  f.title = ctx.text(moving ? "session.form.title_move" : "session.form.title");
  f.submit_label = ctx.text("session.form.submit");
  const auto zone = ctx.person().time_zone.empty() ? std::string("UTC") : ctx.person().time_zone;
  f.inputs = {
      {.id = "date", .label = ctx.text("session.form.date"), .kind = ui::InputKind::date},
      {.id = "time",
       .label = ctx.text("session.form.time"),
       .hint = ctx.text("session.form.time_hint", {{"zone", zone}}),
       .placeholder = "10:00",
       .max_length = 5},
      {.id = "minutes",
       .label = ctx.text("session.form.minutes"),
       .kind = ui::InputKind::select,
       .initial = std::to_string(minutes),
       .options = {{"30 min", "30"}, {"45 min", "45"}, {"60 min", "60"}, {"90 min", "90"}}},
      {.id = "anyway",
       .label = ctx.text("session.form.anyway"),
       .kind = ui::InputKind::select,
       .required = false,
       .options = {{ctx.text("session.form.anyway_yes"), "yes"}}},
  };
  // Moving one booked session moves just that one; a new proposal may repeat.
  auto programme = ctx.programmes().find(pair.programme_id);
  if (programme && (!moving || is_series_proposal(moving))) {
    f.inputs.insert(f.inputs.begin() + 3, {.id = "repeat",
                                           .label = ctx.text("session.form.repeat"),
                                           .kind = ui::InputKind::select,
                                           .hint = ctx.text("session.form.repeat_hint"),
                                           .initial = "1",
                                           .required = false,
                                           .options = repeat_options(ctx, *programme)});
  }
  return f;
}

// Whether `t` falls in one of the free slots the person gave at intake ("mon_am" = 09-12,
// "tue_pm" = 13-17, in their zone). True when they gave none or their zone is unknown: nothing to
// go by, so nothing to question.
bool available_at(Context& ctx, std::int64_t programme_id, std::int64_t person_id, TimePoint t) {
  auto intake = storage::IntakeRepository(ctx.db()).find(person_id, programme_id);
  if (!intake) return true;
  auto answers = json::parse(intake->answers, nullptr, false);
  const std::string slots =
      answers.is_object() ? answers.value("availability", std::string()) : std::string();
  auto clock = wall_clock(t, person_zone(ctx, person_id));
  if (slots.empty() || !clock) return true;
  static const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  const std::string day = kDays[clock->weekday];
  const int minute = clock->minute_of_day;
  const bool am = minute >= 9 * 60 && minute < 12 * 60;
  const bool pm = minute >= 13 * 60 && minute < 17 * 60;
  return (am && slots.find(day + "_am") != std::string::npos) ||
         (pm && slots.find(day + "_pm") != std::string::npos);
}

Reply open_form(Context& ctx, const storage::ActivePair& pair,
                const std::optional<Session>& moving) {
  auto programme = ctx.programmes().find(pair.programme_id);
  auto m = ctx.message("session.form");
  m.form(session_form(ctx, pair, moving, programme ? programme->session_minutes : 45));
  return Reply::say(std::move(m));
}

Reply propose(Context& ctx, const Event& e) {
  auto pair = e.args.empty() ? current_pair(ctx) : own_pair(ctx, number_from(e.args));
  if (!pair) return say(ctx, "session.no_pair");
  return open_form(ctx, *pair, std::nullopt);
}

}  // namespace

std::string random_hex(std::size_t bytes) {
  static thread_local std::random_device device;  // the OS's CSPRNG on Linux
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) {
    const auto b = device() & 0xFF;
    out += digits[b >> 4];
    out += digits[b & 0xF];
  }
  return out;
}

std::string when_for(Context& ctx, TimePoint t, std::int64_t person_id) {
  return format_local(t, person_zone(ctx, person_id));
}

std::string invite_link(Context& ctx, const Session& s) {
  if (s.series_id) {
    if (auto series = storage::PairLifeRepository(ctx.db()).series(*s.series_id))
      return ctx.public_url() + "/ics/" + series->ics_token;
  }
  return ctx.public_url() + "/ics/" + s.ics_token;
}

void schedule_follow_ups(Context& ctx, const storage::ActivePair& pair, const Session& s) {
  const auto stamp = std::to_string(to_unix(s.starts_at));
  auto programme = ctx.programmes().find(pair.programme_id);
  const auto policy =
      programme ? reminder_policy(*programme) : ReminderPolicy{default_reminder_offsets(), {}};
  for (auto person : {pair.mentor_id, pair.mentee_id}) {
    const auto zone = person_zone(ctx, person);
    bool first = true;  // the earliest reminder carries the agenda, to leave time to prepare
    for (auto at : reminder_times(s.starts_at, policy.offsets, zone, ctx.now(), policy.quiet)) {
      ctx.schedule(
          "session.reminder", person, at,
          "session.reminder:" + std::to_string(s.id) + ":" + stamp + ":" + std::to_string(person) +
              ":" + std::to_string(to_unix(at)),
          json{{"session_id", s.id}, {"starts_at", to_unix(s.starts_at)}, {"agenda", first}}
              .dump());
      first = false;
    }
    const auto end = s.starts_at + std::chrono::minutes{s.minutes};
    ctx.schedule(
        "session.checkin", person, end + kCheckinDelay,
        "session.checkin:" + std::to_string(s.id) + ":" + stamp + ":" + std::to_string(person),
        json{{"session_id", s.id}, {"starts_at", to_unix(s.starts_at)}}.dump());
  }
  ctx.schedule("session.checkin_timeout", pair.mentee_id,
               s.starts_at + std::chrono::minutes{s.minutes} + kCheckinTimeout,
               "session.checkin_timeout:" + std::to_string(s.id) + ":" + stamp,
               json{{"session_id", s.id}, {"starts_at", to_unix(s.starts_at)}}.dump());
}

namespace {

Reply submit(Context& ctx, const Event& e) {
  const auto colon = e.args.find(':');
  auto pair = own_pair(ctx, number_from(e.args.substr(0, colon)));
  if (!pair) return say(ctx, "router.stale_form");
  storage::PairLifeRepository life(ctx.db());
  std::optional<Session> moving;
  if (colon != std::string::npos) {
    moving = life.session(number_from(e.args.substr(colon + 1)));
    if (!moving || moving->pair_id != pair->id || moving->status == "cancelled" ||
        moving->status == "held")
      return say(ctx, "session.stale");
  }
  // A counter-proposal to a whole series replaces it: nothing of the old series is moved.
  const std::int64_t replaces_series =
      is_series_proposal(moving) ? *moving->series_id : 0;  // 0: none
  const auto form = session_form(ctx, *pair, moving, 45);
  std::map<std::string, std::string> values;
  for (const auto& in : form.inputs) {
    auto it = e.fields.find(in.id);
    values[in.id] = it == e.fields.end() ? "" : it->second;
  }
  auto errors = ui::validate(form, values);
  const auto zone = ctx.person().time_zone.empty() ? std::string("UTC") : ctx.person().time_zone;
  auto programme = ctx.programmes().find(pair->programme_id);
  std::optional<TimePoint> start;
  SeriesPlan series;
  if (!errors.contains("time")) {
    auto clock = parse_clock_time(values["time"]);
    if (!clock) errors["time"] = ctx.text("session.error.time");
    if (clock && !errors.contains("date")) {
      const auto day = *parse_date(values["date"]);
      start = local_to_utc(day, clock->first, clock->second, zone);
      if (!start) errors["time"] = ctx.text("session.error.time");
      const auto repeat = values.contains("repeat") ? values["repeat"] : std::string();
      if (start && programme && !repeat.empty() && repeat != "1") {
        series = plan_series(ctx, *programme, day, clock->first, clock->second, zone, repeat);
        if (!series.error.empty()) errors["repeat"] = series.error;
      }
    }
  }
  // Every time the proposal books: one, or each occurrence of the series.
  std::vector<TimePoint> starts = series.starts;
  if (starts.empty() && start) starts = {*start};
  if (start && *start <= ctx.now()) errors["date"] = ctx.text("session.error.past");
  for (auto t : starts) {
    if (!errors.empty()) break;
    auto clash = life.live_session_at(pair->id, t);
    if (clash && (replaces_series == 0 || clash->series_id != replaces_series))
      errors["time"] = starts.size() == 1 ? ctx.text("session.error.twice")
                                          : ctx.text("session.error.series_twice",
                                                     {{"when", format_local(t, zone)}});
  }
  if (start && errors.empty() && values["anyway"] != "yes") {
    // Outside someone's usual hours (their night first, then the free times they gave at
    // intake): ask once, do not refuse. Every occurrence of a series counts for the night: a
    // daylight-saving change on one side can push a later one into it.
    const auto quiet = programme ? reminder_policy(*programme).quiet : QuietHours{};
    auto name_of = [&](std::int64_t person) {
      return person == ctx.person().id ? ctx.text("session.you") : person_name(ctx, person);
    };
    for (auto t : starts) {
      for (auto person : {pair->mentor_id, pair->mentee_id}) {
        const auto their_zone = person_zone(ctx, person);
        if (!errors.contains("time") && !their_zone.empty() &&
            in_quiet_hours(t, their_zone, quiet)) {
          errors["time"] = ctx.text("session.error.quiet", {{"name", name_of(person)},
                                                            {"when", format_local(t, their_zone)}});
        }
      }
    }
    for (auto person : {pair->mentor_id, pair->mentee_id}) {
      if (errors.contains("time")) break;
      if (!available_at(ctx, pair->programme_id, person, *start)) {
        errors["time"] = ctx.text(
            "session.error.unavailable",
            {{"name", name_of(person)}, {"when", format_local(*start, person_zone(ctx, person))}});
      }
    }
  }
  if (!errors.empty()) return Reply::errors(std::move(errors));

  const int minutes = std::stoi(values["minutes"]);
  if (replaces_series != 0) {
    withdraw_series(ctx, replaces_series);
    moving.reset();
  }
  if (series.starts.size() > 1) return propose_series(ctx, *pair, series, zone, minutes);
  Session s;
  if (moving) {
    life.reschedule(moving->id, *start, ctx.now());
    s = *life.session(moving->id);
  } else {
    s.pair_id = pair->id;
    s.number = life.next_session_number(pair->id);
    s.starts_at = *start;
    s.minutes = minutes;
    s.proposed_by = ctx.person().id;
    s.ics_uid = random_hex(16) + "@flipside";
    s.ics_token = random_hex(24);
    s.id = life.add_session(s, ctx.now());
  }
  spdlog::info("event=session_proposed session_id={} pair_id={} moved={}", s.id, pair->id,
               moving.has_value());
  const auto partner = pair->partner_of(ctx.person().id);
  auto m = ctx.message("session.proposed");
  m.text(ctx.text(moving ? "session.proposed.move" : "session.proposed",
                  {{"name", ctx.person().display_name},
                   {"when", when_for(ctx, s.starts_at, partner)},
                   {"their_when", when_for(ctx, s.starts_at, ctx.person().id)},
                   {"minutes", std::to_string(s.minutes)}}));
  m.buttons(
      {{ctx.text("session.button.accept"), "session.accept",
        std::to_string(s.id) + ":" + std::to_string(to_unix(s.starts_at)), ui::Style::primary},
       {ctx.text("session.button.other"), "session.other", std::to_string(s.id)}});
  ctx.send(partner, m,
           "session.proposed:" + std::to_string(s.id) + ":" + std::to_string(to_unix(s.starts_at)));
  return say(ctx, "session.sent",
             {{"partner", person_name(ctx, partner)},
              {"when", when_for(ctx, s.starts_at, ctx.person().id)}});
}

Reply accept(Context& ctx, const Event& e) {
  const auto colon = e.args.find(':');
  storage::PairLifeRepository life(ctx.db());
  auto s = life.session(number_from(e.args.substr(0, colon)));
  if (!s) return say(ctx, "router.stale_action");
  auto pair = own_pair(ctx, s->pair_id);
  if (!pair) return say(ctx, "router.stale_action");
  // The button names the time it accepts: a proposal moved since is not accepted by an old click.
  if (colon == std::string::npos ||
      number_from(e.args.substr(colon + 1)) != to_unix(s->starts_at) || s->status == "cancelled")
    return say(ctx, "session.stale");
  if (s->status != "proposed")
    return say(ctx, "session.already", {{"status", ctx.text("session.status." + s->status)}});
  if (s->proposed_by == ctx.person().id) return say(ctx, "session.own_proposal");
  // The first occurrence of a series nobody has answered yet stands for the whole series.
  if (s->series_id) {
    auto series = life.series(*s->series_id);
    const auto occurrences = life.occurrences(*s->series_id);
    const bool unanswered = std::all_of(occurrences.begin(), occurrences.end(), [](const auto& o) {
      return o.status == "proposed" || o.status == "cancelled";
    });
    if (series && unanswered && s->series_start == series->first_start)
      return accept_series(ctx, *pair, *series);
  }
  life.set_session_status(s->id, "scheduled", ctx.now());
  s = life.session(s->id);
  schedule_follow_ups(ctx, *pair, *s);
  spdlog::info("event=session_scheduled session_id={}", s->id);
  const auto link = invite_link(ctx, *s);
  for (auto person : {pair->mentor_id, pair->mentee_id}) {
    auto m = ctx.message("session.booked");
    m.text(ctx.text("session.booked", {{"partner", person_name(ctx, pair->partner_of(person))},
                                       {"when", when_for(ctx, s->starts_at, person)},
                                       {"minutes", std::to_string(s->minutes)},
                                       {"link", link}}));
    m.buttons({{ctx.text("session.button.move"), "session.other", std::to_string(s->id)},
               {ctx.text("session.button.cancel"), "session.cancel", std::to_string(s->id),
                ui::Style::danger}});
    ctx.send(person, m,
             "session.booked:" + std::to_string(s->id) + ":" + std::to_string(s->ics_sequence) +
                 ":" + std::to_string(person));
  }
  return Reply::none();
}

Reply other_time(Context& ctx, const Event& e) {
  storage::PairLifeRepository life(ctx.db());
  auto s = life.session(number_from(e.args));
  if (!s) return say(ctx, "router.stale_action");
  auto pair = own_pair(ctx, s->pair_id);
  if (!pair) return say(ctx, "router.stale_action");
  if (s->status == "cancelled" || s->status == "held") return say(ctx, "session.stale");
  return open_form(ctx, *pair, s);
}

Reply cancel(Context& ctx, const Event& e) {
  storage::PairLifeRepository life(ctx.db());
  auto s = life.session(number_from(e.args));
  if (!s) return say(ctx, "router.stale_action");
  auto pair = own_pair(ctx, s->pair_id);
  if (!pair) return say(ctx, "router.stale_action");
  if (s->status != "scheduled" && s->status != "proposed") return say(ctx, "session.stale");
  life.set_session_status(s->id, "cancelled", ctx.now());
  const auto partner = pair->partner_of(ctx.person().id);
  auto m = ctx.message("session.cancelled");
  m.text(ctx.text("session.cancelled", {{"name", ctx.person().display_name},
                                        {"when", when_for(ctx, s->starts_at, partner)},
                                        {"link", invite_link(ctx, *s)}}));
  m.buttons({{ctx.text("pair.button.session"), "session.propose", std::to_string(pair->id)}});
  ctx.send(partner, m, "session.cancelled:" + std::to_string(s->id));
  return say(ctx, "session.you_cancelled", {{"partner", person_name(ctx, partner)}});
}

// A job about a session is void when the session moved or was cancelled since it was planned.
Reply reminder(Context& ctx, const Event& e) {
  auto found = session_of_job(ctx, e);
  const auto payload = json::parse(e.args, nullptr, false);
  if (!found || found->first.status != "scheduled") return Reply::none();
  auto& [s, pair] = found.value();
  const auto partner = pair.partner_of(ctx.person().id);
  auto m = ctx.message("session.reminder");
  m.header(ctx.text("session.reminder.title", {{"partner", person_name(ctx, partner)}}));
  m.text(ctx.text("session.reminder", {{"partner", person_name(ctx, partner)},
                                       {"when", when_for(ctx, s.starts_at, ctx.person().id)},
                                       {"link", invite_link(ctx, s)}}));
  // The earlier reminder carries the agenda, so there is time to prepare.
  if (payload.value("agenda", false)) m.text(session_agenda(ctx, pair, s));
  m.buttons({{ctx.text("session.button.move"), "session.other", std::to_string(s.id)}});
  return Reply::say(std::move(m));
}

}  // namespace

std::optional<std::pair<storage::Session, storage::ActivePair>> session_of_job(Context& ctx,
                                                                               const Event& e) {
  auto payload = json::parse(e.args, nullptr, false);
  if (!payload.is_object()) throw std::runtime_error("session job: bad payload");
  storage::PairLifeRepository life(ctx.db());
  auto s = life.session(payload.value("session_id", std::int64_t{0}));
  if (!s || to_unix(s->starts_at) != payload.value("starts_at", std::int64_t{0}))
    return std::nullopt;
  auto pair = life.pair(s->pair_id);
  if (!pair || pair->paused) return std::nullopt;
  return std::pair{*s, *pair};
}

void register_sessions(Router& router) {
  router.command({"session", "session", "propose a time to meet"}, [](Context& c, const Event&) {
    auto pair = current_pair(c);
    if (!pair) return say(c, "session.no_pair");
    return open_form(c, *pair, std::nullopt);
  });
  router.action("session.propose", propose);
  router.action("session.accept", accept);
  router.action("session.other", other_time);
  router.action("session.cancel", cancel);
  router.form("session.submit", submit);
  router.job("session.reminder", reminder);
  register_checkins(router);
  register_series(router);
}

std::vector<templates::TemplateSpec> session_templates() {
  std::vector<templates::TemplateSpec> specs = {
      {"session.form.title", {}},
      {"session.form.title_move", {}},
      {"session.form.submit", {}},
      {"session.form.date", {}},
      {"session.form.time", {}},
      {"session.form.time_hint", {"zone"}},
      {"session.form.minutes", {}},
      {"session.form.anyway", {}},
      {"session.form.anyway_yes", {}},
      {"session.no_pair", {}},
      {"session.stale", {}},
      {"session.error.time", {}},
      {"session.error.past", {}},
      {"session.error.twice", {}},
      {"session.error.quiet", {"name", "when"}},
      {"session.error.unavailable", {"name", "when"}},
      {"session.you", {}},
      {"session.proposed", {"name", "when", "their_when", "minutes"}},
      {"session.proposed.move", {"name", "when", "their_when", "minutes"}},
      {"session.button.accept", {}},
      {"session.button.other", {}},
      {"session.button.move", {}},
      {"session.button.cancel", {}},
      {"session.sent", {"partner", "when"}},
      {"session.already", {"status"}},
      {"session.own_proposal", {}},
      {"session.booked", {"partner", "when", "minutes", "link"}},
      {"session.cancelled", {"name", "when", "link"}},
      {"session.you_cancelled", {"partner"}},
      {"session.reminder.title", {"partner"}},
      {"session.reminder", {"partner", "when", "link"}},
      {"ics.summary", {"mentor", "mentee"}},
      {"ics.description", {"programme", "number"}}};
  for (const char* s : {"proposed", "scheduled", "held", "missed", "cancelled"})
    specs.push_back({std::string("session.status.") + s, {}});
  for (auto& s : checkin_templates()) specs.push_back(std::move(s));
  for (auto& s : agenda_templates()) specs.push_back(std::move(s));
  for (auto& s : series_templates()) specs.push_back(std::move(s));
  return specs;
}

}  // namespace flipside::handlers
