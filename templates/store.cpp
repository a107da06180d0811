#include "store.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace flipside::embedded {
std::vector<std::pair<std::string_view, std::string_view>> template_files();
}

namespace flipside::templates {

namespace {
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}
}  // namespace

std::set<std::string> placeholders_in(std::string_view text) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') continue;
    auto close = text.find('}', i + 1);
    if (close == std::string_view::npos) break;
    auto name = text.substr(i + 1, close - i - 1);
    if (!name.empty() && std::all_of(name.begin(), name.end(), is_name_char)) {
      names.emplace(name);
      i = close;
    }
  }
  return names;
}

void TemplateStore::add_document(std::string_view origin, std::string_view json_text,
                                 bool allow_override) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::parse_error& e) {
    throw TemplateError(std::string(origin) + ": not valid JSON: " + e.what());
  }
  if (!doc.is_object())
    throw TemplateError(std::string(origin) + ": expected an object of id -> text");
  if (doc.value("$kind", "") == "survey") return add_survey(origin, doc);
  if (doc.value("$kind", "") == "resources") {
    // A manager's own list replaces the built-in one as a whole, so removing an entry works too.
    if (allow_override && !resources_overridden_) {
      resources_.clear();
      resources_overridden_ = true;
    }
    return resources_.add_document(origin, doc);
  }
  if (doc.value("$kind", "") == "option_lists") {
    try {
      for (const auto& [name, list] : doc.items()) {
        if (name.starts_with("$")) continue;
        std::vector<SurveyOption> options;
        for (const auto& o : list)
          options.push_back({o.at("label").get<std::string>(), o.at("value").get<std::string>()});
        option_lists_[name] = std::move(options);
      }
    } catch (const nlohmann::json::exception& e) {
      throw TemplateError(std::string(origin) +
                          ": option lists must be {label, value} lists: " + e.what());
    }
    return;
  }
  for (const auto& [id, value] : doc.items()) {
    if (id.starts_with("$")) continue;  // "$comment" and friends
    std::string text;
    if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_array() && std::all_of(value.begin(), value.end(),
                                               [](const auto& v) { return v.is_string(); })) {
      for (const auto& line : value) {
        if (!text.empty()) text += '\n';
        text += line.get<std::string>();
      }
    } else {
      throw TemplateError(std::string(origin) + ": \"" + id +
                          "\" must be a string or a list of strings");
    }
    if (!allow_override && texts_.contains(id)) {
      throw TemplateError(std::string(origin) + ": \"" + id + "\" is also defined in " +
                          origins_[id]);
    }
    texts_[id] = std::move(text);
    origins_[id] = std::string(origin);
  }
}

namespace {
const std::set<std::string> kQuestionKinds = {"text",   "multiline", "select", "multi_select",
                                              "number", "time_zone", "date"};

std::string text_of(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  std::string out;
  if (v.is_array())
    for (const auto& line : v) out += (out.empty() ? "" : "\n") + line.get<std::string>();
  return out;
}
}  // namespace

void TemplateStore::add_survey(std::string_view origin, const nlohmann::json& doc) {
  const std::string where(origin);
  try {
    Survey s;
    s.id = doc.at("id").get<std::string>();
    s.title = text_of(doc.at("title"));
    s.intro = text_of(doc.value("intro", nlohmann::json("")));
    s.submit = doc.value("submit", s.submit);
    std::set<std::string> ids;
    for (const auto& q : doc.at("questions")) {
      SurveyQuestion question;
      question.id = q.at("id").get<std::string>();
      question.kind = q.value("kind", question.kind);
      question.label = q.at("label").get<std::string>();
      question.hint = q.value("hint", "");
      question.placeholder = q.value("placeholder", "");
      question.required = q.value("required", true);
      question.max_length = q.value("max_length", question.max_length);
      if (q.contains("min")) question.min = q["min"].get<long>();
      if (q.contains("max")) question.max = q["max"].get<long>();
      question.options_from = q.value("options_from", "");
      for (const auto& o : q.value("options", nlohmann::json::array()))
        question.options.push_back(
            {o.at("label").get<std::string>(), o.at("value").get<std::string>()});
      if (!kQuestionKinds.contains(question.kind))
        throw TemplateError(where + ": question \"" + question.id + "\" has unknown kind \"" +
                            question.kind + "\"");
      const bool choice = question.kind == "select" || question.kind == "multi_select";
      if (choice && question.options.empty() && question.options_from.empty())
        throw TemplateError(where + ": question \"" + question.id + "\" needs options");
      if (!ids.insert(question.id).second)
        throw TemplateError(where + ": question \"" + question.id + "\" appears twice");
      s.questions.push_back(std::move(question));
    }
    surveys_[s.id] = std::move(s);
  } catch (const nlohmann::json::exception& e) {
    throw TemplateError(where + ": not a valid survey: " + e.what());
  }
}

const Survey* TemplateStore::survey(const std::string& id) const {
  auto it = surveys_.find(id);
  return it == surveys_.end() ? nullptr : &it->second;
}

const std::vector<SurveyOption>& TemplateStore::option_list(const std::string& name) const {
  static const std::vector<SurveyOption> kNone;
  auto it = option_lists_.find(name);
  return it == option_lists_.end() ? kNone : it->second;
}

void TemplateStore::validate_surveys(const std::vector<SurveySpec>& specs) const {
  std::vector<std::string> problems;
  for (const auto& spec : specs) {
    const auto* s = survey(spec.id);
    if (s == nullptr) {
      problems.push_back("missing survey \"" + spec.id + "\"");
      continue;
    }
    for (const auto& id : spec.questions) {
      if (std::none_of(s->questions.begin(), s->questions.end(),
                       [&](const SurveyQuestion& q) { return q.id == id; }))
        problems.push_back("survey \"" + spec.id + "\" lacks question \"" + id + "\"");
    }
  }
  if (problems.empty()) return;
  std::string message = "surveys are broken:";
  for (const auto& p : problems) message += "\n  - " + p;
  throw TemplateError(message);
}

TemplateStore TemplateStore::load(const std::string& override_dir) {
  TemplateStore store;
  for (const auto& [name, text] : embedded::template_files()) {
    store.add_document("built-in " + std::string(name), text, false);
  }
  if (override_dir.empty()) return store;
  namespace fs = std::filesystem;
  if (!fs::is_directory(override_dir)) {
    throw TemplateError("templates directory " + override_dir + " does not exist");
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(override_dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file);
    std::stringstream buffer;
    buffer << in.rdbuf();
    store.add_document(file.string(), buffer.str(), true);
  }
  return store;
}

void TemplateStore::validate(const std::vector<TemplateSpec>& specs) const {
  std::vector<std::string> problems;
  for (const auto& spec : specs) {
    auto it = texts_.find(spec.id);
    if (it == texts_.end()) {
      problems.push_back("missing template \"" + spec.id + "\"");
      continue;
    }
    for (const auto& name : placeholders_in(it->second)) {
      if (!spec.placeholders.contains(name)) {
        problems.push_back(origins_.at(spec.id) + ": \"" + spec.id + "\" uses {" + name +
                           "}, which is not available there");
      }
    }
  }
  if (problems.empty()) return;
  std::string message = "templates are broken:";
  for (const auto& p : problems) message += "\n  - " + p;
  throw TemplateError(message);
}

std::string TemplateStore::render(const std::string& id, const Vars& vars) const {
  auto it = texts_.find(id);
  if (it == texts_.end()) throw TemplateError("unknown template " + id);
  const std::string& text = it->second;
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      auto close = text.find('}', i + 1);
      if (close != std::string::npos) {
        auto var = vars.find(text.substr(i + 1, close - i - 1));
        if (var != vars.end()) {
          out += var->second;
          i = close;
          continue;
        }
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace flipside::templates
