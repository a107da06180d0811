// `leave`: asks first; on confirmation removes the person from the programme and cancels what
// was scheduled for them. The person record stays so they can rejoin (forgetting is separate).
#include "features.hpp"
#include "handlers/context.hpp"
#include "handlers/notify.hpp"
#include "storage/offers.hpp"
#include "storage/sessions.hpp"

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

// Someone leaving ends their pairs: the partner hears it from us rather than from silence, and
// the programme's managers can rematch them.
void end_pairs(Context& ctx) {
  storage::PairLifeRepository life(ctx.db());
  storage::OfferRepository offers(ctx.db());
  const auto me = ctx.person().id;
  for (const auto& pair : life.pairs_of(me)) {
    offers.end_pair(pair.programme_id, pair.mentor_id, pair.mentee_id, "left the programme",
                    ctx.now());
    const auto partner = pair.partner_of(me);
    const auto key = "leave:" + std::to_string(pair.id);
    ctx.send(partner,
             ctx.message("leave.partner_left")
                 .text(ctx.text("leave.partner_left", {{"name", ctx.person().display_name}})),
             key + ":partner");
    auto partner_person = ctx.people().find(partner);
    tell_managers(
        ctx, pair.programme_id,
        ctx.message("leave.managers")
            .text(ctx.text("leave.managers",
                           {{"name", ctx.person().display_name},
                            {"partner", partner_person ? partner_person->display_name : "?"}})),
        key + ":managers");
  }
}

Reply confirm(Context& ctx, const Event&) {
  if (!ctx.people().remove_participant(ctx.person().id)) return not_member(ctx);
  ctx.jobs().cancel_for_person(ctx.person().id, "", ctx.now());
  end_pairs(ctx);
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
  return {{"leave.partner_left", {"name"}}, {"leave.managers", {"name", "partner"}},
          {"leave.confirm.title", {}},      {"leave.confirm.body", {"name"}},
          {"leave.button.confirm", {}},     {"leave.button.cancel", {}},
          {"leave.done", {"name"}},         {"leave.not_member", {}},
          {"leave.cancelled", {}}};
}

}  // namespace flipside::handlers
