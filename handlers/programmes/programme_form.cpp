#include "programme_form.hpp"
#include "bot/core/text.hpp"

#include <algorithm>
#include <set>

#include "bot/core/time_zones.hpp"

namespace flipside::handlers {

namespace {

constexpr const char* kFocusAreas[] = {"digital_skills", "ai_data", "ways_of_working", "dei",
                                       "sustainability", "culture"};

std::string field(const std::map<std::string, std::string>& fields, const std::string& key) {
  auto it = fields.find(key);
  return it == fields.end() ? std::string{} : trim(it->second);
}

}  // namespace

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find_first_of(",\n;", start);
    auto item =
        trim(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (!item.empty() && seen.insert(lower(item)).second) out.push_back(item);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

std::string normalise_list(const std::string& text) {
  std::string out;
  for (const auto& item : split_list(text)) out += (out.empty() ? "" : ", ") + item;
  return out;
}

storage::Programme default_programme(Context& ctx) {
  storage::Programme p;
  // The Monday after today (in the manager's zone): a programme rarely starts the same week.
  auto today = std::chrono::sys_days{local_date(ctx.now(), ctx.person().time_zone)};
  auto monday = today + std::chrono::days{1};
  while (std::chrono::weekday{monday} != std::chrono::Monday) monday += std::chrono::days{1};
  p.start_date = date_text(std::chrono::year_month_day{monday});
  p.focus_areas = "digital_skills";
  p.skills = ctx.text("programme.default_skills");
  return p;
}

ui::Form programme_form(Context& ctx, const storage::Programme& initial, bool editing) {
  ui::Form f;
  f.form_id = editing ? "programme.edit" : "programme.create";
  f.title = ctx.text(editing ? "programme.form.title_edit" : "programme.form.title");
  f.submit_label = ctx.text(editing ? "programme.form.save" : "programme.form.create");
  std::vector<ui::Option> focus;
  for (const char* area : kFocusAreas)
    focus.push_back({ctx.text(std::string("programme.focus.") + area), area});
  f.inputs = {
      {.id = "name",
       .label = ctx.text("programme.form.name"),
       .placeholder = ctx.text("programme.form.name_placeholder"),
       .initial = initial.name,
       .max_length = 80},
      {.id = "focus_areas",
       .label = ctx.text("programme.form.focus"),
       .kind = ui::InputKind::multi_select,
       .initial = initial.focus_areas,
       .options = focus},
      {.id = "skills",
       .label = ctx.text("programme.form.skills"),
       .kind = ui::InputKind::multiline,
       .hint = ctx.text("programme.form.skills_hint"),
       .initial = initial.skills,
       .max_length = 2000},
      {.id = "start_date",
       .label = ctx.text("programme.form.start"),
       .kind = ui::InputKind::date,
       .initial = initial.start_date},
      {.id = "length_months",
       .label = ctx.text("programme.form.length"),
       .kind = ui::InputKind::number,
       .hint = ctx.text("programme.form.length_hint"),
       .initial = std::to_string(initial.length_months),
       .min = 3,
       .max = 6},
      {.id = "cadence",
       .label = ctx.text("programme.form.cadence"),
       .kind = ui::InputKind::select,
       .initial = initial.cadence,
       .options = {{ctx.text("programme.cadence.weekly"), "weekly"},
                   {ctx.text("programme.cadence.biweekly"), "biweekly"},
                   {ctx.text("programme.cadence.monthly"), "monthly"}}},
      {.id = "session_minutes",
       .label = ctx.text("programme.form.session"),
       .kind = ui::InputKind::select,
       .initial = std::to_string(initial.session_minutes),
       .options = {{"30 min", "30"}, {"45 min", "45"}, {"60 min", "60"}, {"90 min", "90"}}},
      {.id = "matching_mode",
       .label = ctx.text("programme.form.mode"),
       .kind = ui::InputKind::select,
       .hint = ctx.text("programme.form.mode_hint"),
       .initial = initial.matching_mode,
       .options = {{ctx.text("programme.mode.shortlist"), "shortlist"},
                   {ctx.text("programme.mode.direct"), "direct"}}},
      {.id = "co_managers",
       .label = ctx.text("programme.form.managers"),
       .hint = ctx.text("programme.form.managers_hint"),
       .placeholder = "lee@example.com, sam@example.com",
       .required = false,
       .max_length = 500},
  };
  return f;
}

ProgrammeSubmission read_programme_form(Context& ctx,
                                        const std::map<std::string, std::string>& fields,
                                        std::int64_t editing_id) {
  ProgrammeSubmission out;
  std::map<std::string, std::string> values;
  for (const char* key : {"name", "focus_areas", "skills", "start_date", "length_months", "cadence",
                          "session_minutes", "matching_mode", "co_managers"})
    values[key] = field(fields, key);
  out.errors = ui::validate(programme_form(ctx, default_programme(ctx), editing_id != 0), values);

  auto programmes = ctx.programmes();
  if (!out.errors.contains("name")) {
    auto same = programmes.find_by_name(values["name"]);
    if (same && same->id != editing_id)
      out.errors["name"] = ctx.text("programme.error.name_taken", {{"name", same->name}});
  }
  if (!out.errors.contains("start_date") && editing_id == 0) {
    auto today = local_date(ctx.now(), ctx.person().time_zone);
    if (*parse_date(values["start_date"]) < today)
      out.errors["start_date"] = ctx.text("programme.error.start_past");
  }
  if (split_list(values["skills"]).size() < 3)
    out.errors["skills"] = ctx.text("programme.error.few_skills");
  for (const auto& email : split_list(values["co_managers"])) {
    auto person = ctx.people().find_by_email(email);
    if (!person) {
      out.errors["co_managers"] = ctx.text("programme.error.unknown_manager", {{"email", email}});
      break;
    }
    out.co_managers.push_back(person->id);
  }
  if (!out.errors.empty()) return out;

  auto& p = out.programme;
  p.id = editing_id;
  p.name = values["name"];
  p.focus_areas = values["focus_areas"];
  p.skills = normalise_list(values["skills"]);
  p.start_date = values["start_date"];
  p.length_months = std::stoi(values["length_months"]);
  p.cadence = values["cadence"];
  p.session_minutes = std::stoi(values["session_minutes"]);
  p.matching_mode = values["matching_mode"];
  return out;
}

}  // namespace flipside::handlers
