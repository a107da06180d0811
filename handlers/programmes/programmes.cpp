// `programme`: program managers create, list and edit programmes (cohorts). Creating one moves
// everyone who joined while none was open into it and invites them to the intake survey.
#include <spdlog/spdlog.h>

#include "bot/core/time_zones.hpp"
#include "handlers/features.hpp"
#include "handlers/intake/intake.hpp"
#include "handlers/orientation.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "handlers/programmes/programme_form.hpp"
#include "handlers/rotation/rotation.hpp"

namespace flipside::handlers {

namespace {

std::string labels(Context& ctx, const std::string& prefix, const std::string& values) {
  std::string out;
  for (const auto& v : split_list(values)) {
    auto id = prefix + v;
    out += (out.empty() ? "" : ", ") + (ctx.templates().has(id) ? ctx.text(id) : v);
  }
  return out;
}

Reply open_create_form(Context& ctx) {
  auto m = ctx.message("programme.form");
  m.form(programme_form(ctx, default_programme(ctx), false));
  return Reply::say(std::move(m));
}

Reply list(Context& ctx) {
  auto all = ctx.programmes().all();
  if (all.empty()) {
    auto m = ctx.message("programme.none");
    m.text(ctx.text("programme.none"));
    m.buttons({{ctx.text("programme.button.new"), "programme.new", "", ui::Style::primary}});
    return Reply::say(std::move(m));
  }
  Reply r;
  for (const auto& p : all) r.messages.push_back(programme_card(ctx, p, ""));
  return r;
}

Reply open_edit_form(Context& ctx, const storage::Programme& p) {
  if (p.status != "intake") {
    return Reply::say(
        ctx.message("programme.locked").text(ctx.text("programme.locked", {{"name", p.name}})));
  }
  auto m = ctx.message("programme.form");
  auto form = programme_form(ctx, p, true);
  form.form_id = "programme.edit:" + std::to_string(p.id);
  m.form(std::move(form));
  return Reply::say(std::move(m));
}

Reply command(Context& ctx, const Event& e) {
  const auto space = e.args.find(' ');
  const std::string verb = e.args.substr(0, space);
  const std::string rest = space == std::string::npos ? "" : e.args.substr(space + 1);
  if (verb == "new" || verb == "create") return open_create_form(ctx);
  if (verb.empty() || verb == "list") return list(ctx);
  if (verb == "close") {
    auto p = ctx.programmes().find_by_name(rest);
    if (!p) {
      return Reply::say(
          ctx.message("programme.unknown").text(ctx.text("programme.unknown", {{"name", rest}})));
    }
    return ask_to_close_programme(ctx, *p);
  }
  if (verb == "next") {
    auto p = ctx.programmes().find_by_name(rest);
    if (!p) {
      return Reply::say(
          ctx.message("programme.unknown").text(ctx.text("programme.unknown", {{"name", rest}})));
    }
    return open_next_cohort_form(ctx, *p);
  }
  if (verb == "settings") {
    auto p = ctx.programmes().find_by_name(rest);
    if (!p) {
      return Reply::say(
          ctx.message("programme.unknown").text(ctx.text("programme.unknown", {{"name", rest}})));
    }
    return open_programme_settings(ctx, *p);
  }
  if (verb == "edit") {
    auto p = ctx.programmes().find_by_name(rest);
    if (!p) {
      return Reply::say(
          ctx.message("programme.unknown").text(ctx.text("programme.unknown", {{"name", rest}})));
    }
    return open_edit_form(ctx, *p);
  }
  return Reply::say(ctx.message("programme.usage").text(ctx.text("programme.usage")));
}

void add_managers(Context& ctx, std::int64_t programme_id, const std::vector<std::int64_t>& ids) {
  storage::ManagerRepository managers(ctx.db());
  for (auto id : ids) {
    ctx.programmes().add_manager(programme_id, id);
    if (managers.add(id, ctx.person().id, ctx.now()) && id != ctx.person().id) {
      auto note = ctx.message("manager.welcome");
      note.text(ctx.text("manager.welcome", {{"by", ctx.person().display_name}}));
      ctx.send(id, note,
               "manager.welcome:" + std::to_string(id) + ":" + std::to_string(to_unix(ctx.now())));
    }
  }
}

Reply create(Context& ctx, const Event& e) {
  auto submission = read_programme_form(ctx, e.fields, 0);
  if (!submission.errors.empty()) return Reply::errors(std::move(submission.errors));
  const auto created = create_programme(ctx, std::move(submission));
  const auto& p = created.programme;
  return Reply::say(
      programme_card(ctx, p,
                     ctx.text("programme.created",
                              {{"name", p.name}, {"invited", std::to_string(created.invited)}})));
}

Reply edit_action(Context& ctx, const Event& e) {
  std::int64_t id = 0;
  try {
    id = std::stoll(e.args);
  } catch (const std::exception&) {
    return Reply::say(ctx.message("router.stale_action").text(ctx.text("router.stale_action")));
  }
  auto p = ctx.programmes().find(id);
  if (!p)
    return Reply::say(ctx.message("router.stale_action").text(ctx.text("router.stale_action")));
  return open_edit_form(ctx, *p);
}

}  // namespace

ui::Message programme_card(Context& ctx, const storage::Programme& p, const std::string& lead) {
  auto m = ctx.message("programme.card");
  m.header(p.name);
  if (!lead.empty()) m.text(lead);
  const auto counts = ctx.programmes().counts(p.id);
  auto start = parse_date(p.start_date);
  m.fields(
      {{ctx.text("programme.field.status"), ctx.text("programme.status." + p.status)},
       {ctx.text("programme.field.focus"), labels(ctx, "programme.focus.", p.focus_areas)},
       {ctx.text("programme.field.start"), start ? format_day(*start) : p.start_date},
       {ctx.text("programme.field.length"),
        ctx.text("programme.months", {{"months", std::to_string(p.length_months)}})},
       {ctx.text("programme.field.cadence"), ctx.text("programme.cadence." + p.cadence) + ", " +
                                                 std::to_string(p.session_minutes) + " min"},
       {ctx.text("programme.field.mode"), ctx.text("programme.mode." + p.matching_mode)},
       {ctx.text("programme.field.people"),
        ctx.text("programme.people", {{"mentors", std::to_string(counts.mentors)},
                                      {"mentees", std::to_string(counts.mentees)},
                                      {"complete", std::to_string(counts.intakes_complete)}})}});
  m.context(ctx.text("programme.skills_line", {{"skills", p.skills}}));
  if (p.status == "intake")
    m.buttons(
        {{ctx.text("programme.button.edit"), "programme.edit", std::to_string(p.id)},
         {ctx.text("programme.button.settings"), "programme.settings", std::to_string(p.id)}});
  // A closed programme whose people have not moved on yet offers its next cohort.
  if (p.status == "ended" && !storage::RotationRepository(ctx.db()).next_of(p.id))
    m.buttons({{ctx.text("rotation.button.next"), "programme.next", std::to_string(p.id),
                ui::Style::primary}});
  return m;
}

CreatedProgramme create_programme(Context& ctx, ProgrammeSubmission submission) {
  auto p = std::move(submission.programme);
  p.created_by = ctx.person().id;
  p.created_at = ctx.now();
  p.id = ctx.programmes().create(p);
  auto managers = submission.co_managers;
  managers.push_back(ctx.person().id);
  add_managers(ctx, p.id, managers);
  const auto waiting = ctx.programmes().adopt_waiting_participants(p.id);
  for (auto person_id : waiting) {
    invite_to_intake(ctx, p, person_id);
    // They join a programme only now, so now is when their role's orientation is due.
    if (auto participant = ctx.people().participant(person_id))
      send_orientation(ctx, person_id, participant->role, p.id);
  }
  spdlog::info("event=programme_created programme_id={} by={} invited={}", p.id, ctx.person().id,
               waiting.size());
  return {std::move(p), waiting.size()};
}

// Edit forms carry the programme id in their form id ("programme.edit:7"), so the router sees the
// form as "programme.edit" with args "7" (see Event parsing of form ids).
Reply save_programme_edit(Context& ctx, const Event& e) {
  std::int64_t id = 0;
  try {
    id = std::stoll(e.args);
  } catch (const std::exception&) {
    return Reply::say(ctx.message("router.stale_form").text(ctx.text("router.stale_form")));
  }
  auto existing = ctx.programmes().find(id);
  if (!existing)
    return Reply::say(ctx.message("router.stale_form").text(ctx.text("router.stale_form")));
  if (existing->status != "intake") return open_edit_form(ctx, *existing);
  auto submission = read_programme_form(ctx, e.fields, id);
  if (!submission.errors.empty()) return Reply::errors(std::move(submission.errors));
  auto p = submission.programme;
  p.settings = existing->settings;
  p.shortlist_size = existing->shortlist_size;
  p.answer_days = existing->answer_days;
  ctx.programmes().update(p);
  add_managers(ctx, id, submission.co_managers);
  auto saved = *ctx.programmes().find(id);
  return Reply::say(
      programme_card(ctx, saved, ctx.text("programme.saved", {{"name", saved.name}})));
}

void register_programmes(Router& router) {
  router.command({"programme", "programme [new|list|edit|settings|close|next <name>]",
                  "create and run programmes", true},
                 command);
  router.action(
      "programme.new", [](Context& ctx, const Event&) { return open_create_form(ctx); },
      Access::managers);
  router.action("programme.edit", edit_action, Access::managers);
  router.form("programme.create", create, Access::managers);
  router.form("programme.edit", save_programme_edit, Access::managers);
  router.form("programme.settings", save_programme_settings, Access::managers);
  router.action(
      "programme.settings",
      [](Context& ctx, const Event& e) {
        std::int64_t id = 0;
        try {
          id = std::stoll(e.args);
        } catch (const std::exception&) {
          return Reply::say(
              ctx.message("router.stale_action").text(ctx.text("router.stale_action")));
        }
        auto p = ctx.programmes().find(id);
        if (!p)
          return Reply::say(
              ctx.message("router.stale_action").text(ctx.text("router.stale_action")));
        return open_programme_settings(ctx, *p);
      },
      Access::managers);
}

std::vector<templates::TemplateSpec> programme_templates() {
  std::vector<templates::TemplateSpec> specs = {
      {"programme.default_skills", {}},
      {"programme.form.title", {}},
      {"programme.form.title_edit", {}},
      {"programme.form.create", {}},
      {"programme.form.save", {}},
      {"programme.form.name", {}},
      {"programme.form.name_placeholder", {}},
      {"programme.form.focus", {}},
      {"programme.form.skills", {}},
      {"programme.form.skills_hint", {}},
      {"programme.form.start", {}},
      {"programme.form.length", {}},
      {"programme.form.length_hint", {}},
      {"programme.form.cadence", {}},
      {"programme.form.session", {}},
      {"programme.form.mode", {}},
      {"programme.form.mode_hint", {}},
      {"programme.form.managers", {}},
      {"programme.form.managers_hint", {}},
      {"programme.cadence.weekly", {}},
      {"programme.cadence.biweekly", {}},
      {"programme.cadence.monthly", {}},
      {"programme.mode.shortlist", {}},
      {"programme.mode.direct", {}},
      {"programme.error.name_taken", {"name"}},
      {"programme.error.start_past", {}},
      {"programme.error.few_skills", {}},
      {"programme.error.unknown_manager", {"email"}},
      {"programme.field.status", {}},
      {"programme.field.focus", {}},
      {"programme.field.start", {}},
      {"programme.field.length", {}},
      {"programme.field.cadence", {}},
      {"programme.field.mode", {}},
      {"programme.field.people", {}},
      {"programme.months", {"months"}},
      {"programme.people", {"mentors", "mentees", "complete"}},
      {"programme.skills_line", {"skills"}},
      {"programme.button.edit", {}},
      {"programme.button.new", {}},
      {"programme.button.settings", {}},
      {"programme.none", {}},
      {"programme.locked", {"name"}},
      {"programme.unknown", {"name"}},
      {"programme.usage", {}},
      {"programme.created", {"name", "invited"}},
      {"programme.saved", {"name"}}};
  for (auto& s : settings_templates()) specs.push_back(std::move(s));
  for (const char* status : {"intake", "matching", "running", "ended"})
    specs.push_back({std::string("programme.status.") + status, {}});
  for (const char* area :
       {"digital_skills", "ai_data", "ways_of_working", "dei", "sustainability", "culture"})
    specs.push_back({std::string("programme.focus.") + area, {}});
  return specs;
}

}  // namespace flipside::handlers
