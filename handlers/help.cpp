// `help`: what the bot can do, with the next sensible step as a button.
#include "features.hpp"
#include "handlers/context.hpp"

namespace flipside::handlers {

namespace {

Reply show_help(Context& ctx, const Event&) {
  auto m = ctx.message("help.title");
  m.header(ctx.text("help.title")).text(ctx.text("help.intro"));
  std::string list = ctx.text("help.commands");
  for (const auto& c : ctx.router().commands()) {
    if (c.managers_only) continue;
    list += "\n`" + c.usage + "`: " + ctx.text("help.command." + c.verb);
  }
  m.text(list);
  if (ctx.is_manager()) {
    std::string managers = ctx.text("help.manager_commands");
    for (const auto& c : ctx.router().commands()) {
      if (c.managers_only) managers += "\n`" + c.usage + "`: " + ctx.text("help.command." + c.verb);
    }
    m.text(managers);
  }
  const bool joined = ctx.people().participant(ctx.person().id).has_value();
  if (joined) {
    m.buttons({{ctx.text("help.button.profile"), "profile.show", "", ui::Style::normal}});
  } else {
    m.context(ctx.text("help.start_hint"));
    m.buttons({{ctx.text("help.button.join"), "join.start", "", ui::Style::primary}});
  }
  m.context(ctx.text("help.footer"));
  return Reply::say(std::move(m));
}

}  // namespace

void register_help(Router& router) {
  router.command({"help", "help", "what I can do"}, show_help);
}

std::vector<templates::TemplateSpec> help_templates(const Router& router) {
  std::vector<templates::TemplateSpec> specs = {
      {"help.title", {}},          {"help.intro", {}},           {"help.commands", {}},
      {"help.footer", {}},         {"help.start_hint", {}},      {"help.button.join", {}},
      {"help.button.profile", {}}, {"help.manager_commands", {}}};
  for (const auto& c : router.commands()) specs.push_back({"help.command." + c.verb, {}});
  return specs;
}

}  // namespace flipside::handlers
