// `programme settings <name>`: how matching weighs and constrains pairs for one programme
// (score weights, minimum level gap, time-zone limit, shared language) and how the shortlist
// works (size, days a mentor has to answer). Editable until matching runs.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "handlers/context.hpp"
#include "handlers/features.hpp"
#include "handlers/matching/cohort_loader.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "handlers/pulse/pulse.hpp"

namespace flipside::handlers {

namespace {

using nlohmann::json;

// Weights are shown as whole percentages; the matcher normalises them, so they need not sum to 100.
struct WeightField {
  const char* id;
  double matching::Weights::*member;
};
constexpr WeightField kWeights[] = {{"skills", &matching::Weights::skills},
                                    {"interests", &matching::Weights::interests},
                                    {"learning_style", &matching::Weights::learning_style},
                                    {"personality", &matching::Weights::personality},
                                    {"diversity", &matching::Weights::diversity},
                                    {"availability", &matching::Weights::availability},
                                    {"time_zone", &matching::Weights::time_zone}};

// The reminder part of the settings as the form shows it.
struct ReminderSettings {
  std::string offsets = "1440,60";
  int quiet_start = 20;
  int quiet_end = 8;
};
ReminderSettings settings_reminders(const storage::Programme& p) {
  ReminderSettings out;
  auto s = json::parse(p.settings, nullptr, false);
  if (!s.is_object() || !s.contains("reminders") || !s["reminders"].is_object()) return out;
  const auto& r = s["reminders"];
  out.offsets = r.value("offsets", out.offsets);
  out.quiet_start = r.value("quiet_start", out.quiet_start);
  out.quiet_end = r.value("quiet_end", out.quiet_end);
  return out;
}

ui::Form settings_form(Context& ctx, const storage::Programme& p) {
  matching::Weights w;
  matching::Rules r;
  apply_settings(p.settings, w, r);
  ui::Form f;
  f.form_id = "programme.settings:" + std::to_string(p.id);
  f.title = ctx.text("settings.title", {{"programme", p.name}});
  f.submit_label = ctx.text("settings.save");
  for (const auto& field : kWeights) {
    f.inputs.push_back(
        {.id = std::string("weight_") + field.id,
         .label = ctx.text(std::string("settings.weight.") + field.id),
         .kind = ui::InputKind::number,
         .initial = std::to_string(static_cast<int>(std::lround(w.*field.member * 100))),
         .min = 0,
         .max = 100});
  }
  f.inputs.push_back({.id = "min_level_gap",
                      .label = ctx.text("settings.min_level_gap"),
                      .kind = ui::InputKind::number,
                      .hint = ctx.text("settings.min_level_gap_hint"),
                      .initial = std::to_string(r.min_level_gap),
                      .min = 0,
                      .max = 10});
  f.inputs.push_back({.id = "max_time_zone_gap_hours",
                      .label = ctx.text("settings.max_gap"),
                      .kind = ui::InputKind::number,
                      .initial = std::to_string(r.max_time_zone_gap_hours),
                      .min = 0,
                      .max = 12});
  f.inputs.push_back(
      {.id = "require_shared_language",
       .label = ctx.text("settings.language"),
       .kind = ui::InputKind::select,
       .initial = r.require_shared_language ? "yes" : "no",
       .options = {{ctx.text("settings.yes"), "yes"}, {ctx.text("settings.no"), "no"}}});
  const auto reminders = settings_reminders(p);
  f.inputs.push_back({.id = "reminder_offsets",
                      .label = ctx.text("settings.reminders"),
                      .kind = ui::InputKind::select,
                      .initial = reminders.offsets,
                      .options = {{ctx.text("settings.reminders.24_1"), "1440,60"},
                                  {ctx.text("settings.reminders.48_2"), "2880,120"},
                                  {ctx.text("settings.reminders.24"), "1440"},
                                  {ctx.text("settings.reminders.2"), "120"}}});
  f.inputs.push_back({.id = "quiet_start",
                      .label = ctx.text("settings.quiet_start"),
                      .kind = ui::InputKind::number,
                      .hint = ctx.text("settings.quiet_hint"),
                      .initial = std::to_string(reminders.quiet_start),
                      .min = 0,
                      .max = 23});
  f.inputs.push_back({.id = "quiet_end",
                      .label = ctx.text("settings.quiet_end"),
                      .kind = ui::InputKind::number,
                      .initial = std::to_string(reminders.quiet_end),
                      .min = 0,
                      .max = 23});
  const auto ladder = ladder_policy(p);
  f.inputs.push_back({.id = "ladder_at_risk",
                      .label = ctx.text("settings.ladder_at_risk"),
                      .kind = ui::InputKind::number,
                      .hint = ctx.text("settings.ladder_hint"),
                      .initial = std::to_string(ladder.at_risk_after),
                      .min = 1,
                      .max = 5});
  f.inputs.push_back({.id = "ladder_act",
                      .label = ctx.text("settings.ladder_act"),
                      .kind = ui::InputKind::number,
                      .initial = std::to_string(ladder.act_after),
                      .min = 2,
                      .max = 8});
  const auto pulse = pulse_policy(p);
  f.inputs.push_back({.id = "pulse_every",
                      .label = ctx.text("settings.pulse_every"),
                      .kind = ui::InputKind::number,
                      .hint = ctx.text("settings.pulse_hint"),
                      .initial = std::to_string(pulse.every_sessions),
                      .min = 1,
                      .max = 20});
  f.inputs.push_back({.id = "pulse_min_days",
                      .label = ctx.text("settings.pulse_min_days"),
                      .kind = ui::InputKind::number,
                      .initial = std::to_string(pulse.min_days),
                      .min = 0,
                      .max = 90});
  f.inputs.push_back({.id = "retention_days",
                      .label = ctx.text("settings.retention_days"),
                      .kind = ui::InputKind::number,
                      .hint = ctx.text("settings.retention_hint"),
                      .initial = std::to_string(retention_days(p)),
                      .min = 30,
                      .max = 3650});
  f.inputs.push_back({.id = "shortlist_size",
                      .label = ctx.text("settings.shortlist_size"),
                      .kind = ui::InputKind::number,
                      .initial = std::to_string(p.shortlist_size),
                      .min = 1,
                      .max = 5});
  f.inputs.push_back({.id = "answer_days",
                      .label = ctx.text("settings.answer_days"),
                      .kind = ui::InputKind::number,
                      .hint = ctx.text("settings.answer_days_hint"),
                      .initial = std::to_string(p.answer_days),
                      .min = 1,
                      .max = 14});
  return f;
}

std::optional<storage::Programme> editable(Context& ctx, std::int64_t id, Reply& refusal) {
  auto p = ctx.programmes().find(id);
  if (!p) {
    refusal = say(ctx, "router.stale_form");
    return std::nullopt;
  }
  if (p->status != "intake") {
    refusal = say(ctx, "programme.locked", {{"name", p->name}});
    return std::nullopt;
  }
  return p;
}

}  // namespace

Reply open_programme_settings(Context& ctx, const storage::Programme& programme) {
  Reply refusal;
  auto p = editable(ctx, programme.id, refusal);
  if (!p) return refusal;
  auto m = ctx.message("settings.form");
  m.text(ctx.text("settings.intro"));
  m.form(settings_form(ctx, *p));
  return Reply::say(std::move(m));
}

Reply save_programme_settings(Context& ctx, const Event& e) {
  std::int64_t id = 0;
  try {
    id = std::stoll(e.args);
  } catch (const std::exception&) {
    return say(ctx, "router.stale_form");
  }
  Reply refusal;
  auto p = editable(ctx, id, refusal);
  if (!p) return refusal;
  const auto form = settings_form(ctx, *p);
  std::map<std::string, std::string> values;
  for (const auto& in : form.inputs) {
    auto it = e.fields.find(in.id);
    values[in.id] = it == e.fields.end() ? "" : it->second;
  }
  auto errors = ui::validate(form, values);
  // Every weight valid and all of them 0 would leave nothing to rank pairs by.
  bool weights_valid = true;
  long weight_sum = 0;
  for (const auto& field : kWeights) {
    const auto id = std::string("weight_") + field.id;
    if (errors.contains(id))
      weights_valid = false;
    else
      weight_sum += std::stol(values[id]);
  }
  if (weights_valid && weight_sum == 0)
    errors["weight_skills"] = ctx.text("settings.error.all_zero");
  if (!errors.contains("ladder_at_risk") && !errors.contains("ladder_act") &&
      std::stoi(values["ladder_act"]) <= std::stoi(values["ladder_at_risk"]))
    errors["ladder_act"] = ctx.text("settings.error.ladder");
  if (!errors.empty()) return Reply::errors(std::move(errors));

  json weights = json::object();
  for (const auto& field : kWeights)
    weights[field.id] = std::stol(values[std::string("weight_") + field.id]) / 100.0;
  json settings = {{"weights", weights},
                   {"rules",
                    {{"min_level_gap", std::stoi(values["min_level_gap"])},
                     {"max_time_zone_gap_hours", std::stoi(values["max_time_zone_gap_hours"])},
                     {"require_shared_language", values["require_shared_language"] == "yes"}}},
                   {"reminders",
                    {{"offsets", values["reminder_offsets"]},
                     {"quiet_start", std::stoi(values["quiet_start"])},
                     {"quiet_end", std::stoi(values["quiet_end"])}}},
                   {"ladder",
                    {{"at_risk_after", std::stoi(values["ladder_at_risk"])},
                     {"act_after", std::stoi(values["ladder_act"])}}},
                   {"retention_days", std::stoi(values["retention_days"])},
                   {"pulse",
                    {{"every_sessions", std::stoi(values["pulse_every"])},
                     {"min_days", std::stoi(values["pulse_min_days"])}}}};
  p->settings = settings.dump();
  p->shortlist_size = std::stoi(values["shortlist_size"]);
  p->answer_days = std::stoi(values["answer_days"]);
  ctx.programmes().update(*p);
  spdlog::info("event=programme_settings_saved programme_id={} by={}", p->id, ctx.person().id);
  return say(ctx, "settings.saved", {{"programme", p->name}});
}

std::vector<templates::TemplateSpec> settings_templates() {
  std::vector<templates::TemplateSpec> specs = {{"settings.title", {"programme"}},
                                                {"settings.save", {}},
                                                {"settings.intro", {}},
                                                {"settings.min_level_gap", {}},
                                                {"settings.min_level_gap_hint", {}},
                                                {"settings.max_gap", {}},
                                                {"settings.language", {}},
                                                {"settings.yes", {}},
                                                {"settings.no", {}},
                                                {"settings.shortlist_size", {}},
                                                {"settings.answer_days", {}},
                                                {"settings.answer_days_hint", {}},
                                                {"settings.error.all_zero", {}},
                                                {"settings.saved", {"programme"}}};
  for (const char* id : {"settings.reminders", "settings.reminders.24_1", "settings.reminders.48_2",
                         "settings.reminders.24", "settings.reminders.2", "settings.quiet_start",
                         "settings.quiet_end", "settings.quiet_hint", "settings.ladder_at_risk",
                         "settings.ladder_act", "settings.ladder_hint", "settings.error.ladder",
                         "settings.pulse_every", "settings.pulse_min_days", "settings.pulse_hint",
                         "settings.retention_days", "settings.retention_hint"})
    specs.push_back({id, {}});
  for (const auto& field : kWeights)
    specs.push_back({std::string("settings.weight.") + field.id, {}});
  return specs;
}

}  // namespace flipside::handlers
