// `intake`: the survey mentors and mentees fill in before matching. The questions are data
// (templates/intake/*.json); this file renders them as a form, prefilled from what we already
// know (HR import, the platform's time zone, earlier answers), validates, and saves. Answers stay
// editable until the programme's matching runs. Unfinished intakes get two reminders, 2 days apart.
#include "handlers/intake/intake.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "handlers/features.hpp"
#include "handlers/impact/confidence.hpp"
#include "handlers/intake/survey_form.hpp"
#include "storage/intakes.hpp"

namespace flipside::handlers {

namespace {

using nlohmann::json;
constexpr auto kReminderGap = std::chrono::hours{48};
constexpr int kMaxReminders = 2;

std::string survey_id(storage::Role role) {
  return role == storage::Role::mentor ? "intake.mentor" : "intake.mentee";
}

// The person's programme and role, or the reply explaining why there is no intake to fill.
struct Enrolment {
  storage::Participant participant;
  storage::Programme programme;
};
std::variant<Enrolment, Reply> enrolment(Context& ctx) {
  auto participant = ctx.people().participant(ctx.person().id);
  if (!participant) {
    auto m = ctx.message("intake.not_joined");
    m.text(ctx.text("intake.not_joined"));
    m.buttons({{ctx.text("help.button.join"), "join.start", "", ui::Style::primary}});
    return Reply::say(std::move(m));
  }
  if (!participant->programme_id) return say(ctx, "intake.no_programme");
  auto programme = ctx.programmes().find(*participant->programme_id);
  if (!programme) return say(ctx, "intake.no_programme");
  return Enrolment{*participant, *programme};
}

json saved_answers(Context& ctx, const Enrolment& e) {
  auto intake = storage::IntakeRepository(ctx.db()).find(ctx.person().id, e.programme.id);
  if (!intake) return json::object();
  auto parsed = json::parse(intake->answers, nullptr, false);
  return parsed.is_object() ? parsed : json::object();
}

// What to show in the form: earlier answers first, then what the organisation record knows.
std::map<std::string, std::string> initial_values(Context& ctx, const Enrolment& e) {
  std::map<std::string, std::string> values;
  auto org = storage::IntakeRepository(ctx.db()).org_answers(ctx.person().id);
  values["title"] = org.title;
  values["department"] = org.department;
  values["location"] = org.location;
  if (org.grade) values["level"] = std::to_string(*org.grade);
  values["manager_email"] = org.manager_email;
  values["languages"] = org.languages;
  values["time_zone"] = org.time_zone;
  values["cadence"] = e.programme.cadence;
  values["session_minutes"] = std::to_string(e.programme.session_minutes);
  values["capacity"] = "1";
  const auto saved = saved_answers(ctx, e);  // named: items() must not outlive a temporary
  for (const auto& [id, v] : saved.items())
    if (v.is_string()) values[id] = v.get<std::string>();
  return values;
}

ui::Form intake_form(Context& ctx, const Enrolment& e,
                     const std::map<std::string, std::string>& values) {
  const auto* survey = ctx.templates().survey(survey_id(e.participant.role));
  return survey_to_form(*survey, ctx.templates(), programme_skill_options(e.programme),
                        "intake.submit:" + std::to_string(e.programme.id), values);
}

Reply open(Context& ctx, const Event&) {
  auto found = enrolment(ctx);
  if (auto* reply = std::get_if<Reply>(&found)) return std::move(*reply);
  const auto& e = std::get<Enrolment>(found);
  if (e.programme.status != "intake")
    return say(ctx, "intake.locked", {{"programme", e.programme.name}});
  const auto* survey = ctx.templates().survey(survey_id(e.participant.role));
  auto m = ctx.message("intake.form");
  m.header(survey->title).text(survey->intro);
  m.form(intake_form(ctx, e, initial_values(ctx, e)));
  return Reply::say(std::move(m));
}

Reply submit(Context& ctx, const Event& ev) {
  auto found = enrolment(ctx);
  if (auto* reply = std::get_if<Reply>(&found)) return std::move(*reply);
  const auto& e = std::get<Enrolment>(found);
  if (ev.args != std::to_string(e.programme.id)) return say(ctx, "router.stale_form");
  if (e.programme.status != "intake")
    return say(ctx, "intake.locked", {{"programme", e.programme.name}});

  const auto form = intake_form(ctx, e, {});
  auto values = trimmed_values(form, ev.fields);
  auto errors = ui::validate(form, values);
  check_intake_rules(ctx, values, errors);
  if (!errors.empty()) return Reply::errors(std::move(errors));

  json answers = json::object();
  for (const auto& [id, v] : values) answers[id] = v;
  storage::IntakeRepository intakes(ctx.db());
  const auto before = intakes.find(ctx.person().id, e.programme.id);
  const bool first_time = !before || !before->complete;
  intakes.save(
      {ctx.person().id, e.programme.id, e.participant.role, answers.dump(), true, 0, ctx.now()});
  storage::OrgAnswers org{
      values["title"],         values["department"], values["location"], std::stoi(values["level"]),
      values["manager_email"], values["languages"],  values["time_zone"]};
  intakes.apply_org_answers(ctx.person().id, org, ctx.now());
  ctx.refresh_person();
  spdlog::info("event=intake_saved person_id={} programme_id={} first={}", ctx.person().id,
               e.programme.id, first_time);
  auto m = ctx.message("intake.saved");
  m.header(ctx.text("intake.saved.title"));
  m.text(ctx.text(first_time ? "intake.saved.first" : "intake.saved.again",
                  {{"name", ctx.person().display_name}, {"programme", e.programme.name}}));
  std::vector<ui::Button> buttons;
  // Impact measurement's "before" ratings: the skills to rate are known only now.
  if (auto rate = rate_before_button(ctx, e.programme, ctx.person().id, e.participant.role)) {
    m.text(ctx.text("impact.intake_prompt"));
    buttons.push_back(*rate);
  }
  buttons.push_back({ctx.text("intake.button.edit"), "intake.open", ""});
  m.buttons(std::move(buttons));
  return Reply::say(std::move(m));
}

Reply reminder(Context& ctx, const Event& ev) {
  auto payload = json::parse(ev.args, nullptr, false);
  if (!payload.is_object()) throw std::runtime_error("intake.reminder: bad payload");
  const auto programme_id = payload.value("programme_id", std::int64_t{0});
  const int number = payload.value("number", 1);
  auto participant = ctx.people().participant(ctx.person().id);
  if (!participant || participant->programme_id != programme_id) return Reply::none();  // left
  auto programme = ctx.programmes().find(programme_id);
  if (!programme || programme->status != "intake") return Reply::none();
  storage::IntakeRepository intakes(ctx.db());
  auto intake = intakes.find(ctx.person().id, programme_id);
  if (intake && intake->complete) return Reply::none();
  if (!intake) {
    intakes.save({ctx.person().id, programme_id, participant->role, "{}", false, 0, ctx.now()});
  }
  intakes.count_reminder(ctx.person().id, programme_id);
  if (number < kMaxReminders)
    schedule_intake_reminder(ctx, programme_id, ctx.person().id, number + 1);
  auto m = ctx.message("intake.reminder");
  m.text(ctx.text(number < kMaxReminders ? "intake.reminder" : "intake.reminder.last",
                  {{"name", ctx.person().display_name}, {"programme", programme->name}}));
  m.buttons({{ctx.text("intake.button.open"), "intake.open", "", ui::Style::primary}});
  return Reply::say(std::move(m));
}

}  // namespace

ui::Message intake_invitation(Context& ctx, const storage::Programme& programme) {
  auto m = ctx.message("intake.invite");
  m.header(ctx.text("intake.invite.title", {{"programme", programme.name}}));
  m.text(ctx.text("intake.invite.body", {{"programme", programme.name}}));
  m.buttons({{ctx.text("intake.button.open"), "intake.open", "", ui::Style::primary}});
  return m;
}

void schedule_intake_reminder(Context& ctx, std::int64_t programme_id, std::int64_t person_id,
                              int number) {
  json payload{{"programme_id", programme_id}, {"number", number}};
  ctx.schedule("intake.reminder", person_id, ctx.now() + kReminderGap,
               "intake.reminder:" + std::to_string(programme_id) + ":" + std::to_string(person_id) +
                   ":" + std::to_string(number),
               payload.dump());
}

void invite_to_intake(Context& ctx, const storage::Programme& programme, std::int64_t person_id) {
  ctx.send(person_id, intake_invitation(ctx, programme),
           "intake.invite:" + std::to_string(programme.id) + ":" + std::to_string(person_id));
  schedule_intake_reminder(ctx, programme.id, person_id, 1);
}

void register_intake(Router& router) {
  router.command({"intake", "intake", "fill in or edit your intake survey"}, open);
  router.action("intake.open", open);
  router.form("intake.submit", submit);
  router.job("intake.reminder", reminder);
}

std::vector<templates::TemplateSpec> intake_templates() {
  return {{"intake.not_joined", {}},
          {"intake.no_programme", {}},
          {"intake.locked", {"programme"}},
          {"intake.saved.title", {}},
          {"intake.saved.first", {"name", "programme"}},
          {"intake.saved.again", {"name", "programme"}},
          {"intake.button.edit", {}},
          {"intake.button.open", {}},
          {"intake.invite.title", {"programme"}},
          {"intake.invite.body", {"programme"}},
          {"intake.reminder", {"name", "programme"}},
          {"intake.reminder.last", {"name", "programme"}},
          {"intake.error.availability", {}},
          {"intake.error.manager_email", {}},
          {"intake.error.own_email", {}}};
}

std::vector<templates::SurveySpec> intake_surveys() {
  const std::set<std::string> read = {"title",          "level",        "department",   "location",
                                      "manager_email",  "teaches",      "learns",       "interests",
                                      "learning_style", "extroversion", "availability", "time_zone",
                                      "languages"};
  auto mentor = read;
  mentor.insert("capacity");
  return {{"intake.mentor", mentor}, {"intake.mentee", read}};
}

}  // namespace flipside::handlers
