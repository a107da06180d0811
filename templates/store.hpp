#pragma once
// Message wording as data. Templates are JSON files of "id": "text with {placeholders}" (a list
// of strings is joined with newlines). Defaults are built in; a directory given at start-up
// overrides them, so a program manager can change wording without recompiling.
#include <nlohmann/json_fwd.hpp>

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "resources.hpp"

namespace flipside::templates {

// What the code promises to supply for one template id.
struct TemplateSpec {
  std::string id;
  std::set<std::string> placeholders;
};

class TemplateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using Vars = std::map<std::string, std::string>;

// A survey as data (a JSON document with "$kind": "survey"): the questions, their kinds and
// options. Handlers turn it into a ui::Form; options can come from the programme ("options_from").
struct SurveyOption {
  std::string label;
  std::string value;
};
struct SurveyQuestion {
  std::string id;
  std::string kind = "text";  // text, multiline, select, multi_select, number, time_zone, date
  std::string label;
  std::string hint;
  std::string placeholder;
  bool required = true;
  std::size_t max_length = 200;
  std::optional<long> min;
  std::optional<long> max;
  std::vector<SurveyOption> options;
  std::string options_from;  // a named list the handler supplies, e.g. "programme_skills"
};
struct Survey {
  std::string id;
  std::string title;
  std::string intro;
  std::string submit = "Submit";
  std::vector<SurveyQuestion> questions;
};
// What the code needs of a survey: it exists and has these question ids.
struct SurveySpec {
  std::string id;
  std::set<std::string> questions;
};

class TemplateStore {
 public:
  // The built-in templates, then any *.json in `override_dir` (if not empty) on top.
  // Throws TemplateError naming the file and the problem.
  static TemplateStore load(const std::string& override_dir = "");
  // Adds one JSON document (a file's contents); `origin` names it in errors.
  void add_document(std::string_view origin, std::string_view json_text, bool allow_override);

  // Every spec'd id must exist and use only the placeholders the code supplies.
  // Throws TemplateError listing every problem found.
  void validate(const std::vector<TemplateSpec>& specs) const;

  // Fills {placeholders} from `vars`. Unknown ids throw (validate() at start-up rules that out).
  std::string render(const std::string& id, const Vars& vars = {}) const;
  bool has(const std::string& id) const { return texts_.contains(id); }
  // nullptr if no such survey.
  const Survey* survey(const std::string& id) const;
  // A named list of options shared by surveys ("$kind": "option_lists" documents); empty if none.
  const std::vector<SurveyOption>& option_list(const std::string& name) const;
  void validate_surveys(const std::vector<SurveySpec>& specs) const;
  std::size_t size() const { return texts_.size(); }
  // The resource hub (templates/resources/): the entries that passed their checks, and the ones
  // flagged at load time. An override directory with resources replaces the built-in list.
  const ResourceCatalogue& resources() const { return resources_; }

 private:
  std::map<std::string, std::string> texts_;
  std::map<std::string, std::string> origins_;
  std::map<std::string, Survey> surveys_;
  std::map<std::string, std::vector<SurveyOption>> option_lists_;
  ResourceCatalogue resources_;
  bool resources_overridden_ = false;
  void add_survey(std::string_view origin, const nlohmann::json& doc);
};

// The placeholder names in a template text, e.g. {"name", "role"}.
std::set<std::string> placeholders_in(std::string_view text);

}  // namespace flipside::templates
