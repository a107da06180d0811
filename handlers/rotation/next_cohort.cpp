// `programme next <name>` (or the button on the "closed" message): a new programme prefilled from
// a closed one, which carries over everyone who said they want the next cohort. The managers get
// a summary of who came along and who did not.
#include <spdlog/spdlog.h>

#include "handlers/intake/intake.hpp"
#include "handlers/orientation.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "handlers/programmes/programme_form.hpp"
#include "handlers/rotation/rotation.hpp"
#include "storage/intakes.hpp"

namespace flipside::handlers {

namespace {

// Why no next cohort can be started from `closed` now, if so.
std::optional<Reply> refusal(Context& ctx, const storage::Programme& closed) {
  if (closed.status != "ended")
    return say(ctx, "rotation.next.not_closed", {{"programme", closed.name}});
  if (auto next_id = storage::RotationRepository(ctx.db()).next_of(closed.id)) {
    auto next = ctx.programmes().find(*next_id);
    return say(ctx, "rotation.next.exists",
               {{"programme", closed.name}, {"next", next ? next->name : ""}});
  }
  return std::nullopt;
}

// "Spring pilot — cohort 3" for the second next cohort of "Spring pilot".
std::string suggested_name(Context& ctx, const storage::Programme& closed) {
  storage::RotationRepository rotation(ctx.db());
  auto first = closed;
  int number = 2;
  while (auto previous = rotation.previous_of(first.id)) {
    auto found = ctx.programmes().find(*previous);
    if (!found) break;
    first = *found;
    ++number;
  }
  return ctx.text("rotation.next.name",
                  {{"programme", first.name}, {"number", std::to_string(number)}});
}

ui::Form next_cohort_form(Context& ctx, const storage::Programme& closed) {
  auto initial = closed;
  initial.name = suggested_name(ctx, closed);
  initial.start_date = default_programme(ctx).start_date;  // new dates; the rest carries on
  auto form = programme_form(ctx, initial, false);
  form.form_id = "programme.next:" + std::to_string(closed.id);
  form.title = ctx.text("rotation.next.form_title");
  return form;
}

struct CarryOverCounts {
  int asked = 0, carried = 0, declined = 0, silent = 0, left = 0;
};

CarryOverCounts carry_over_everyone(Context& ctx, const storage::Programme& closed,
                                    const storage::Programme& next) {
  CarryOverCounts c;
  for (const auto& a : storage::RotationRepository(ctx.db()).answers(closed.id)) {
    ++c.asked;
    if (a.answer.empty()) {
      ++c.silent;
    } else if (a.answer == "no") {
      ++c.declined;
    } else if (auto p = ctx.people().participant(a.person_id); p && p->programme_id == closed.id) {
      carry_over(ctx, closed, next, a);
      ++c.carried;
    } else {
      ++c.left;  // said yes, then left the programme (or joined another)
    }
  }
  return c;
}

Reply create_next(Context& ctx, const Event& e) {
  auto closed = ctx.programmes().find(number_from(e.args));
  if (!closed) return say(ctx, "router.stale_form");
  if (auto no = refusal(ctx, *closed)) return std::move(*no);
  auto submission = read_programme_form(ctx, e.fields, 0);
  if (!submission.errors.empty()) return Reply::errors(std::move(submission.errors));
  // The form holds what a manager usually changes; the fine-tuning carries on as it was.
  submission.programme.settings = closed->settings;
  submission.programme.shortlist_size = closed->shortlist_size;
  submission.programme.answer_days = closed->answer_days;
  const auto created = create_programme(ctx, std::move(submission));
  storage::RotationRepository(ctx.db()).link(closed->id, created.programme.id, ctx.now());
  const auto c = carry_over_everyone(ctx, *closed, created.programme);
  spdlog::info(
      "event=next_cohort programme_id={} from={} carried={} asked={} declined={} silent={} "
      "left={}",
      created.programme.id, closed->id, c.carried, c.asked, c.declined, c.silent, c.left);

  const auto next = *ctx.programmes().find(created.programme.id);  // counts the carried people
  Reply r = Reply::say(programme_card(
      ctx, next,
      ctx.text("programme.created",
               {{"name", next.name}, {"invited", std::to_string(created.invited)}})));
  auto summary = ctx.message("rotation.next.summary");
  summary.text(ctx.text("rotation.next.summary", {{"previous", closed->name},
                                                  {"carried", std::to_string(c.carried)},
                                                  {"asked", std::to_string(c.asked)},
                                                  {"declined", std::to_string(c.declined)},
                                                  {"silent", std::to_string(c.silent)}}));
  if (c.left > 0) summary.text(ctx.text("rotation.next.left", {{"left", std::to_string(c.left)}}));
  r.messages.push_back(std::move(summary));
  return r;
}

Reply next_button(Context& ctx, const Event& e) {
  auto closed = ctx.programmes().find(number_from(e.args));
  if (!closed) return say(ctx, "router.stale_action");
  return open_next_cohort_form(ctx, *closed);
}

}  // namespace

Reply open_next_cohort_form(Context& ctx, const storage::Programme& closed) {
  if (auto no = refusal(ctx, closed)) return std::move(*no);
  int yes = 0, asked = 0;
  for (const auto& a : storage::RotationRepository(ctx.db()).answers(closed.id)) {
    ++asked;
    if (a.answer == "same" || a.answer == "switch") ++yes;
  }
  auto m = ctx.message("rotation.next.form");
  m.text(ctx.text("rotation.next.intro", {{"programme", closed.name},
                                          {"yes", std::to_string(yes)},
                                          {"asked", std::to_string(asked)}}));
  m.form(next_cohort_form(ctx, closed));
  return Reply::say(std::move(m));
}

void carry_over(Context& ctx, const storage::Programme& closed, const storage::Programme& next,
                const storage::NextCohortAnswer& answer) {
  const auto role = role_after(answer);
  storage::RotationRepository(ctx.db()).move_participant(answer.person_id, next.id, role);
  // Earlier answers are a draft to confirm, never a finished intake: the new programme may offer
  // other skills, and people change. The other role's survey asks other questions, so a switch
  // starts afresh.
  storage::IntakeRepository intakes(ctx.db());
  bool prefilled = false;
  if (role == answer.role) {
    if (auto earlier = intakes.find(answer.person_id, closed.id)) {
      intakes.save({answer.person_id, next.id, role, earlier->answers, false, 0, ctx.now()});
      prefilled = true;
    }
  }
  auto m = intake_invitation(ctx, next);
  m.template_id = "rotation.carried";
  // The invitation's button stays last: the line about earlier answers goes above it.
  m.blocks.insert(
      m.blocks.end() - 1,
      ui::Text{ctx.text(prefilled ? "rotation.carried.prefilled" : "rotation.carried",
                        {{"programme", next.name}, {"role", std::string(to_string(role))}})});
  ctx.send(answer.person_id, m,
           "intake.invite:" + std::to_string(next.id) + ":" + std::to_string(answer.person_id));
  schedule_intake_reminder(ctx, next.id, answer.person_id, 1);
  if (role != answer.role) send_orientation(ctx, answer.person_id, role, next.id);
}

void register_rotation(Router& router) {
  register_rotation_answers(router);
  router.action("programme.next", next_button, Access::managers);
  router.form("programme.next", create_next, Access::managers);
}

std::vector<templates::TemplateSpec> rotation_templates() {
  auto specs = rotation_answer_templates();
  for (auto&& s : std::vector<templates::TemplateSpec>{
           {"rotation.next.not_closed", {"programme"}},
           {"rotation.next.exists", {"programme", "next"}},
           {"rotation.next.name", {"programme", "number"}},
           {"rotation.next.form_title", {}},
           {"rotation.next.intro", {"programme", "yes", "asked"}},
           {"rotation.next.summary", {"previous", "carried", "asked", "declined", "silent"}},
           {"rotation.next.left", {"left"}},
           {"rotation.carried", {"programme", "role"}},
           {"rotation.carried.prefilled", {"programme", "role"}}})
    specs.push_back(std::move(s));
  return specs;
}

}  // namespace flipside::handlers
