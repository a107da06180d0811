// `export [programme]`: a programme manager's CSV download of one programme (participants, pairs,
// sessions, goals, the anonymous pulse aggregates and the impact figures), through links that
// expire after an hour. A programme smaller than the anonymity threshold is not exported: its pulse
// figures would be about too few people, and its other files add little a manager cannot see in
// chat.
#include <spdlog/spdlog.h>

#include "bot/core/text.hpp"
#include "bot/core/time_zones.hpp"
#include "handlers/audit.hpp"
#include "handlers/features.hpp"
#include "handlers/pulse/pulse.hpp"
#include "storage/exports.hpp"
#include "storage/programme_status.hpp"

namespace flipside::handlers {

namespace {

constexpr auto kLinkLifetime = std::chrono::hours{1};
constexpr const char* kFiles[] = {"participants", "pairs", "sessions", "goals", "pulse", "impact"};

Reply export_programme(Context& ctx, const Event& e) {
  const auto name = trim(e.args);
  const auto programme = ctx.programmes().named_or_newest(name);
  if (!programme) return say(ctx, "export.no_programme", {{"name", name}});
  const auto figures =
      storage::ProgrammeStatusRepository(ctx.db()).figures(programme->id, ctx.now());
  const int k = pulse_policy(*programme).min_group;
  if (figures.mentors + figures.mentees < k)
    return say(ctx, "export.too_small",
               {{"programme", programme->name},
                {"count", std::to_string(figures.mentors + figures.mentees)},
                {"k", std::to_string(k)}});
  const auto expires = ctx.now() + kLinkLifetime;
  const auto token = storage::ExportRepository(ctx.db()).create_link(programme->id, ctx.person().id,
                                                                     ctx.now(), expires);
  audit(ctx, "export", {.programme_id = programme->id});
  spdlog::info("event=export_link programme_id={} by={}", programme->id, ctx.person().id);
  std::string links;
  for (const char* file : kFiles)
    links += "\n• " + ctx.public_url() + "/export/" + token + "/" + file + ".csv";
  auto m = ctx.message("export.links");
  m.header(ctx.text("export.title", {{"programme", programme->name}}));
  m.text(ctx.text("export.links",
                  {{"links", links}, {"until", format_local(expires, ctx.person().time_zone)}}));
  return Reply::say(std::move(m));
}

}  // namespace

void register_export(Router& router) {
  router.command({"export", "export [programme]", "download a programme's data as CSV", true},
                 export_programme);
}

std::vector<templates::TemplateSpec> export_templates() {
  return {{"export.no_programme", {"name"}},
          {"export.too_small", {"programme", "count", "k"}},
          {"export.title", {"programme"}},
          {"export.links", {"links", "until"}}};
}

}  // namespace flipside::handlers
