// `people.blocked` (a job the outbox schedules when a platform says someone blocked the bot) and
// the shared "tell the managers" helper.
#include "handlers/notify.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <set>

#include "handlers/features.hpp"

namespace flipside::handlers {

int tell_managers(Context& ctx, std::optional<std::int64_t> programme_id, const ui::Message& m,
                  const std::string& idempotency_key) {
  std::set<std::int64_t> ids;
  if (programme_id)
    for (auto id : ctx.programmes().managers(*programme_id)) ids.insert(id);
  if (ids.empty()) {
    for (auto id : storage::ManagerRepository(ctx.db()).all()) ids.insert(id);
    for (const auto& entry : ctx.admins())
      if (auto p = ctx.people().find_by_email(entry)) ids.insert(p->id);
  }
  int reached = 0;
  for (auto id : ids)
    reached += ctx.send(id, m, idempotency_key + ":" + std::to_string(id)) ? 1 : 0;
  if (reached == 0) spdlog::warn("event=no_manager_reachable key={}", idempotency_key);
  return reached;
}

namespace {

Reply person_blocked(Context& ctx, const Event& e) {
  auto payload = nlohmann::json::parse(e.args, nullptr, false);
  const std::string platform =
      payload.is_object() ? payload.value("platform", std::string("chat")) : "chat";
  auto participant = ctx.people().participant(ctx.person().id);
  std::optional<std::int64_t> programme_id;
  if (participant) programme_id = participant->programme_id;
  auto m = ctx.message("people.blocked");
  m.text(ctx.text("people.blocked",
                  {{"name", ctx.person().display_name},
                   {"platform", ctx.text("people.platform." + platform)},
                   {"email", ctx.person().email.empty() ? "-" : ctx.person().email}}));
  tell_managers(ctx, programme_id, m,
                "people.blocked:" + std::to_string(ctx.person().id) + ":" +
                    std::to_string(to_unix(ctx.now())));
  return Reply::none();  // the person themselves cannot be reached there any more
}

}  // namespace

void register_notify(Router& router) {
  router.job("people.blocked", person_blocked);
}

std::vector<templates::TemplateSpec> notify_templates() {
  return {{"people.blocked", {"name", "platform", "email"}},
          {"people.platform.teams", {}},
          {"people.platform.slack", {}},
          {"people.platform.console", {}},
          {"people.platform.chat", {}}};
}

}  // namespace flipside::handlers
