// `leave`: asks first; on confirmation removes the person from the programme and cancels what
// was scheduled for them. The person record stays so they can rejoin (forgetting is separate).
#include "features.hpp"
#include "handlers/context.hpp"

namespace flipside::handlers {

namespace {

Reply not_member(Context& ctx) {
  return Reply::say(ctx.message("leave.not_member").text(ctx.text("leave.not_member")));
}

Reply ask(Context& ctx, const Event&) {
  if (!ctx.people().participant(ctx.person().id)) return not_member(ctx);
  auto m = ctx.message("leave.confirm");
  m.header(ctx.text("leave.confirm.title"));
  m.text(ctx.text("leave.confirm.body", {{"name", ctx.person().display_name}}));
  m.buttons({{ctx.text("leave.button.confirm"), "leave.confirm", "", ui::Style::danger},
             {ctx.text("leave.button.cancel"), "leave.cancel", "", ui::Style::normal}});
  return Reply::say(std::move(m));
}

Reply confirm(Context& ctx, const Event&) {
  if (!ctx.people().remove_participant(ctx.person().id)) return not_member(ctx);
  ctx.jobs().cancel_for_person(ctx.person().id, "", ctx.now());
  return Reply::say(ctx.message("leave.done")
                        .text(ctx.text("leave.done", {{"name", ctx.person().display_name}})));
}

Reply cancel(Context& ctx, const Event&) {
  return Reply::say(ctx.message("leave.cancelled").text(ctx.text("leave.cancelled")));
}

}  // namespace

void register_leave(Router& router) {
  router.command({"leave", "leave", "leave the programme"}, ask);
  router.action("leave.confirm", confirm);
  router.action("leave.cancel", cancel);
}

std::vector<templates::TemplateSpec> leave_templates() {
  return {{"leave.confirm.title", {}},  {"leave.confirm.body", {"name"}},
          {"leave.button.confirm", {}}, {"leave.button.cancel", {}},
          {"leave.done", {"name"}},     {"leave.not_member", {}},
          {"leave.cancelled", {}}};
}

}  // namespace flipside::handlers
