// `home.open`: what a person's home surface (Slack's App Home tab) shows: where they stand in the
// programme and the next step, with buttons. Rebuilt on every visit, so it is never stale.
#include "bot/core/time_zones.hpp"
#include "features.hpp"
#include "handlers/context.hpp"

namespace flipside::handlers {

namespace {

Reply open_home(Context& ctx, const Event&) {
  const auto& p = ctx.person();
  auto m = ctx.message("home.view");
  m.header(ctx.text("home.title", {{"name", p.display_name}}));
  auto participant = ctx.people().participant(p.id);
  if (!participant) {
    m.text(ctx.text("home.not_joined"));
    m.buttons({{ctx.text("help.button.join"), "join.start", "", ui::Style::primary}});
  } else {
    m.text(ctx.text("home.joined", {{"role", std::string(to_string(participant->role))},
                                    {"joined", format_date(participant->joined_at)}}));
    m.fields({{ctx.text("profile.field.time_zone"),
               p.time_zone.empty() ? ctx.text("profile.zone_unknown") : p.time_zone}});
    if (p.time_zone.empty()) m.context(ctx.text("home.zone_missing"));
    m.buttons({{ctx.text("help.button.profile"), "profile.show", "", ui::Style::normal},
               {ctx.text("profile.button.edit"), "profile.edit", "", ui::Style::normal}});
  }
  m.divider().context(ctx.text("help.footer"));
  return Reply::say(std::move(m));
}

}  // namespace

void register_home(Router& router) {
  router.action("home.open", open_home);
}

std::vector<templates::TemplateSpec> home_templates() {
  return {{"home.title", {"name"}},
          {"home.not_joined", {}},
          {"home.joined", {"role", "joined"}},
          {"home.zone_missing", {}}};
}

}  // namespace flipside::handlers
