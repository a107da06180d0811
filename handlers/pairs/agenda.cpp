// Agendas before each session, from templates/agendas/: the first session (get to know each
// other, agree goals), the middle ones (the programme's focus and the check-in questions), the last
// (reflection and wrap-up), with the pair's open goals and last action items filled in.
#include "bot/core/time_zones.hpp"
#include "handlers/features.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "handlers/pairs/sessions.hpp"
#include "handlers/programmes/programme_form.hpp"

namespace flipside::handlers {

namespace {
// Sessions in the programme's last three weeks get the wrap-up agenda.
constexpr auto kWrapUpWindow = std::chrono::days{21};
}  // namespace

std::string session_agenda(Context& ctx, const storage::ActivePair& pair,
                           const storage::Session& s) {
  auto programme = ctx.programmes().find(pair.programme_id);
  std::string stage = "middle";
  if (s.number <= 1) {
    stage = "first";
  } else if (programme && parse_date(programme->start_date)) {
    const auto end = std::chrono::sys_days{programme_end(*programme)};
    if (s.starts_at >= TimePoint{end - kWrapUpWindow}) stage = "last";
  }
  storage::PairLifeRepository life(ctx.db());
  std::string goals;
  for (const auto& g : life.goals(pair.id, true))
    goals += "\n• " + g.specific + " (" + std::to_string(g.progress) + "%)";
  const auto actions = life.last_actions(pair.id);
  // A programme focus may have its own middle agenda ("agenda.middle.dei").
  std::string id = "agenda." + stage;
  if (stage == "middle" && programme) {
    for (const auto& focus : split_list(programme->focus_areas))
      if (ctx.templates().has(id + "." + focus)) {
        id += "." + focus;
        break;
      }
  }
  return ctx.text(id, {{"partner", person_name(ctx, pair.partner_of(ctx.person().id))},
                       {"number", std::to_string(s.number)},
                       {"goals", goals.empty() ? ctx.text("agenda.no_goals") : goals},
                       {"actions", actions.empty() ? ctx.text("agenda.no_actions") : actions}});
}

std::vector<templates::TemplateSpec> agenda_templates() {
  const std::set<std::string> vars = {"partner", "number", "goals", "actions"};
  std::vector<templates::TemplateSpec> specs = {{"agenda.first", vars},
                                                {"agenda.middle", vars},
                                                {"agenda.last", vars},
                                                {"agenda.no_goals", {}},
                                                {"agenda.no_actions", {}}};
  for (const char* focus :
       {"digital_skills", "ai_data", "ways_of_working", "dei", "sustainability", "culture"})
    specs.push_back({std::string("agenda.middle.") + focus, vars});
  return specs;
}

}  // namespace flipside::handlers
