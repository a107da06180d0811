// `circle on|off|status`: mentor circles (issue #8). Junior mentors coaching senior leaders need
// each other: once a fortnight or a month the bot posts a prompt where the programme manager
// chose (the channel or group chat they typed `circle on` in), asks each mentor privately what
// worked and where they are stuck, and after five days shares the recurring themes back there.
// Answers are anonymous like pulse surveys and shared only when at least the programme's pulse
// anonymity threshold of mentors answered.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bot/core/text.hpp"
#include "bot/core/time_zones.hpp"
#include "bot/core/ui_json.hpp"
#include "handlers/circles/themes.hpp"
#include "handlers/features.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "handlers/pulse/pulse.hpp"
#include "storage/circles.hpp"
#include "storage/outbox.hpp"

namespace flipside::handlers {

namespace {

using nlohmann::json;

constexpr int kAnswerDays = 5;
constexpr std::size_t kMaxAnswerLength = 1000;

// The programme whose mentors are coaching now: the newest running one; before any runs, the
// newest that has not ended (a circle can be set up while people are still being matched).
std::optional<storage::Programme> circle_programme(Context& ctx) {
  const auto all = ctx.programmes().all();  // newest first
  for (const auto& p : all)
    if (p.status == "running") return p;
  for (const auto& p : all)
    if (p.status != "ended") return p;
  return std::nullopt;
}

int anonymity_threshold(const storage::Programme& programme) {
  return pulse_policy(programme).min_group;
}

// Posts to the circle's own conversation, not to a person: the outbox delivers it there.
void post(Context& ctx, const storage::Circle& circle, const ui::Message& m,
          const std::string& key) {
  storage::OutboxRepository(ctx.db()).enqueue(
      {key, std::nullopt, circle.where, "", ui::to_json(m).dump()}, ctx.now());
}

void schedule_round(Context& ctx, std::int64_t programme_id, std::int64_t generation, TimePoint due,
                    int number) {
  ctx.schedule("circle.round", 0, due,
               "circle.round:" + std::to_string(programme_id) + ":" + std::to_string(generation) +
                   ":" + std::to_string(number),
               json{{"programme_id", programme_id}, {"generation", generation}}.dump());
}

ui::Form answer_form(Context& ctx, std::int64_t round_id) {
  ui::Form f;
  f.form_id = "circle.answer:" + std::to_string(round_id);
  f.title = ctx.text("circle.form.title");
  f.submit_label = ctx.text("circle.form.submit");
  f.inputs = {{.id = "worked",
               .label = ctx.text("circle.form.worked"),
               .kind = ui::InputKind::multiline,
               .required = false,
               .max_length = kMaxAnswerLength},
              {.id = "stuck",
               .label = ctx.text("circle.form.stuck"),
               .kind = ui::InputKind::multiline,
               .hint = ctx.text("circle.form.hint"),
               .required = false,
               .max_length = kMaxAnswerLength}};
  return f;
}

Reply start(Context& ctx, const Event& e, const std::string& rhythm) {
  auto programme = circle_programme(ctx);
  if (!programme) return say(ctx, "circle.no_programme");
  int every_days = 28;
  if (rhythm == "fortnightly" || rhythm == "biweekly")
    every_days = 14;
  else if (!rhythm.empty() && rhythm != "monthly")
    return say(ctx, "circle.usage");
  storage::CircleRepository circles(ctx.db());
  const auto rounds = circles.rounds(programme->id);
  storage::Circle circle{programme->id, e.where, every_days, true, 0};
  circles.start(circle, ctx.person().id, ctx.now());
  // A new circle's first round opens at once. Started again (another place or rhythm), it keeps
  // its pace: the next round comes a rhythm after the last one, not now, so nobody is asked twice
  // in a few days. Either way a new chain of rounds begins; the old chain's next job finds a
  // different generation and stops.
  auto due = ctx.now();
  if (!rounds.empty()) due = std::max(due, rounds.back().opened_at + std::chrono::days{every_days});
  schedule_round(ctx, programme->id, to_unix(ctx.now()), due, static_cast<int>(rounds.size()) + 1);
  spdlog::info("event=circle_started programme_id={} every_days={} by={}", programme->id,
               every_days, ctx.person().id);
  auto m = ctx.message("circle.started");
  const auto rhythm_text = ctx.text(every_days == 14 ? "circle.fortnightly" : "circle.monthly");
  if (rounds.empty()) {
    m.text(ctx.text("circle.started", {{"programme", programme->name},
                                       {"rhythm", rhythm_text},
                                       {"days", std::to_string(kAnswerDays)}}));
  } else {
    m.text(ctx.text("circle.restarted",
                    {{"programme", programme->name},
                     {"rhythm", rhythm_text},
                     {"when", format_day(local_date(due, ctx.person().time_zone))}}));
  }
  if (e.where.is_direct) m.context(ctx.text("circle.started.direct"));
  const int mentors = ctx.programmes().counts(programme->id).mentors;
  const int k = anonymity_threshold(*programme);
  if (mentors < k)
    m.text(ctx.text("circle.started.small",
                    {{"mentors", std::to_string(mentors)}, {"k", std::to_string(k)}}));
  return Reply::say(std::move(m));
}

Reply stop(Context& ctx) {
  auto programme = circle_programme(ctx);
  storage::CircleRepository circles(ctx.db());
  if (!programme || !circles.find(programme->id) || !circles.find(programme->id)->active)
    return say(ctx, "circle.not_running");
  circles.stop(programme->id);
  spdlog::info("event=circle_stopped programme_id={} by={}", programme->id, ctx.person().id);
  return say(ctx, "circle.stopped", {{"programme", programme->name}});
}

Reply status(Context& ctx) {
  auto programme = circle_programme(ctx);
  if (!programme) return say(ctx, "circle.no_programme");
  storage::CircleRepository circles(ctx.db());
  auto circle = circles.find(programme->id);
  if (!circle) return say(ctx, "circle.none", {{"programme", programme->name}});
  auto m = ctx.message("circle.status");
  std::string text = ctx.text(
      circle->active ? "circle.status.on" : "circle.status.off",
      {{"programme", programme->name},
       {"rhythm", ctx.text(circle->every_days == 14 ? "circle.fortnightly" : "circle.monthly")}});
  for (const auto& r : circles.rounds(programme->id)) {
    text +=
        "\n" + ctx.text(r.shared ? "circle.status.round_shared" : "circle.status.round_open",
                        {{"number", std::to_string(r.number)},
                         {"answered", std::to_string(circles.answers(r.id).size())},
                         {"invited", std::to_string(circles.invited(r.id))},
                         {"until", format_day(local_date(r.closes_at, ctx.person().time_zone))}});
  }
  m.text(text);
  return Reply::say(std::move(m));
}

Reply command(Context& ctx, const Event& e) {
  std::vector<std::string> words;
  std::istringstream in(e.args);
  for (std::string w; in >> w;) words.push_back(w);
  const std::string verb = words.empty() ? "" : lower(words[0]);
  const std::string rhythm = words.size() > 1 ? lower(words[1]) : "";
  if (verb == "on") return start(ctx, e, rhythm);
  if (verb == "off") return stop(ctx);
  if (verb == "status" || verb.empty()) return status(ctx);
  return say(ctx, "circle.usage");
}

// Job: one round. Opens it, posts the prompt in the circle, asks each mentor privately, and
// schedules the sharing and the next round.
Reply round_job(Context& ctx, const Event& e) {
  const auto payload = json::parse(e.args, nullptr, false);
  if (!payload.is_object()) return Reply::none();
  const auto programme = ctx.programmes().find(payload.value("programme_id", std::int64_t{0}));
  if (!programme) return Reply::none();
  storage::CircleRepository circles(ctx.db());
  auto circle = circles.find(programme->id);
  if (!circle || !circle->active || programme->status == "ended") return Reply::none();
  if (payload.value("generation", std::int64_t{0}) != circle->generation) return Reply::none();
  const auto round =
      circles.open_round(programme->id, ctx.now(), ctx.now() + std::chrono::days{kAnswerDays});
  std::vector<std::int64_t> mentors;
  for (const auto& [person_id, role] : ctx.people().participants_of(programme->id))
    if (role == storage::Role::mentor) mentors.push_back(person_id);
  auto prompt = ctx.message("circle.prompt");
  prompt.header(ctx.text("circle.prompt.title", {{"number", std::to_string(round.number)}}));
  prompt.text(ctx.text("circle.prompt", {{"programme", programme->name},
                                         {"mentors", std::to_string(mentors.size())},
                                         {"days", std::to_string(kAnswerDays)}}));
  post(ctx, *circle, prompt, "circle.prompt:" + std::to_string(round.id));
  for (auto mentor : mentors) {
    circles.invite(round.id, mentor);
    auto m = ctx.message("circle.ask");
    m.text(ctx.text("circle.ask", {{"number", std::to_string(round.number)},
                                   {"days", std::to_string(kAnswerDays)}}));
    m.form(answer_form(ctx, round.id));
    ctx.send(mentor, m, "circle.ask:" + std::to_string(round.id) + ":" + std::to_string(mentor));
  }
  ctx.schedule("circle.share", 0, round.closes_at, "circle.share:" + std::to_string(round.id),
               json{{"round_id", round.id}}.dump());
  schedule_round(ctx, programme->id, circle->generation,
                 ctx.now() + std::chrono::days{circle->every_days}, round.number + 1);
  spdlog::info("event=circle_round programme_id={} round={} mentors={}", programme->id,
               round.number, mentors.size());
  return Reply::none();
}

std::string themes_text(Context& ctx, const std::vector<std::string>& texts) {
  const auto themes = circles::common_themes(texts);
  if (themes.empty()) return ctx.text("circle.share.no_themes");
  std::string out;
  for (const auto& t : themes)
    out += (out.empty() ? "" : ", ") +
           ctx.text("circle.share.theme", {{"word", t.word}, {"count", std::to_string(t.answers)}});
  return out;
}

// Job: the round closes. Themes and answers go back to the circle only when enough mentors were
// asked and answered; otherwise the circle hears why not.
Reply share_job(Context& ctx, const Event& e) {
  const auto payload = json::parse(e.args, nullptr, false);
  if (!payload.is_object()) return Reply::none();
  storage::CircleRepository circles(ctx.db());
  auto round = circles.round(payload.value("round_id", std::int64_t{0}));
  if (!round || round->shared) return Reply::none();
  auto programme = ctx.programmes().find(round->programme_id);
  auto circle = circles.find(round->programme_id);
  if (!programme || !circle) return Reply::none();
  circles.mark_shared(round->id);
  const int k = anonymity_threshold(*programme);
  const int invited = circles.invited(round->id);
  const auto answers = circles.answers(round->id);
  const int answered = static_cast<int>(answers.size());
  auto m = ctx.message("circle.share");
  m.header(ctx.text("circle.share.title", {{"number", std::to_string(round->number)}}));
  if (invited < k) {
    m.text(ctx.text("circle.share.small_circle",
                    {{"invited", std::to_string(invited)}, {"k", std::to_string(k)}}));
  } else if (answered < k) {
    m.text(ctx.text("circle.share.too_few", {{"answered", std::to_string(answered)},
                                             {"invited", std::to_string(invited)},
                                             {"k", std::to_string(k)}}));
  } else {
    std::vector<std::string> worked, stuck;
    for (const auto& a : answers) {
      if (!a.worked.empty()) worked.push_back(a.worked);
      if (!a.stuck.empty()) stuck.push_back(a.stuck);
    }
    // Sorted, so the order says nothing about who answered when.
    std::sort(worked.begin(), worked.end());
    std::sort(stuck.begin(), stuck.end());
    m.text(ctx.text("circle.share.summary", {{"answered", std::to_string(answered)},
                                             {"invited", std::to_string(invited)}}));
    std::string text = ctx.text("circle.share.worked", {{"themes", themes_text(ctx, worked)}});
    for (const auto& w : worked) text += "\n> " + w;
    m.text(text);
    text = ctx.text("circle.share.stuck", {{"themes", themes_text(ctx, stuck)}});
    for (const auto& s : stuck) text += "\n> " + s;
    m.text(text);
  }
  post(ctx, *circle, m, "circle.share:" + std::to_string(round->id));
  spdlog::info("event=circle_shared programme_id={} round={} shown={}", programme->id,
               round->number, invited >= k && answered >= k);
  return Reply::none();
}

Reply save_answer(Context& ctx, const Event& e) {
  storage::CircleRepository circles(ctx.db());
  auto round = circles.round(number_from(e.args));
  if (!round) return say(ctx, "router.stale_form");
  auto answered = circles.answered(round->id, ctx.person().id);
  if (!answered) return say(ctx, "router.stale_form");
  if (*answered) return say(ctx, "circle.already");
  if (round->shared) return say(ctx, "circle.closed");
  const auto form = answer_form(ctx, round->id);
  std::map<std::string, std::string> values;
  for (const auto& in : form.inputs) {
    auto it = e.fields.find(in.id);
    values[in.id] = it == e.fields.end() ? "" : trim(it->second);
  }
  if (auto errors = ui::validate(form, values); !errors.empty())
    return Reply::errors(std::move(errors));
  if (values["worked"].empty() && values["stuck"].empty())
    return Reply::errors({{"worked", ctx.text("circle.error.empty")}});
  circles.answer(round->id, ctx.person().id, {values["worked"], values["stuck"]});
  // Deliberately no person id: the log must not say who answered when.
  spdlog::info("event=circle_answered round_id={}", round->id);
  return say(ctx, "circle.thanks");
}

}  // namespace

void register_circles(Router& router) {
  router.command({"circle", "circle on [monthly|fortnightly]|off|status", "mentor circles", true},
                 command);
  router.form("circle.answer", save_answer);
  router.job("circle.round", round_job);
  router.job("circle.share", share_job);
}

std::vector<templates::TemplateSpec> circle_templates() {
  return {{"circle.usage", {}},
          {"circle.no_programme", {}},
          {"circle.monthly", {}},
          {"circle.fortnightly", {}},
          {"circle.started", {"programme", "rhythm", "days"}},
          {"circle.started.direct", {}},
          {"circle.restarted", {"programme", "rhythm", "when"}},
          {"circle.started.small", {"mentors", "k"}},
          {"circle.not_running", {}},
          {"circle.stopped", {"programme"}},
          {"circle.none", {"programme"}},
          {"circle.status.on", {"programme", "rhythm"}},
          {"circle.status.off", {"programme", "rhythm"}},
          {"circle.status.round_open", {"number", "answered", "invited", "until"}},
          {"circle.status.round_shared", {"number", "answered", "invited", "until"}},
          {"circle.prompt.title", {"number"}},
          {"circle.prompt", {"programme", "mentors", "days"}},
          {"circle.ask", {"number", "days"}},
          {"circle.form.title", {}},
          {"circle.form.submit", {}},
          {"circle.form.worked", {}},
          {"circle.form.stuck", {}},
          {"circle.form.hint", {}},
          {"circle.error.empty", {}},
          {"circle.already", {}},
          {"circle.closed", {}},
          {"circle.thanks", {}},
          {"circle.share.title", {"number"}},
          {"circle.share.small_circle", {"invited", "k"}},
          {"circle.share.too_few", {"answered", "invited", "k"}},
          {"circle.share.summary", {"answered", "invited"}},
          {"circle.share.worked", {"themes"}},
          {"circle.share.stuck", {"themes"}},
          {"circle.share.theme", {"word", "count"}},
          {"circle.share.no_themes", {}}};
}

}  // namespace flipside::handlers
