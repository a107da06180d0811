// The "before" confidence form (issue #8) and the questions it shares with the wrap-up. The
// answers are ratings the person gives about themselves; managers see them only as aggregates
// (impact_report.cpp), and they are never logged.
#include "handlers/impact/confidence.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "bot/core/time_zones.hpp"
#include "handlers/features.hpp"
#include "handlers/impact/impact_figures.hpp"
#include "handlers/intake/survey_form.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "handlers/programmes/programme_form.hpp"
#include "storage/intakes.hpp"

namespace flipside::handlers {

namespace {

constexpr const char* kBefore = "before";

std::string input_id(const ConfidenceTopic& t) {
  return "confidence_" + t.topic;
}

std::string learns_answer(Context& ctx, std::int64_t programme_id, std::int64_t person_id) {
  auto intake = storage::IntakeRepository(ctx.db()).find(person_id, programme_id);
  if (!intake || !intake->complete) return {};
  auto answers = nlohmann::json::parse(intake->answers, nullptr, false);
  if (!answers.is_object() || !answers.contains("learns") || !answers["learns"].is_string())
    return {};
  return answers["learns"].get<std::string>();
}

// The acting person's programme and role for a "before" form about `programme_id`.
struct Rater {
  storage::Programme programme;
  storage::Role role;
};
std::optional<Rater> rater(Context& ctx, std::int64_t programme_id) {
  auto participant = ctx.people().participant(ctx.person().id);
  if (!participant || participant->programme_id != programme_id) return std::nullopt;
  auto programme = ctx.programmes().find(programme_id);
  if (!programme) return std::nullopt;
  return Rater{*programme, participant->role};
}

ui::Form before_form(Context& ctx, const Rater& r, const std::vector<ConfidenceTopic>& topics) {
  ui::Form f;
  f.form_id = "impact.before:" + std::to_string(r.programme.id);
  f.title = ctx.text("impact.before.form.title");
  f.submit_label = ctx.text("impact.before.form.submit");
  f.inputs = confidence_inputs(
      ctx, topics,
      storage::ImpactRepository(ctx.db()).ratings(r.programme.id, ctx.person().id, kBefore), true);
  return f;
}

Reply open_before(Context& ctx, const Event& e) {
  auto r = rater(ctx, number_from(e.args));
  if (!r) return say(ctx, "router.stale_action");
  if (!before_ratings_open(r->programme, ctx.now()))
    return say(ctx, "impact.before.closed", {{"programme", r->programme.name}});
  const auto topics = confidence_topics(ctx, r->programme, ctx.person().id, r->role);
  if (topics.empty()) return say(ctx, "impact.before.nothing");
  auto m = ctx.message("impact.before.form");
  m.text(ctx.text("impact.before.intro"));
  m.form(before_form(ctx, *r, topics));
  return Reply::say(std::move(m));
}

Reply submit_before(Context& ctx, const Event& e) {
  auto r = rater(ctx, number_from(e.args));
  if (!r) return say(ctx, "router.stale_form");
  if (!before_ratings_open(r->programme, ctx.now()))
    return say(ctx, "impact.before.closed", {{"programme", r->programme.name}});
  const auto topics = confidence_topics(ctx, r->programme, ctx.person().id, r->role);
  if (topics.empty()) return say(ctx, "impact.before.nothing");
  const auto form = before_form(ctx, *r, topics);
  const auto values = trimmed_values(form, e.fields);
  if (auto errors = ui::validate(form, values); !errors.empty())
    return Reply::errors(std::move(errors));
  storage::ImpactRepository(ctx.db()).save(r->programme.id, ctx.person().id, r->role, kBefore,
                                           confidence_ratings(topics, values), ctx.now());
  // Counts only: the ratings themselves stay out of the logs.
  spdlog::info("event=confidence_rated phase=before person_id={} programme_id={} topics={}",
               ctx.person().id, r->programme.id, topics.size());
  return say(ctx, "impact.before.saved", {{"programme", r->programme.name}});
}

}  // namespace

std::vector<ConfidenceTopic> confidence_topics(Context& ctx, const storage::Programme& programme,
                                               std::int64_t person_id, storage::Role role) {
  if (role == storage::Role::mentor) {
    return {{impact::kCoachingTopic, ctx.text("impact.topic.coaching")}};
  }
  const auto chosen = split_list(learns_answer(ctx, programme.id, person_id));
  std::vector<ConfidenceTopic> out;
  for (const auto& option : programme_skill_options(programme))
    if (std::find(chosen.begin(), chosen.end(), option.value) != chosen.end())
      out.push_back({option.value, option.label});
  return out;
}

std::vector<ui::Input> confidence_inputs(Context& ctx, const std::vector<ConfidenceTopic>& topics,
                                         const std::vector<storage::ConfidenceRating>& initial,
                                         bool required) {
  std::vector<ui::Input> out;
  for (const auto& t : topics) {
    ui::Input in{.id = input_id(t),
                 .label = t.topic == impact::kCoachingTopic
                              ? ctx.text("impact.question.coaching")
                              : ctx.text("impact.question.skill", {{"skill", t.label}}),
                 .kind = ui::InputKind::number,
                 .hint = ctx.text("impact.question.hint"),
                 .required = required,
                 .min = 1,
                 .max = 5};
    for (const auto& r : initial)
      if (r.topic == t.topic) in.initial = std::to_string(r.rating);
    out.push_back(std::move(in));
  }
  return out;
}

std::vector<storage::ConfidenceRating> confidence_ratings(
    const std::vector<ConfidenceTopic>& topics, const std::map<std::string, std::string>& values) {
  std::vector<storage::ConfidenceRating> out;
  for (const auto& t : topics) {
    const auto it = values.find(input_id(t));
    if (it == values.end()) continue;
    int rating = 0;
    const auto& v = it->second;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), rating);
    if (ec != std::errc{} || end != v.data() + v.size() || rating < 1 || rating > 5) continue;
    out.push_back({t.topic, t.label, rating});
  }
  return out;
}

bool before_ratings_open(const storage::Programme& programme, TimePoint now) {
  const auto start = parse_date(programme.start_date);
  if (!start) return true;
  return now < TimePoint{std::chrono::sys_days{*start} + std::chrono::days{1}};
}

std::optional<ui::Button> rate_before_button(Context& ctx, const storage::Programme& programme,
                                             std::int64_t person_id, storage::Role role) {
  if (!before_ratings_open(programme, ctx.now())) return std::nullopt;
  if (confidence_topics(ctx, programme, person_id, role).empty()) return std::nullopt;
  return ui::Button{ctx.text("impact.button.rate"), "impact.rate", std::to_string(programme.id),
                    ui::Style::primary};
}

void register_confidence(Router& router) {
  router.action("impact.rate", open_before);
  router.form("impact.before", submit_before);
}

std::vector<templates::TemplateSpec> confidence_templates() {
  return {{"impact.topic.coaching", {}},
          {"impact.question.skill", {"skill"}},
          {"impact.question.coaching", {}},
          {"impact.question.hint", {}},
          {"impact.button.rate", {}},
          {"impact.intake_prompt", {}},
          {"impact.before.form", {}},
          {"impact.before.intro", {}},
          {"impact.before.form.title", {}},
          {"impact.before.form.submit", {}},
          {"impact.before.closed", {"programme"}},
          {"impact.before.nothing", {}},
          {"impact.before.saved", {"programme"}}};
}

}  // namespace flipside::handlers
