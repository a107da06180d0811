// The question each participant of a closed programme gets about the next cohort, and their
// answer (a click; clicking another button changes it until the next cohort is set up).
#include <spdlog/spdlog.h>

#include <algorithm>

#include "handlers/pairs/pair_life.hpp"
#include "handlers/rotation/rotation.hpp"

namespace flipside::handlers {

namespace {

using storage::Role;

constexpr const char* kAnswers[] = {"same", "switch", "no"};

Role other(Role r) {
  return r == Role::mentor ? Role::mentee : Role::mentor;
}

std::string role_text(Role r) {
  return std::string(to_string(r));
}

ui::Message question(Context& ctx, const storage::Programme& closed, Role role) {
  const auto id = std::to_string(closed.id);
  auto m = ctx.message("rotation.ask");
  m.header(ctx.text("rotation.ask.title", {{"programme", closed.name}}));
  m.text(ctx.text("rotation.ask", {{"programme", closed.name}, {"role", role_text(role)}}));
  m.buttons({{ctx.text("rotation.button.same", {{"role", role_text(role)}}), "rotation.answer",
              id + ":same", ui::Style::primary},
             {ctx.text("rotation.button.switch", {{"role", role_text(other(role))}}),
              "rotation.answer", id + ":switch"},
             {ctx.text("rotation.button.no"), "rotation.answer", id + ":no"}});
  return m;
}

std::string confirmation_id(const std::string& answer) {
  return "rotation.answered." + answer;
}

// A click on one of the question's buttons: "<closed programme id>:<same|switch|no>".
Reply answer(Context& ctx, const Event& e) {
  const auto colon = e.args.find(':');
  if (colon == std::string::npos) return say(ctx, "router.stale_action");
  const std::string choice = e.args.substr(colon + 1);
  if (std::find(std::begin(kAnswers), std::end(kAnswers), choice) == std::end(kAnswers))
    return say(ctx, "router.stale_action");
  auto closed = ctx.programmes().find(number_from(e.args.substr(0, colon)));
  if (!closed || closed->status != "ended") return say(ctx, "router.stale_action");
  storage::RotationRepository rotation(ctx.db());
  auto before = rotation.answer_of(closed->id, ctx.person().id);
  // Only the people who were asked may answer: anything else is a forged or foreign click.
  if (!before) return say(ctx, "router.stale_action");

  if (auto next_id = rotation.next_of(closed->id)) {
    auto next = ctx.programmes().find(*next_id);
    auto participant = ctx.people().participant(ctx.person().id);
    const bool still_in_closed = participant && participant->programme_id == closed->id;
    // A late yes still gets a place while the next cohort takes sign-ups; any other change
    // would undo what the managers already set up, so they are pointed to a manager.
    if (next && choice != "no" && still_in_closed && next->status == "intake") {
      rotation.save_answer(closed->id, ctx.person().id, choice, ctx.now());
      auto saved = *rotation.answer_of(closed->id, ctx.person().id);
      carry_over(ctx, *closed, *next, saved);
      return say(ctx, "rotation.answered.late_join",
                 {{"programme", next->name}, {"role", role_text(role_after(saved))}});
    }
    return say(ctx, "rotation.answer.too_late", {{"programme", next ? next->name : closed->name}});
  }

  rotation.save_answer(closed->id, ctx.person().id, choice, ctx.now());
  spdlog::info("event=next_cohort_answer programme_id={} person_id={} answer={} before={}",
               closed->id, ctx.person().id, choice, before->answer);
  auto m = ctx.message(confirmation_id(choice));
  if (!before->answer.empty() && before->answer != choice)
    m.text(ctx.text("rotation.answer.changed"));
  const auto role = choice == "switch" ? other(before->role) : before->role;
  m.text(
      ctx.text(confirmation_id(choice), {{"programme", closed->name}, {"role", role_text(role)}}));
  return Reply::say(std::move(m));
}

}  // namespace

storage::Role role_after(const storage::NextCohortAnswer& a) {
  return a.answer == "switch" ? other(a.role) : a.role;
}

void ask_about_next_cohort(Context& ctx, const storage::Programme& closed, ui::Message& done) {
  storage::RotationRepository rotation(ctx.db());
  const auto people = ctx.people().participants_of(closed.id);
  for (const auto& [person_id, role] : people) {
    rotation.record_question(closed.id, person_id, role, ctx.now());
    ctx.send(person_id, question(ctx, closed, role),
             "rotation.ask:" + std::to_string(closed.id) + ":" + std::to_string(person_id));
  }
  done.text(ctx.text("rotation.asked", {{"asked", std::to_string(people.size())}}));
  done.buttons({{ctx.text("rotation.button.next"), "programme.next", std::to_string(closed.id),
                 ui::Style::primary}});
}

void register_rotation_answers(Router& router) {
  router.action("rotation.answer", answer);
}

std::vector<templates::TemplateSpec> rotation_answer_templates() {
  return {{"rotation.ask.title", {"programme"}},
          {"rotation.ask", {"programme", "role"}},
          {"rotation.button.same", {"role"}},
          {"rotation.button.switch", {"role"}},
          {"rotation.button.no", {}},
          {"rotation.button.next", {}},
          {"rotation.asked", {"asked"}},
          {"rotation.answered.same", {"programme", "role"}},
          {"rotation.answered.switch", {"programme", "role"}},
          {"rotation.answered.no", {"programme", "role"}},
          {"rotation.answered.late_join", {"programme", "role"}},
          {"rotation.answer.changed", {}},
          {"rotation.answer.too_late", {"programme"}}};
}

}  // namespace flipside::handlers
