// `manager`: program managers add and remove other managers by email. FLIPSIDE_ADMINS are
// managers from the configuration and cannot be removed in chat.
#include <spdlog/spdlog.h>

#include "features.hpp"
#include "handlers/audit.hpp"
#include "handlers/context.hpp"

namespace flipside::handlers {

namespace {

Reply list(Context& ctx) {
  storage::ManagerRepository managers(ctx.db());
  std::string lines;
  for (auto id : managers.all()) {
    auto p = ctx.people().find(id);
    if (!p) continue;
    lines += "\n• " + p->display_name + (p->email.empty() ? "" : " (" + p->email + ")");
  }
  return say(ctx, "manager.list",
             {{"managers", lines.empty() ? ctx.text("manager.list_empty") : lines}});
}

Reply command(Context& ctx, const Event& e) {
  const auto space = e.args.find(' ');
  const std::string verb = e.args.substr(0, space);
  const std::string email = space == std::string::npos ? "" : e.args.substr(space + 1);
  if (verb.empty() || verb == "list") return list(ctx);
  if ((verb != "add" && verb != "remove") || email.empty()) return say(ctx, "manager.usage");
  auto person = ctx.people().find_by_email(email);
  if (!person) return say(ctx, "manager.unknown", {{"email", email}});
  storage::ManagerRepository managers(ctx.db());
  if (verb == "add") {
    if (!managers.add(person->id, ctx.person().id, ctx.now()))
      return say(ctx, "manager.already", {{"name", person->display_name}});
    spdlog::info("event=manager_added person_id={} by={}", person->id, ctx.person().id);
    audit(ctx, "manager.add", {.person_id = person->id});
    auto note = ctx.message("manager.welcome");
    note.text(ctx.text("manager.welcome", {{"by", ctx.person().display_name}}));
    ctx.send(
        person->id, note,
        "manager.welcome:" + std::to_string(person->id) + ":" + std::to_string(to_unix(ctx.now())));
    return say(ctx, "manager.added", {{"name", person->display_name}});
  }
  if (person->id == ctx.person().id) return say(ctx, "manager.not_self");
  if (!managers.remove(person->id)) {
    return say(ctx, ctx.is_manager(person->id) ? "manager.configured" : "manager.not_manager",
               {{"name", person->display_name}});
  }
  spdlog::info("event=manager_removed person_id={} by={}", person->id, ctx.person().id);
  audit(ctx, "manager.remove", {.person_id = person->id});
  return say(ctx, "manager.removed", {{"name", person->display_name}});
}

}  // namespace

void register_admin(Router& router) {
  router.command({"manager", "manager [add|remove <email>]", "who runs programmes", true}, command);
}

std::vector<templates::TemplateSpec> admin_templates() {
  return {{"manager.list", {"managers"}},
          {"manager.list_empty", {}},
          {"manager.usage", {}},
          {"manager.unknown", {"email"}},
          {"manager.already", {"name"}},
          {"manager.added", {"name"}},
          {"manager.welcome", {"by"}},
          {"manager.not_self", {}},
          {"manager.configured", {"name"}},
          {"manager.not_manager", {"name"}},
          {"manager.removed", {"name"}}};
}

}  // namespace flipside::handlers
