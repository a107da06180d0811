// SMART goals: one partner proposes (Specific, Measurable, Achievable, Relevant, Time-bound), the
// other agrees or edits (an edit is a new proposal that replaces the old one). 1-3 open goals a
// pair. Validation helps: a vague goal or an unmeasurable one gets a hint with an example, and the
// date must fall inside the programme.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "bot/core/text.hpp"
#include "bot/core/time_zones.hpp"
#include "handlers/features.hpp"
#include "handlers/pairs/pair_life.hpp"

namespace flipside::handlers {

namespace {

constexpr std::size_t kMaxOpenGoals = 3;

std::size_t word_count(const std::string& s) {
  std::size_t words = 0;
  bool in_word = false;
  for (unsigned char c : s) {
    if (std::isspace(c)) {
      in_word = false;
    } else if (!in_word) {
      in_word = true;
      ++words;
    }
  }
  return words;
}

bool has_digit(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// Vague wording that cannot be checked at the end: "get better at Excel".
bool too_vague(const std::string& specific) {
  const auto s = lower(specific);
  if (word_count(s) < 4) return true;
  for (const char* phrase : {"get better", "be better", "improve my", "learn more", "know more",
                             "understand better", "more comfortable"}) {
    if (s.find(phrase) != std::string::npos && !has_digit(s) && word_count(s) < 9) return true;
  }
  return false;
}

// A number, or a concrete done-state.
bool measurable(const std::string& text) {
  if (has_digit(text)) return true;
  const auto s = lower(text);
  for (const char* done : {"done", "publish", "launch", "ship", "complete", "deliver", "present",
                           "finish", "live", "built", "build", "run ", "signed off", "approved"}) {
    if (s.find(done) != std::string::npos) return true;
  }
  return false;
}

ui::Form goal_form(Context& ctx, const storage::ActivePair& pair, const storage::Goal* from) {
  ui::Form f;
  f.form_id =
      "goal.submit:" + std::to_string(pair.id) + (from ? ":" + std::to_string(from->id) : "");
  f.title = ctx.text("goal.form.title");
  f.submit_label = ctx.text("goal.form.submit");
  f.inputs = {
      {.id = "specific",
       .label = ctx.text("goal.form.specific"),
       .kind = ui::InputKind::multiline,
       .hint = ctx.text("goal.form.specific_hint"),
       .initial = from ? from->specific : "",
       .max_length = 300},
      {.id = "measurable",
       .label = ctx.text("goal.form.measurable"),
       .hint = ctx.text("goal.form.measurable_hint"),
       .initial = from ? from->measurable : "",
       .max_length = 200},
      {.id = "achievable",
       .label = ctx.text("goal.form.achievable"),
       .initial = from ? from->achievable : "",
       .max_length = 200},
      {.id = "relevant",
       .label = ctx.text("goal.form.relevant"),
       .initial = from ? from->relevant : "",
       .max_length = 200},
      {.id = "due_date",
       .label = ctx.text("goal.form.due"),
       .kind = ui::InputKind::date,
       .hint = ctx.text("goal.form.due_hint"),
       .initial = from ? from->due_date : ""},
  };
  return f;
}

std::string goal_line(Context& ctx, const storage::Goal& g) {
  auto due = parse_date(g.due_date);
  return ctx.text("goal.line", {{"specific", g.specific},
                                {"measurable", g.measurable},
                                {"due", due ? format_day(*due) : g.due_date},
                                {"status", ctx.text("goal.status." + g.status)},
                                {"progress", std::to_string(g.progress)}});
}

Reply open_form(Context& ctx, const storage::ActivePair& pair, const storage::Goal* from) {
  auto open = storage::PairLifeRepository(ctx.db()).goals(pair.id, true);
  if (!from && open.size() >= kMaxOpenGoals)
    return say(ctx, "goal.too_many", {{"max", std::to_string(kMaxOpenGoals)}});
  auto m = ctx.message("goal.form");
  m.form(goal_form(ctx, pair, from));
  return Reply::say(std::move(m));
}

Reply new_goal(Context& ctx, const Event& e) {
  auto pair = e.args.empty() ? current_pair(ctx) : own_pair(ctx, number_from(e.args));
  if (!pair) return say(ctx, "goal.no_pair");
  return open_form(ctx, *pair, nullptr);
}

Reply list(Context& ctx, const Event&) {
  auto pair = current_pair(ctx);
  if (!pair) return say(ctx, "goal.no_pair");
  auto goals = storage::PairLifeRepository(ctx.db()).goals(pair->id, false);
  auto m = ctx.message("goal.list");
  m.header(ctx.text("goal.list.title",
                    {{"partner", person_name(ctx, pair->partner_of(ctx.person().id))}}));
  if (goals.empty()) m.text(ctx.text("goal.list.empty"));
  for (const auto& g : goals)
    if (g.status != "replaced") m.text(goal_line(ctx, g));
  m.buttons(
      {{ctx.text("pair.button.goal"), "goal.new", std::to_string(pair->id), ui::Style::primary}});
  return Reply::say(std::move(m));
}

Reply submit(Context& ctx, const Event& e) {
  const auto colon = e.args.find(':');
  auto pair = own_pair(ctx, number_from(e.args.substr(0, colon)));
  if (!pair) return say(ctx, "router.stale_form");
  storage::PairLifeRepository life(ctx.db());
  std::optional<storage::Goal> replaces;
  if (colon != std::string::npos) {
    replaces = life.goal(number_from(e.args.substr(colon + 1)));
    if (!replaces || replaces->pair_id != pair->id || replaces->status != "proposed")
      return say(ctx, "goal.stale");
  }
  auto programme = ctx.programmes().find(pair->programme_id);
  if (!programme) return say(ctx, "router.stale_form");
  const auto form = goal_form(ctx, *pair, nullptr);
  std::map<std::string, std::string> values;
  for (const auto& in : form.inputs) {
    auto it = e.fields.find(in.id);
    values[in.id] = it == e.fields.end() ? "" : it->second;
  }
  auto errors = ui::validate(form, values);
  if (!errors.contains("specific") && too_vague(values["specific"]))
    errors["specific"] = ctx.text("goal.error.vague");
  if (!errors.contains("measurable") && !measurable(values["measurable"]))
    errors["measurable"] = ctx.text("goal.error.measurable");
  if (!errors.contains("due_date")) {
    const auto due = *parse_date(values["due_date"]);
    const auto today = local_date(ctx.now(), ctx.person().time_zone);
    const auto end = programme_end(*programme);
    if (due < today || due > end)
      errors["due_date"] = ctx.text("goal.error.due", {{"end", format_day(end)}});
  }
  if (!replaces && life.goals(pair->id, true).size() >= kMaxOpenGoals)
    return say(ctx, "goal.too_many", {{"max", std::to_string(kMaxOpenGoals)}});
  if (!errors.empty()) return Reply::errors(std::move(errors));

  storage::Goal g{0,
                  pair->id,
                  ctx.person().id,
                  values["specific"],
                  values["measurable"],
                  values["achievable"],
                  values["relevant"],
                  values["due_date"]};
  g.id = life.add_goal(g, ctx.now());
  if (replaces) life.set_goal_status(replaces->id, "replaced", ctx.now());
  spdlog::info("event=goal_proposed goal_id={} pair_id={}", g.id, pair->id);
  const auto partner = pair->partner_of(ctx.person().id);
  auto m = ctx.message("goal.proposed");
  m.text(ctx.text("goal.proposed", {{"name", ctx.person().display_name}}));
  m.text(goal_line(ctx, g));
  m.buttons(
      {{ctx.text("goal.button.agree"), "goal.agree", std::to_string(g.id), ui::Style::primary},
       {ctx.text("goal.button.edit"), "goal.edit", std::to_string(g.id)}});
  ctx.send(partner, m, "goal.proposed:" + std::to_string(g.id));
  return say(ctx, "goal.sent", {{"partner", person_name(ctx, partner)}});
}

// The partner of whoever proposed the goal answers it.
std::optional<std::pair<storage::Goal, storage::ActivePair>> goal_to_answer(Context& ctx,
                                                                            const Event& e) {
  storage::PairLifeRepository life(ctx.db());
  auto g = life.goal(number_from(e.args));
  if (!g) return std::nullopt;
  auto pair = own_pair(ctx, g->pair_id);
  if (!pair || g->proposed_by == ctx.person().id) return std::nullopt;
  return std::pair{*g, *pair};
}

Reply agree(Context& ctx, const Event& e) {
  auto found = goal_to_answer(ctx, e);
  if (!found) return say(ctx, "router.stale_action");
  auto& [g, pair] = *found;
  if (g.status != "proposed") return say(ctx, "goal.answered." + g.status);
  storage::PairLifeRepository(ctx.db()).set_goal_status(g.id, "agreed", ctx.now());
  ctx.send(g.proposed_by,
           ctx.message("goal.agreed")
               .text(ctx.text("goal.agreed",
                              {{"name", ctx.person().display_name}, {"specific", g.specific}})),
           "goal.agreed:" + std::to_string(g.id));
  return say(ctx, "goal.you_agreed", {{"specific", g.specific}});
}

Reply edit(Context& ctx, const Event& e) {
  auto found = goal_to_answer(ctx, e);
  if (!found) return say(ctx, "router.stale_action");
  auto& [g, pair] = *found;
  if (g.status != "proposed") return say(ctx, "goal.answered." + g.status);
  return open_form(ctx, pair, &g);
}

}  // namespace

void register_goals(Router& router) {
  router.command({"goals", "goals", "your pair's goals"}, list);
  router.action("goal.new", new_goal);
  router.action("goal.agree", agree);
  router.action("goal.edit", edit);
  router.form("goal.submit", submit);
}

std::vector<templates::TemplateSpec> goal_templates() {
  return {{"goal.form.title", {}},
          {"goal.form.submit", {}},
          {"goal.form.specific", {}},
          {"goal.form.specific_hint", {}},
          {"goal.form.measurable", {}},
          {"goal.form.measurable_hint", {}},
          {"goal.form.achievable", {}},
          {"goal.form.relevant", {}},
          {"goal.form.due", {}},
          {"goal.form.due_hint", {}},
          {"goal.line", {"specific", "measurable", "due", "status", "progress"}},
          {"goal.status.proposed", {}},
          {"goal.status.agreed", {}},
          {"goal.status.replaced", {}},
          {"goal.status.done", {}},
          {"goal.status.dropped", {}},
          {"goal.too_many", {"max"}},
          {"goal.no_pair", {}},
          {"goal.list.title", {"partner"}},
          {"goal.list.empty", {}},
          {"goal.stale", {}},
          {"goal.error.vague", {}},
          {"goal.error.measurable", {}},
          {"goal.error.due", {"end"}},
          {"goal.proposed", {"name"}},
          {"goal.button.agree", {}},
          {"goal.button.edit", {}},
          {"goal.sent", {"partner"}},
          {"goal.answered.agreed", {}},
          {"goal.answered.replaced", {}},
          {"goal.answered.done", {}},
          {"goal.answered.dropped", {}},
          {"goal.agreed", {"name", "specific"}},
          {"goal.you_agreed", {"specific"}}};
}

}  // namespace flipside::handlers
