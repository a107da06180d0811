// `dashboard`: a programme manager's way into the web dashboard without a password. The reply is
// a single-use link that expires after 15 minutes; opening it starts an 8-hour browser session
// (bot/dashboard/dashboard_route.cpp). Only the link token's SHA-256 is stored.
#include <spdlog/spdlog.h>

#include "features.hpp"
#include "handlers/context.hpp"
#include "storage/dashboard.hpp"

namespace flipside::handlers {

namespace {

constexpr auto kLinkLifetime = std::chrono::minutes{15};

Reply dashboard_link(Context& ctx, const Event&) {
  const auto token =
      storage::DashboardRepository(ctx.db()).issue_link(ctx.person().id, ctx.now(), kLinkLifetime);
  auto m = ctx.message("dashboard.link");
  m.header(ctx.text("dashboard.link.title"));
  m.text(ctx.text("dashboard.link", {{"link", ctx.public_url() + "/dashboard/login/" + token},
                                     {"minutes", std::to_string(kLinkLifetime.count())}}));
  spdlog::info("event=dashboard_link_issued person_id={}", ctx.person().id);
  return Reply::say(std::move(m));
}

}  // namespace

void register_dashboard_link(Router& router) {
  router.command({"dashboard", "dashboard", "a sign-in link to the web dashboard", true},
                 dashboard_link);
}

std::vector<templates::TemplateSpec> dashboard_templates() {
  return {{"dashboard.link.title", {}}, {"dashboard.link", {"link", "minutes"}}};
}

}  // namespace flipside::handlers
