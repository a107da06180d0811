// Agendas before each session, from templates/agendas/: the first session (get to know each
// other, agree goals), the middle ones (the programme's focus and the check-in questions), the last
// (reflection and wrap-up), with the pair's open goals and last action items filled in, and up to
// three links from the resource hub that fit the pair (issue #8).
#include <nlohmann/json.hpp>

#include "bot/core/time_zones.hpp"
#include "handlers/features.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "handlers/pairs/sessions.hpp"
#include "handlers/programmes/programme_form.hpp"
#include "handlers/resources/resource_finder.hpp"
#include "storage/intakes.hpp"

namespace flipside::handlers {

namespace {
// Sessions in the programme's last three weeks get the wrap-up agenda.
constexpr auto kWrapUpWindow = std::chrono::days{21};
// An agenda suggests a few resources, not a reading list.
constexpr std::size_t kAgendaResources = 3;

// What the pair is about: the programme's focus, what the mentee said they want to learn and hope
// for (their intake), and the goals the pair agreed.
PairInterests interests_of(Context& ctx, const storage::ActivePair& pair,
                           const std::optional<storage::Programme>& programme,
                           const std::string& goal_text) {
  PairInterests interests;
  if (programme) interests.focus_areas = split_list(programme->focus_areas);
  interests.words = goal_text;
  if (auto intake = storage::IntakeRepository(ctx.db()).find(pair.mentee_id, pair.programme_id)) {
    auto answers = nlohmann::json::parse(intake->answers, nullptr, false);
    auto answer = [&](const char* id) {
      auto it = answers.is_object() ? answers.find(id) : answers.end();
      return it != answers.end() && it->is_string() ? it->get<std::string>() : std::string{};
    };
    for (const char* id : {"learns", "learns_other"})
      for (auto& skill : split_list(answer(id))) interests.skills.push_back(std::move(skill));
    interests.words += "\n" + answer("goals");
  }
  return interests;
}

// "Worth a look:" and up to three links that fit the pair, or "" when none does.
std::string agenda_resources(Context& ctx, const PairInterests& interests) {
  std::string links;
  for (const auto* r : resources_for(ctx.templates().resources(), interests, kAgendaResources))
    links += "\n" + ctx.text("agenda.resource", {{"title", r->title}, {"url", r->url}});
  return links.empty() ? links : "\n" + ctx.text("agenda.resources", {{"links", links}});
}
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
  std::string goals, goal_text;
  for (const auto& g : life.goals(pair.id, true)) {
    goals += "\n• " + g.specific + " (" + std::to_string(g.progress) + "%)";
    goal_text += "\n" + g.specific + " " + g.relevant;
  }
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
                       {"actions", actions.empty() ? ctx.text("agenda.no_actions") : actions}}) +
         agenda_resources(ctx, interests_of(ctx, pair, programme, goal_text));
}

std::vector<templates::TemplateSpec> agenda_templates() {
  const std::set<std::string> vars = {"partner", "number", "goals", "actions"};
  std::vector<templates::TemplateSpec> specs = {{"agenda.first", vars},
                                                {"agenda.middle", vars},
                                                {"agenda.last", vars},
                                                {"agenda.no_goals", {}},
                                                {"agenda.no_actions", {}},
                                                {"agenda.resources", {"links"}},
                                                {"agenda.resource", {"title", "url"}}};
  for (const char* focus :
       {"digital_skills", "ai_data", "ways_of_working", "dei", "sustainability", "culture"})
    specs.push_back({std::string("agenda.middle.") + focus, vars});
  return specs;
}

}  // namespace flipside::handlers
