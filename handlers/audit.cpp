// `audit [programme]`: what programme managers did, newest first: who paused, ended, paired,
// unpaired, closed or changed managers, and when. Each entry is written by the handler that acted,
// in the same transaction as the action, so the log cannot miss one that happened.
#include "handlers/audit.hpp"

#include "bot/core/text.hpp"
#include "bot/core/time_zones.hpp"
#include "handlers/features.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "storage/audit.hpp"

namespace flipside::handlers {

namespace {

constexpr int kEntriesShown = 30;

constexpr const char* kActions[] = {"pair.pause",      "pair.nudge",      "pair.resume",
                                    "pair.end",        "pair.manual",     "pair.unpair",
                                    "programme.close", "programme.purge", "manager.add",
                                    "manager.remove",  "export"};

std::string subject_text(Context& ctx, const storage::AuditEntry& e) {
  if (e.subject_pair_id) {
    if (auto pair = storage::PairLifeRepository(ctx.db()).any_pair(*e.subject_pair_id))
      return person_name(ctx, pair->mentor_id) + " & " + person_name(ctx, pair->mentee_id);
  }
  if (e.subject_person_id) return person_name(ctx, *e.subject_person_id);
  if (e.programme_id) {
    if (auto p = ctx.programmes().find(*e.programme_id)) return p->name;
  }
  return "?";
}

Reply list(Context& ctx, const Event& e) {
  const auto name = trim(e.args);
  std::optional<storage::Programme> programme;
  if (!name.empty()) {
    programme = ctx.programmes().find_by_name(name);
    if (!programme) return say(ctx, "audit.no_programme", {{"name", name}});
  }
  const auto entries = storage::AuditRepository(ctx.db()).recent(
      programme ? std::optional<std::int64_t>(programme->id) : std::nullopt, kEntriesShown);
  auto m = ctx.message("audit.list");
  m.header(
      ctx.text("audit.title", {{"scope", programme ? programme->name : ctx.text("audit.all")}}));
  if (entries.empty()) {
    m.text(ctx.text("audit.empty"));
    return Reply::say(std::move(m));
  }
  std::string lines;
  for (const auto& entry : entries) {
    const auto actor =
        entry.actor_id ? person_name(ctx, *entry.actor_id) : ctx.text("audit.system");
    const auto what =
        ctx.text("audit.action." + entry.action, {{"subject", subject_text(ctx, entry)}});
    lines += ctx.text("audit.entry", {{"when", format_local(entry.at, ctx.person().time_zone)},
                                      {"actor", actor},
                                      {"what", what}});
    if (!entry.detail.empty()) lines += ctx.text("audit.reason", {{"reason", entry.detail}});
    lines += "\n";
  }
  m.text(lines);
  return Reply::say(std::move(m));
}

}  // namespace

void audit(Context& ctx, const std::string& action, const AuditSubject& subject,
           const std::string& detail) {
  storage::AuditEntry entry;
  entry.at = ctx.now();
  if (ctx.person().id != 0) entry.actor_id = ctx.person().id;
  entry.action = action;
  entry.programme_id = subject.programme_id;
  entry.subject_person_id = subject.person_id;
  entry.subject_pair_id = subject.pair_id;
  entry.detail = detail;
  storage::AuditRepository(ctx.db()).record(entry);
}

void register_audit(Router& router) {
  router.command({"audit", "audit [programme]", "what managers did, and when", true}, list);
}

std::vector<templates::TemplateSpec> audit_templates() {
  std::vector<templates::TemplateSpec> specs = {{"audit.title", {"scope"}},
                                                {"audit.all", {}},
                                                {"audit.empty", {}},
                                                {"audit.system", {}},
                                                {"audit.no_programme", {"name"}},
                                                {"audit.list", {}},
                                                {"audit.entry", {"when", "actor", "what"}},
                                                {"audit.reason", {"reason"}}};
  for (const char* action : kActions)
    specs.push_back({std::string("audit.action.") + action, {"subject"}});
  return specs;
}

}  // namespace flipside::handlers
