// Pulse surveys (issue #7). Asked after every few sessions, at the midpoint and at the end, in
// waves: everyone asked the same pulse in one stretch of time. A wave closes `answer_days` after
// its last invitation; an invitation for a closed wave starts the next wave ("midpoint#2"), so a
// closed wave's figures never change (watching a figure change would reveal the newcomer's
// answer). Managers see figures of closed waves only, through anonymity.hpp's suppression.
#include "handlers/pulse/pulse.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "bot/core/text.hpp"
#include "bot/core/time_zones.hpp"
#include "handlers/features.hpp"
#include "handlers/intake/survey_form.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "handlers/pulse/anonymity.hpp"
#include "storage/intakes.hpp"
#include "storage/pulse.hpp"
#include "storage/sessions.hpp"

namespace flipside::handlers {

namespace {

using nlohmann::json;

// "midpoint#2" -> {"midpoint", 2}; a wave without a batch number is batch 1.
std::pair<std::string, int> split_wave(const std::string& wave) {
  const auto hash = wave.rfind('#');
  if (hash == std::string::npos) return {wave, 1};
  return {wave.substr(0, hash), static_cast<int>(number_from(wave.substr(hash + 1)))};
}

bool wave_closed(const storage::PulseWave& w, const PulsePolicy& policy, TimePoint now) {
  return now >= w.last_sent + std::chrono::days{policy.answer_days};
}

// The wave an invitation for `base` joins now: the newest batch while it is open, else a new one.
std::string current_wave(storage::PulseRepository& pulses, std::int64_t programme_id,
                         const std::string& base, const PulsePolicy& policy, TimePoint now) {
  int batch = 0;
  bool open = false;
  for (const auto& w : pulses.waves(programme_id)) {
    auto [b, n] = split_wave(w.wave);
    if (b != base || n < batch) continue;
    batch = n;
    open = !wave_closed(w, policy, now);
  }
  if (batch == 0) return base + "#1";
  return base + "#" + std::to_string(open ? batch : batch + 1);
}

// The anonymous answers of one wave, as the anonymity module takes them.
std::vector<pulse::Answer> answers_in(const std::vector<storage::PulseResponse>& answers,
                                      const std::string& wave) {
  std::vector<pulse::Answer> out;
  for (const auto& a : answers)
    if (a.wave == wave)
      out.push_back(
          {a.wave, a.role, a.department, a.quality, a.usefulness, a.recommend, a.comment});
  return out;
}

}  // namespace

std::string wave_label(Context& ctx, const std::string& wave) {
  auto [base, batch] = split_wave(wave);
  std::string label;
  if (base.starts_with("after-") && base.ends_with("-sessions")) {
    label = ctx.text("pulse.wave.sessions", {{"count", base.substr(6, base.size() - 6 - 9)}});
  } else {
    label = ctx.text(base == "end" ? "pulse.wave.end" : "pulse.wave.midpoint");
  }
  return batch > 1 ? label + " (" + std::to_string(batch) + ")" : label;
}

namespace {

std::string department_of(Context& ctx, std::int64_t person_id, std::int64_t programme_id) {
  auto intake = storage::IntakeRepository(ctx.db()).find(person_id, programme_id);
  if (!intake) return "";
  auto answers = json::parse(intake->answers, nullptr, false);
  return answers.is_object() ? trim(answers.value("department", std::string())) : "";
}

// The invitation `args` names, if it is this person's; else the refusal to give.
std::optional<storage::PulseInvite> own_invite(Context& ctx, const std::string& args,
                                               Reply& refusal) {
  storage::PulseRepository pulses(ctx.db());
  auto invite = pulses.find_invite(number_from(args));
  if (!invite || invite->person_id != ctx.person().id) {
    refusal = say(ctx, "router.stale_action");
    return std::nullopt;
  }
  if (invite->answered) {
    refusal = say(ctx, "pulse.already");
    return std::nullopt;
  }
  auto programme = ctx.programmes().find(invite->programme_id);
  const auto policy = programme ? pulse_policy(*programme) : PulsePolicy{};
  if (ctx.now() >= invite->sent_at + std::chrono::days{policy.answer_days}) {
    refusal = say(ctx, "pulse.closed");
    return std::nullopt;
  }
  return invite;
}

ui::Form pulse_form(Context& ctx, std::int64_t invite_id) {
  const auto* survey = ctx.templates().survey("pulse");
  if (!survey) throw std::logic_error("the pulse survey template is missing");
  return survey_to_form(*survey, ctx.templates(), {}, "pulse.submit:" + std::to_string(invite_id),
                        {});
}

ui::Message ask_message(Context& ctx, const storage::Programme& programme,
                        const storage::PulseInvite& invite, const std::string& lead) {
  auto m = ctx.message(lead);
  m.header(ctx.text("pulse.ask.title", {{"programme", programme.name}}));
  const auto closes = invite.sent_at + std::chrono::days{pulse_policy(programme).answer_days};
  m.text(ctx.text(lead, {{"when", wave_label(ctx, invite.wave)},
                         {"by", format_day(local_date(closes, ctx.person().time_zone))}}));
  m.text(ctx.text("pulse.anonymous"));
  m.buttons({{ctx.text("pulse.button.answer"), "pulse.open", std::to_string(invite.id),
              ui::Style::primary}});
  return m;
}

Reply open_pulse(Context& ctx, const Event& e) {
  Reply refusal;
  auto invite = own_invite(ctx, e.args, refusal);
  if (!invite) return refusal;
  auto m = ctx.message("pulse.form");
  m.text(ctx.text("pulse.anonymous"));
  m.form(pulse_form(ctx, invite->id));
  return Reply::say(std::move(m));
}

Reply submit_pulse(Context& ctx, const Event& e) {
  Reply refusal;
  auto invite = own_invite(ctx, e.args, refusal);
  if (!invite) return refusal;
  const auto form = pulse_form(ctx, invite->id);
  auto values = trimmed_values(form, e.fields);
  auto errors = ui::validate(form, values);
  if (!errors.empty()) return Reply::errors(std::move(errors));
  auto programme = ctx.programmes().find(invite->programme_id);
  const int k = programme ? pulse_policy(*programme).min_group : PulsePolicy{}.min_group;
  storage::PulseRepository pulses(ctx.db());
  // Keep only the attributes at least k of the people asked in this wave share, so no stored
  // answer stands out even to someone reading the database.
  storage::PulseResponse r{invite->programme_id,
                           invite->wave,
                           "",
                           "",
                           std::stoi(values["quality"]),
                           std::stoi(values["usefulness"]),
                           std::stoi(values["recommend"]),
                           values["comment"]};
  if (pulses.asked_alike(invite->programme_id, invite->wave, invite->role, std::nullopt) >= k) {
    r.role = invite->role;
    if (!invite->department.empty() && pulses.asked_alike(invite->programme_id, invite->wave,
                                                          invite->role, invite->department) >= k)
      r.department = invite->department;
  }
  if (!pulses.answer(invite->id, r)) return say(ctx, "pulse.already");
  // Deliberately no person id here: the log must not say who answered which wave when.
  spdlog::info("event=pulse_answered programme_id={}", invite->programme_id);
  return say(ctx, "pulse.thanks");
}

Reply ask_job(Context& ctx, const Event& e) {
  auto payload = json::parse(e.args, nullptr, false);
  if (!payload.is_object()) throw std::runtime_error("pulse.ask: bad payload");
  auto programme = ctx.programmes().find(payload.value("programme_id", std::int64_t{0}));
  if (programme && ctx.person().id != 0)
    request_pulse(ctx, *programme, ctx.person().id, payload.value("wave", std::string()));
  return Reply::none();
}

Reply reminder_job(Context& ctx, const Event& e) {
  auto payload = json::parse(e.args, nullptr, false);
  if (!payload.is_object()) throw std::runtime_error("pulse.reminder: bad payload");
  Reply ignored;
  auto invite =
      own_invite(ctx, std::to_string(payload.value("invite_id", std::int64_t{0})), ignored);
  if (!invite) return Reply::none();  // answered, closed or gone: nothing to remind of
  auto programme = ctx.programmes().find(invite->programme_id);
  if (!programme || programme->status == "ended") return Reply::none();
  return Reply::say(ask_message(ctx, *programme, *invite, "pulse.reminder"));
}

std::string figures_text(Context& ctx, const pulse::Figures& f) {
  char quality[16], usefulness[16];
  std::snprintf(quality, sizeof quality, "%.1f", f.quality);
  std::snprintf(usefulness, sizeof usefulness, "%.1f", f.usefulness);
  return ctx.text("pulse.figures", {{"quality", quality},
                                    {"usefulness", usefulness},
                                    {"nps", (f.nps > 0 ? "+" : "") + std::to_string(f.nps)},
                                    {"answers", std::to_string(f.answers)}});
}

std::optional<pulse::SliceBy> slice_named(const std::string& word) {
  if (word == "role") return pulse::SliceBy::role;
  if (word == "department") return pulse::SliceBy::department;
  return std::nullopt;
}

// `pulse [programme] [by role|department]`.
Reply results(Context& ctx, const Event& e) {
  std::string name = trim(e.args);
  auto by = pulse::SliceBy::none;
  if (const auto at = name.rfind(" by "); at != std::string::npos || name.starts_with("by ")) {
    const auto cut = at == std::string::npos ? 0 : at;
    const auto word = lower(trim(name.substr(cut + (cut == 0 ? 3 : 4))));
    auto slice = slice_named(word);
    if (!slice) return say(ctx, "pulse.usage");
    by = *slice;
    name = trim(name.substr(0, cut));
  }
  const auto programme = ctx.programmes().named_or_newest(name);
  if (!programme) return say(ctx, "pulse.no_programme", {{"name", name}});
  const auto policy = pulse_policy(*programme);
  storage::PulseRepository pulses(ctx.db());
  const auto waves = pulses.waves(programme->id);
  auto m = ctx.message("pulse.results");
  m.header(ctx.text("pulse.results.title", {{"programme", programme->name}}));
  m.text(ctx.text("pulse.results.rules", {{"k", std::to_string(policy.min_group)},
                                          {"days", std::to_string(policy.answer_days)}}));
  if (waves.empty()) {
    m.text(ctx.text("pulse.results.none"));
    return Reply::say(std::move(m));
  }
  const auto answers = pulses.responses(programme->id);
  for (const auto& w : waves) {
    const auto label = wave_label(ctx, w.wave);
    if (!wave_closed(w, policy, ctx.now())) {
      const auto closes = w.last_sent + std::chrono::days{policy.answer_days};
      m.text(ctx.text("pulse.results.open",
                      {{"wave", label},
                       {"asked", std::to_string(w.asked)},
                       {"until", format_day(local_date(closes, ctx.person().time_zone))}}));
      continue;
    }
    const auto in_wave = answers_in(answers, w.wave);
    const bool may_slice =
        by == pulse::SliceBy::none || pulse::slicing_safe(in_wave, policy.min_group);
    const auto report =
        pulse::aggregate(in_wave, may_slice ? by : pulse::SliceBy::none, policy.min_group);
    if (!report.total) {
      m.text(ctx.text("pulse.results.too_few", {{"wave", label},
                                                {"asked", std::to_string(w.asked)},
                                                {"k", std::to_string(policy.min_group)}}));
      continue;
    }
    std::string text =
        ctx.text("pulse.results.wave", {{"wave", label},
                                        {"asked", std::to_string(w.asked)},
                                        {"figures", figures_text(ctx, *report.total)}});
    for (const auto& g : report.groups) {
      text +=
          "\n" + (g.figures
                      ? ctx.text("pulse.results.group",
                                 {{"group", g.label}, {"figures", figures_text(ctx, *g.figures)}})
                      : ctx.text("pulse.results.group_hidden", {{"group", g.label}}));
    }
    if (!may_slice) text += "\n" + ctx.text("pulse.results.no_slicing");
    if (!report.total->comments.empty()) {
      text += "\n" + ctx.text("pulse.results.comments");
      for (const auto& c : report.total->comments) text += "\n> " + c;
    }
    m.text(text);
  }
  return Reply::say(std::move(m));
}

}  // namespace

PulsePolicy pulse_policy(const storage::Programme& programme) {
  PulsePolicy policy;
  const auto settings = json::parse(programme.settings, nullptr, false);
  if (!settings.is_object() || !settings.contains("pulse") || !settings["pulse"].is_object())
    return policy;
  const auto& p = settings["pulse"];
  auto read = [&](const char* key, int& field, int low, int high) {
    const int v = p.value(key, field);
    if (v >= low && v <= high) field = v;  // anything else (a hand-edited row) keeps the default
  };
  read("every_sessions", policy.every_sessions, 1, 20);
  read("min_days", policy.min_days, 0, 90);
  read("min_group", policy.min_group, 3, 50);
  read("answer_days", policy.answer_days, 2, 30);
  return policy;
}

void request_pulse(Context& ctx, const storage::Programme& programme, std::int64_t person_id,
                   const std::string& base) {
  if (programme.status == "ended") return;
  storage::PulseRepository pulses(ctx.db());
  const auto policy = pulse_policy(programme);
  for (const auto& w : pulses.waves(programme.id))
    if (split_wave(w.wave).first == base && pulses.was_asked(programme.id, person_id, w.wave))
      return;  // one pulse per person and moment, whatever batch it fell in
  if (auto last = pulses.last_asked(person_id)) {
    const auto allowed = *last + std::chrono::days{policy.min_days};
    if (ctx.now() < allowed) {
      // Fatigue: at most one pulse per person per min_days; this one waits its turn.
      ctx.schedule("pulse.ask", person_id, allowed,
                   "pulse.ask:" + std::to_string(programme.id) + ":" + std::to_string(person_id) +
                       ":" + base,
                   json{{"programme_id", programme.id}, {"wave", base}}.dump());
      spdlog::info("event=pulse_deferred programme_id={} person_id={}", programme.id, person_id);
      return;
    }
  }
  auto participant = ctx.people().participant(person_id);
  storage::PulseInvite invite;
  invite.programme_id = programme.id;
  invite.person_id = person_id;
  invite.wave = current_wave(pulses, programme.id, base, policy, ctx.now());
  invite.role = participant ? std::string(storage::to_string(participant->role)) : "";
  invite.department = department_of(ctx, person_id, programme.id);
  invite.sent_at = ctx.now();
  auto id = pulses.invite(invite);
  if (!id) return;
  invite.id = *id;
  spdlog::info("event=pulse_asked programme_id={} person_id={} wave={}", programme.id, person_id,
               invite.wave);
  ctx.send(person_id, ask_message(ctx, programme, invite, "pulse.ask"),
           "pulse.ask:" + std::to_string(invite.id));
  // One reminder, halfway through the time to answer.
  ctx.schedule("pulse.reminder", person_id,
               ctx.now() + std::chrono::days{std::max(1, policy.answer_days / 2)},
               "pulse.reminder:" + std::to_string(invite.id),
               json{{"invite_id", invite.id}}.dump());
}

void pulse_after_session(Context& ctx, const storage::Programme& programme, std::int64_t pair_id,
                         std::int64_t mentor_id, std::int64_t mentee_id) {
  const auto policy = pulse_policy(programme);
  int held = 0;
  for (const auto& s : storage::PairLifeRepository(ctx.db()).sessions(pair_id))
    held += s.status == "held";
  if (held == 0 || held % policy.every_sessions != 0) return;
  const auto wave = "after-" + std::to_string(held) + "-sessions";
  for (auto person : {mentor_id, mentee_id}) request_pulse(ctx, programme, person, wave);
}

std::vector<WaveFigures> pulse_figures(SQLite::Database& db, const storage::Programme& programme,
                                       TimePoint now) {
  const auto policy = pulse_policy(programme);
  storage::PulseRepository pulses(db);
  const auto answers = pulses.responses(programme.id);
  std::vector<WaveFigures> out;
  for (const auto& w : pulses.waves(programme.id)) {
    WaveFigures f{w.wave, w.asked, wave_closed(w, policy, now), std::nullopt, {}};
    if (f.closed) {
      const auto in_wave = answers_in(answers, w.wave);
      const bool split = pulse::slicing_safe(in_wave, policy.min_group);
      const auto report = pulse::aggregate(
          in_wave, split ? pulse::SliceBy::role : pulse::SliceBy::none, policy.min_group);
      f.total = report.total;
      if (report.total) f.roles = report.groups;
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::string latest_pulse_line(Context& ctx, const storage::Programme& programme) {
  const auto waves = pulse_figures(ctx.db(), programme, ctx.now());
  // Newest closed wave with figures; one with too few answers is skipped, not shown as a gap.
  for (auto w = waves.rbegin(); w != waves.rend(); ++w) {
    if (w->total)
      return ctx.text("pulse.latest", {{"wave", wave_label(ctx, w->wave)},
                                       {"figures", figures_text(ctx, *w->total)}});
  }
  return ctx.text("pulse.latest.none", {{"k", std::to_string(pulse_policy(programme).min_group)}});
}

void register_pulse(Router& router) {
  router.command(
      {"pulse", "pulse [programme] [by role|department]", "anonymous pulse results", true},
      results);
  router.action("pulse.open", open_pulse);
  router.form("pulse.submit", submit_pulse);
  router.job("pulse.ask", ask_job);
  router.job("pulse.reminder", reminder_job);
}

std::vector<templates::TemplateSpec> pulse_templates() {
  return {{"pulse.ask.title", {"programme"}},
          {"pulse.ask", {"when", "by"}},
          {"pulse.reminder", {"when", "by"}},
          {"pulse.anonymous", {}},
          {"pulse.button.answer", {}},
          {"pulse.form", {}},
          {"pulse.already", {}},
          {"pulse.closed", {}},
          {"pulse.thanks", {}},
          {"pulse.wave.sessions", {"count"}},
          {"pulse.wave.midpoint", {}},
          {"pulse.wave.end", {}},
          {"pulse.usage", {}},
          {"pulse.no_programme", {"name"}},
          {"pulse.results.title", {"programme"}},
          {"pulse.results.rules", {"k", "days"}},
          {"pulse.results.none", {}},
          {"pulse.results.open", {"wave", "asked", "until"}},
          {"pulse.results.too_few", {"wave", "asked", "k"}},
          {"pulse.results.wave", {"wave", "asked", "figures"}},
          {"pulse.results.group", {"group", "figures"}},
          {"pulse.results.group_hidden", {"group"}},
          {"pulse.results.comments", {}},
          {"pulse.results.no_slicing", {}},
          {"pulse.latest", {"wave", "figures"}},
          {"pulse.latest.none", {"k"}},
          {"pulse.figures", {"quality", "usefulness", "nps", "answers"}}};
}

std::vector<templates::SurveySpec> pulse_surveys() {
  return {{"pulse", {"quality", "usefulness", "recommend", "comment"}}};
}

}  // namespace flipside::handlers
