#pragma once
// Message wording as data. Templates are JSON files of "id": "text with {placeholders}" (a list
// of strings is joined with newlines). Defaults are built in; a directory given at start-up
// overrides them, so a program manager can change wording without recompiling.
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

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
  std::size_t size() const { return texts_.size(); }

 private:
  std::map<std::string, std::string> texts_;
  std::map<std::string, std::string> origins_;
};

// The placeholder names in a template text, e.g. {"name", "role"}.
std::set<std::string> placeholders_in(std::string_view text);

}  // namespace flipside::templates
