#include "handlers/resources/resource_finder.hpp"

#include <algorithm>
#include <cctype>

#include "bot/core/text.hpp"

namespace flipside::handlers {

namespace {

// `needle`'s words appear together in `haystack` (both topic keys).
bool contains_words(const std::string& haystack, const std::string& needle) {
  if (needle.empty()) return false;
  return (" " + haystack + " ").find(" " + needle + " ") != std::string::npos;
}

bool selects(const TopicName& name, const std::string& key) {
  return std::find(name.keys.begin(), name.keys.end(), key) != name.keys.end();
}

}  // namespace

std::string topic_key(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c >= 0x80) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<const templates::Resource*> resources_under(
    const templates::ResourceCatalogue& catalogue, const TopicName& name) {
  std::vector<const templates::Resource*> out;
  for (const auto& r : catalogue.entries()) {
    const auto& names = name.is_skill ? r.skills : r.topics;
    if (std::any_of(names.begin(), names.end(),
                    [&](const std::string& n) { return topic_key(n) == name.keys.front(); }))
      out.push_back(&r);
  }
  return out;
}

const TopicName* find_topic(const std::vector<TopicName>& names, std::string_view query) {
  const auto key = topic_key(query);
  if (key.empty()) return nullptr;
  for (const auto& name : names)
    if (selects(name, key)) return &name;
  return nullptr;
}

std::string closest_topic(const std::vector<TopicName>& names, std::string_view query) {
  const auto key = topic_key(query);
  if (key.empty()) return {};
  // A typo: one edit in a short word, two (or a sixth of the letters) in a longer one. Short
  // words get none: "ai" is two edits from "dei" but means something else.
  const std::size_t allowed = key.size() <= 3   ? 0
                              : key.size() <= 5 ? 1
                                                : std::max<std::size_t>(2, key.size() / 6);
  std::string best;
  std::size_t best_distance = allowed + 1;
  for (const auto& name : names)
    for (const auto& k : name.keys)
      if (auto d = edit_distance(key, k); d < best_distance) {
        best_distance = d;
        best = name.label;
      }
  if (!best.empty()) return best;
  // A word of a longer name: "listening" -> "Active listening".
  for (const auto& name : names)
    for (const auto& k : name.keys)
      if (contains_words(k, key)) return name.label;
  return {};
}

std::vector<const templates::Resource*> resources_for(const templates::ResourceCatalogue& catalogue,
                                                      const PairInterests& pair,
                                                      std::size_t limit) {
  std::vector<std::string> focus, skills;
  for (const auto& f : pair.focus_areas) focus.push_back(topic_key(f));
  for (const auto& s : pair.skills)
    if (auto k = topic_key(s); !k.empty()) skills.push_back(k);
  const auto words = topic_key(pair.words);

  std::vector<std::pair<int, const templates::Resource*>> scored;
  for (const auto& r : catalogue.entries()) {
    int score = 0;
    for (const auto& t : r.topics)
      if (std::find(focus.begin(), focus.end(), topic_key(t)) != focus.end()) score += 1;
    for (const auto& s : r.skills) {
      const auto key = topic_key(s);
      // "generative ai" (a skill id) is what "Generative AI tools" teaches, and the reverse.
      const bool learns = std::any_of(skills.begin(), skills.end(), [&](const std::string& k) {
        return contains_words(key, k) || contains_words(k, key);
      });
      if (learns || contains_words(words, key)) score += 2;
    }
    if (score > 0) scored.emplace_back(score, &r);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<const templates::Resource*> out;
  for (const auto& [score, r] : scored) {
    if (out.size() == limit) break;
    out.push_back(r);
  }
  return out;
}

}  // namespace flipside::handlers
