// `join`: become a participant as a mentor (the junior) or a mentee (the senior). Idempotent:
// joining again, or pressing a role button twice, changes nothing and says so.
#include "bot/core/time_zones.hpp"
#include "features.hpp"
#include "handlers/context.hpp"
#include "handlers/intake/intake.hpp"
#include "handlers/orientation.hpp"
#include "storage/sessions.hpp"

namespace flipside::handlers {

namespace {

using storage::Role;

// The morning after joining, at 09:00 in their zone (or a day later if the zone is unknown).
TimePoint next_steps_time(TimePoint joined, const std::string& time_zone) {
  if (auto t = next_local_hour(joined + std::chrono::hours{12}, time_zone, 9)) return *t;
  return joined + std::chrono::hours{24};
}

ui::Message ask_role(Context& ctx, const std::string& lead_template = "",
                     const std::string& bad_role = "") {
  auto m = ctx.message("join.ask_role");
  m.header(ctx.text("join.ask_role.title"));
  if (!lead_template.empty()) m.text(ctx.text(lead_template, {{"role", bad_role}}));
  m.text(ctx.text("join.ask_role.body", {{"name", ctx.person().display_name}}));
  m.buttons({{ctx.text("join.button.mentor"), "join.choose_role", "mentor", ui::Style::primary},
             {ctx.text("join.button.mentee"), "join.choose_role", "mentee", ui::Style::primary}});
  return m;
}

Reply already_joined(Context& ctx, const storage::Participant& p) {
  auto m = ctx.message("join.already");
  m.text(ctx.text("join.already", {{"role", std::string(to_string(p.role))},
                                   {"joined", format_date(p.joined_at)}}));
  return Reply::say(std::move(m));
}

Reply join_as(Context& ctx, const std::string& role_text) {
  auto people = ctx.people();
  if (auto existing = people.participant(ctx.person().id)) return already_joined(ctx, *existing);
  auto role = storage::role_from_string(role_text);
  if (!role) return Reply::say(ask_role(ctx, "join.bad_role", role_text));

  const auto now = ctx.now();
  // Join the newest programme open for sign-ups; with none open, wait: creating one invites you.
  auto open = ctx.programmes().open_for_intake();
  std::optional<storage::Programme> programme;
  if (!open.empty()) programme = open.front();
  people.add_participant(ctx.person().id, *role, now,
                         programme ? std::optional(programme->id) : std::nullopt);
  if (programme) schedule_intake_reminder(ctx, programme->id, ctx.person().id, 1);
  ctx.schedule(
      "join.next_steps", ctx.person().id, next_steps_time(now, ctx.person().time_zone),
      "join.next_steps:" + std::to_string(ctx.person().id) + ":" + std::to_string(to_unix(now)));

  auto m = ctx.message("join.confirmed");
  const templates::Vars vars{{"name", ctx.person().display_name},
                             {"role", std::string(to_string(*role))}};
  m.header(ctx.text("join.confirmed.title", vars)).text(ctx.text("join.confirmed.body", vars));
  if (!programme) {
    m.text(ctx.text("join.no_programme_yet"));
    m.buttons({{ctx.text("help.button.profile"), "profile.show", "", ui::Style::normal}});
    return Reply::say(std::move(m));
  }
  m.buttons({{ctx.text("help.button.profile"), "profile.show", "", ui::Style::normal}});
  Reply r = Reply::say(std::move(m));
  r.messages.push_back(intake_invitation(ctx, *programme));
  // Joining a programme is when the role starts to matter: how to take it, before the first
  // session. Someone waiting for a programme gets it when one opens (programmes.cpp).
  r.messages.push_back(orientation_message(ctx, *role));
  return r;
}

Reply join_command(Context& ctx, const Event& e) {
  if (auto existing = ctx.people().participant(ctx.person().id))
    return already_joined(ctx, *existing);
  if (e.args.empty()) return Reply::say(ask_role(ctx));
  std::string role = e.args;
  std::transform(role.begin(), role.end(), role.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return join_as(ctx, role);
}

Reply start(Context& ctx, const Event&) {
  if (auto existing = ctx.people().participant(ctx.person().id))
    return already_joined(ctx, *existing);
  return Reply::say(ask_role(ctx));
}

Reply choose_role(Context& ctx, const Event& e) {
  return join_as(ctx, e.args);
}

Reply next_steps(Context& ctx, const Event&) {
  if (!ctx.people().participant(ctx.person().id)) return Reply::none();  // left meanwhile
  // Matched meanwhile (a quick programme manager): "while the programme gets ready for
  // matching" would be out of date, and the kickoff already said what comes next.
  if (!storage::PairLifeRepository(ctx.db()).pairs_of(ctx.person().id).empty())
    return Reply::none();
  const auto& zone = ctx.person().time_zone;
  auto m = ctx.message("join.next_steps");
  m.header(ctx.text("join.next_steps.title"));
  m.text(ctx.text("join.next_steps.body",
                  {{"name", ctx.person().display_name},
                   {"time_zone", zone.empty() ? ctx.text("join.next_steps.no_zone") : zone}}));
  return Reply::say(std::move(m));
}

}  // namespace

void register_join(Router& router) {
  router.command({"join", "join [mentor|mentee]", "take part"}, join_command);
  router.action("join.start", start);
  router.action("join.choose_role", choose_role);
  router.job("join.next_steps", next_steps);
}

std::vector<templates::TemplateSpec> join_templates() {
  return {{"join.ask_role.title", {}},
          {"join.ask_role.body", {"name"}},
          {"join.button.mentor", {}},
          {"join.button.mentee", {}},
          {"join.bad_role", {"role"}},
          {"join.confirmed.title", {"name", "role"}},
          {"join.confirmed.body", {"name", "role"}},
          {"join.already", {"role", "joined"}},
          {"join.next_steps.title", {}},
          {"join.next_steps.body", {"name", "time_zone"}},
          {"join.next_steps.no_zone", {}},
          {"join.no_programme_yet", {}}};
}

}  // namespace flipside::handlers
