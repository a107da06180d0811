#include "resources.hpp"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "bot/core/text.hpp"
#include "store.hpp"

namespace flipside::templates {

namespace {

constexpr std::size_t kMaxNoteChars = 280;

bool is_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == ':' ||
         static_cast<unsigned char>(c) >= 0x80;  // internationalised names
}

// A list of non-empty strings, or the reason it is not one.
std::string read_words(const nlohmann::json& entry, const char* key,
                       std::vector<std::string>& out) {
  if (!entry.contains(key)) return {};
  const auto& value = entry.at(key);
  if (!value.is_array()) return std::string(key) + " must be a list of words";
  for (const auto& item : value) {
    if (!item.is_string() || trim(item.get<std::string>()).empty())
      return std::string(key) + " must be a list of non-empty words";
    out.push_back(trim(item.get<std::string>()));
  }
  return {};
}

std::string required_text(const nlohmann::json& entry, const char* key, std::string& out) {
  if (!entry.contains(key)) return "missing " + std::string(key);
  if (!entry.at(key).is_string()) return std::string(key) + " must be text";
  out = trim(entry.at(key).get<std::string>());
  if (out.empty()) return std::string(key) + " is empty";
  return {};
}

// The entry as a Resource, or the first reason it cannot be offered.
std::string read_entry(const nlohmann::json& entry, Resource& r) {
  if (!entry.is_object()) return "an entry must be an object with title, url, kind and topics";
  if (auto why = required_text(entry, "title", r.title); !why.empty()) return why;
  if (auto why = required_text(entry, "url", r.url); !why.empty()) return why;
  if (auto why = required_text(entry, "kind", r.kind); !why.empty()) return why;
  if (auto why = url_problem(r.url); !why.empty()) return why;
  r.kind = lower(r.kind);
  if (std::find(std::begin(kResourceKinds), std::end(kResourceKinds), r.kind) ==
      std::end(kResourceKinds)) {
    std::string kinds;
    for (auto k : kResourceKinds) kinds += (kinds.empty() ? "" : ", ") + std::string(k);
    return "kind \"" + r.kind + "\" is not one of " + kinds;
  }
  if (auto why = read_words(entry, "topics", r.topics); !why.empty()) return why;
  if (auto why = read_words(entry, "skills", r.skills); !why.empty()) return why;
  if (r.topics.empty() && r.skills.empty())
    return "needs at least one topic or skill, or nobody can find it";
  if (entry.contains("note")) {
    if (!entry.at("note").is_string()) return "note must be text";
    r.note = trim(entry.at("note").get<std::string>());
    if (r.note.size() > kMaxNoteChars)
      return "note is longer than " + std::to_string(kMaxNoteChars) + " characters";
  }
  return {};
}

}  // namespace

std::string url_problem(std::string_view url) {
  const std::string quoted = "url \"" + std::string(url) + "\"";
  for (char c : url) {
    if (std::isspace(static_cast<unsigned char>(c)) || std::iscntrl(static_cast<unsigned char>(c)))
      return quoted + " contains a space or a control character";
    if (c == '<' || c == '>' || c == '|' || c == '"')
      return quoted + " contains " + std::string(1, c) + ", which breaks chat links";
  }
  const auto scheme_end = url.find("://");
  const auto scheme =
      scheme_end == std::string_view::npos ? std::string{} : lower(url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https")
    return quoted + " is not an absolute http(s) link (it must start with https://)";
  const auto rest = url.substr(scheme_end + 3);
  const auto host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty()) return quoted + " has no host";
  if (!std::all_of(host.begin(), host.end(), is_host_char) || host.front() == '.' ||
      host.front() == '-' || host.front() == ':')
    return quoted + " has an invalid host \"" + std::string(host) + "\"";
  return {};
}

void ResourceCatalogue::add_document(std::string_view origin, const nlohmann::json& doc) {
  const std::string file(origin);
  if (!doc.contains("resources") || !doc.at("resources").is_array())
    throw TemplateError(file + ": a resources file needs \"resources\": [ ... ]");
  std::size_t number = 0;
  for (const auto& entry : doc.at("resources")) {
    ++number;
    Resource r;
    auto why = read_entry(entry, r);
    std::string label = "entry " + std::to_string(number);
    if (!r.title.empty()) label += " (\"" + r.title + "\")";
    if (why.empty()) {
      const auto title = lower(r.title);
      for (std::size_t i = 0; i < entries_.size(); ++i)
        if (lower(entries_[i].title) == title) {
          why = "duplicate title, first defined in " + entry_origins_[i];
          break;
        }
    }
    if (!why.empty()) {
      // The reason quotes only catalogue data (titles, links), never anything a person typed.
      spdlog::warn("event=resource_flagged file={:?} entry={:?} reason={:?}", file, label, why);
      problems_.push_back({file, label, why});
      continue;
    }
    entries_.push_back(std::move(r));
    entry_origins_.push_back(file + " " + label);
  }
}

void ResourceCatalogue::clear() {
  entries_.clear();
  entry_origins_.clear();
  problems_.clear();
}

}  // namespace flipside::templates
