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
