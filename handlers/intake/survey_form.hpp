#pragma once
// Survey data (templates/intake/*.json) to a ui::Form, and the intake's own validation rules.
#include <map>
#include <string>
#include <vector>

#include "bot/core/ui.hpp"
#include "handlers/context.hpp"
#include "storage/programmes.hpp"
#include "templates/store.hpp"

namespace flipside::handlers {

// "Data visualisation" -> "data_visualisation": the stable value stored with answers.
std::string skill_value(const std::string& label);
// The programme's skill list as options (label as the manager wrote it, value its slug).
std::vector<templates::SurveyOption> programme_skill_options(const storage::Programme& p);

// `values` prefill the inputs (by question id). Lists named by a question's options_from come
// from the store's option lists, or the programme's skills for "programme_skills".
ui::Form survey_to_form(const templates::Survey& survey, const templates::TemplateStore& store,
                        const std::vector<templates::SurveyOption>& programme_skills,
                        const std::string& form_id,
                        const std::map<std::string, std::string>& values);

// The submitted value of each input of `form`, trimmed ("" when absent).
std::map<std::string, std::string> trimmed_values(const ui::Form& form,
                                                  const std::map<std::string, std::string>& fields);

// Rules beyond each input's own: at least two free slots, a plausible manager email that is not
// the person's own. Adds to `errors`; canonicalises the time zone in `values`.
void check_intake_rules(Context& ctx, std::map<std::string, std::string>& values,
                        ui::FormErrors& errors);

}  // namespace flipside::handlers
