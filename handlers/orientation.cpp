// `orientation` and its "Got it" button. Mentors (the juniors) read how to coach, give feedback
// and manage upwards; mentees (the seniors) how to listen, ask open questions and apply what they
// learn; both that what they say stays between them. The wording is data
// (templates/messages/orientation.json); the acknowledgement is a timestamp on the participation.
#include "handlers/orientation.hpp"

#include <spdlog/spdlog.h>

#include "bot/core/time_zones.hpp"
#include "handlers/features.hpp"

namespace flipside::handlers {

namespace {

using storage::Role;

std::string acknowledged_on(Context& ctx, TimePoint at) {
  return format_day(local_date(at, ctx.person().time_zone));
}

Reply show(Context& ctx, const Event&) {
  auto participant = ctx.people().participant(ctx.person().id);
  if (!participant) return say(ctx, "orientation.not_joined");
  auto m = orientation_message(ctx, participant->role);
  if (participant->orientation_acknowledged_at)
    m.context(
        ctx.text("orientation.acknowledged_on",
                 {{"when", acknowledged_on(ctx, *participant->orientation_acknowledged_at)}}));
  return Reply::say(std::move(m));
}

Reply acknowledge(Context& ctx, const Event& e) {
  auto participant = ctx.people().participant(ctx.person().id);
  // Someone who left, or whose role changed since the message, or a forged value: stale.
  const auto role = storage::role_from_string(e.args);
  if (!participant || !role || participant->role != *role) return say(ctx, "router.stale_action");
  if (participant->orientation_acknowledged_at)
    return say(ctx, "orientation.already",
               {{"when", acknowledged_on(ctx, *participant->orientation_acknowledged_at)}});
  ctx.people().acknowledge_orientation(ctx.person().id, ctx.now());
  spdlog::info("event=orientation_acknowledged person_id={} role={}", ctx.person().id,
               to_string(participant->role));
  return say(ctx, "orientation.acknowledged");
}

}  // namespace

ui::Message orientation_message(Context& ctx, Role role) {
  const std::string r(to_string(role));
  auto m = ctx.message("orientation." + r);
  m.header(ctx.text("orientation.title." + r));
  m.text(ctx.text("orientation.body." + r));
  m.text(ctx.text("orientation.both"));
  m.buttons({{ctx.text("orientation.button.ack"), "orientation.ack", r, ui::Style::primary}});
  m.context(ctx.text("orientation.footer"));
  return m;
}

void send_orientation(Context& ctx, std::int64_t person_id, Role role, std::int64_t programme_id) {
  ctx.send(person_id, orientation_message(ctx, role),
           "orientation:" + std::to_string(person_id) + ":" + std::string(to_string(role)) + ":" +
               std::to_string(programme_id));
}

void register_orientation(Router& router) {
  router.command({"orientation", "orientation", "how to get the most out of your role"}, show);
  router.action("orientation.ack", acknowledge);
}

std::vector<templates::TemplateSpec> orientation_templates() {
  return {{"orientation.title.mentor", {}},
          {"orientation.title.mentee", {}},
          {"orientation.body.mentor", {}},
          {"orientation.body.mentee", {}},
          {"orientation.both", {}},
          {"orientation.footer", {}},
          {"orientation.button.ack", {}},
          {"orientation.acknowledged", {}},
          {"orientation.acknowledged_on", {"when"}},
          {"orientation.already", {"when"}},
          {"orientation.not_joined", {}}};
}

}  // namespace flipside::handlers
