#include "handlers/intake/survey_form.hpp"
#include "bot/core/text.hpp"

#include <algorithm>

#include "bot/core/time_zones.hpp"
#include "handlers/programmes/programme_form.hpp"

namespace flipside::handlers {

namespace {

ui::InputKind kind_of(const std::string& kind) {
  if (kind == "multiline") return ui::InputKind::multiline;
  if (kind == "select") return ui::InputKind::select;
  if (kind == "multi_select") return ui::InputKind::multi_select;
  if (kind == "number") return ui::InputKind::number;
  if (kind == "time_zone") return ui::InputKind::time_zone;
  if (kind == "date") return ui::InputKind::date;
  return ui::InputKind::text;
}

bool plausible_email(const std::string& s) {
  auto at = s.find('@');
  return at != std::string::npos && at > 0 && s.find('.', at) != std::string::npos &&
         s.find(' ') == std::string::npos && s.back() != '.';
}

}  // namespace

std::string skill_value(const std::string& label) {
  std::string out;
  for (unsigned char c : label) {
    if (std::isalnum(c)) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::vector<templates::SurveyOption> programme_skill_options(const storage::Programme& p) {
  std::vector<templates::SurveyOption> out;
  for (const auto& label : split_list(p.skills)) out.push_back({label, skill_value(label)});
  return out;
}

ui::Form survey_to_form(const templates::Survey& survey, const templates::TemplateStore& store,
                        const std::vector<templates::SurveyOption>& programme_skills,
                        const std::string& form_id,
                        const std::map<std::string, std::string>& values) {
  ui::Form f;
  f.form_id = form_id;
  f.title = survey.title;
  f.submit_label = survey.submit;
  for (const auto& q : survey.questions) {
    ui::Input in{.id = q.id,
                 .label = q.label,
                 .kind = kind_of(q.kind),
                 .hint = q.hint,
                 .placeholder = q.placeholder,
                 .required = q.required,
                 .max_length = q.max_length,
                 .min = q.min,
                 .max = q.max};
    const auto& options = q.options_from == "programme_skills" ? programme_skills
                          : q.options_from.empty()             ? q.options
                                                               : store.option_list(q.options_from);
    for (const auto& o : options) in.options.push_back({o.label, o.value});
    if (auto it = values.find(q.id); it != values.end()) in.initial = it->second;
    f.inputs.push_back(std::move(in));
  }
  return f;
}

std::map<std::string, std::string> trimmed_values(
    const ui::Form& form, const std::map<std::string, std::string>& fields) {
  std::map<std::string, std::string> out;
  for (const auto& in : form.inputs) {
    auto it = fields.find(in.id);
    out[in.id] = it == fields.end() ? "" : trim(it->second);
  }
  return out;
}

void check_intake_rules(Context& ctx, std::map<std::string, std::string>& values,
                        ui::FormErrors& errors) {
  if (!errors.contains("availability") &&
      std::count(values["availability"].begin(), values["availability"].end(), ',') < 1)
    errors["availability"] = ctx.text("intake.error.availability");
  auto& manager = values["manager_email"];
  manager = lower(manager);
  if (!manager.empty() && !errors.contains("manager_email")) {
    if (!plausible_email(manager))
      errors["manager_email"] = ctx.text("intake.error.manager_email");
    else if (manager == lower(ctx.person().email))
      errors["manager_email"] = ctx.text("intake.error.own_email");
  }
  if (!errors.contains("time_zone")) values["time_zone"] = canonical_time_zone(values["time_zone"]);
}

}  // namespace flipside::handlers
