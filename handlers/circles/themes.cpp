#include "handlers/circles/themes.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <string_view>

namespace flipside::handlers::circles {

namespace {

// English, like the templates: words too common to be a theme. Short words (under four letters)
// are dropped anyway.
constexpr std::array<std::string_view, 60> kFiller = {
    "about", "after", "again", "also",   "been",  "before", "being", "both",   "could", "didn",
    "does",  "doesn", "done",  "each",   "even",  "every",  "from",  "have",   "into",  "just",
    "keep",  "kept",  "like",  "made",   "make",  "many",   "more",  "most",   "much",  "need",
    "only",  "other", "over",  "really", "same",  "should", "some",  "still",  "than",  "that",
    "their", "them",  "then",  "there",  "these", "they",   "thing", "things", "this",  "very",
    "want",  "well",  "went",  "were",   "what",  "when",   "which", "while",  "with",  "would"};

bool is_filler(std::string_view word) {
  return std::find(kFiller.begin(), kFiller.end(), word) != kFiller.end();
}

std::set<std::string> words_of(const std::string& text) {
  std::set<std::string> out;
  std::string word;
  auto flush = [&] {
    if (word.size() >= 4 && !is_filler(word)) out.insert(word);
    word.clear();
  };
  for (unsigned char c : text) {
    if (std::isalpha(c) || c >= 0x80) {  // bytes of non-ASCII letters stay inside the word
      word += static_cast<char>(std::tolower(c));
    } else {
      flush();
    }
  }
  flush();
  return out;
}

}  // namespace

std::vector<Theme> common_themes(const std::vector<std::string>& answers, std::size_t max_themes) {
  std::map<std::string, int> counts;
  for (const auto& a : answers)
    for (const auto& w : words_of(a)) ++counts[w];
  std::vector<Theme> themes;
  for (const auto& [word, n] : counts)
    if (n >= 2) themes.push_back({word, n});
  std::stable_sort(themes.begin(), themes.end(),
                   [](const Theme& a, const Theme& b) { return a.answers > b.answers; });
  if (themes.size() > max_themes) themes.resize(max_themes);
  return themes;
}

}  // namespace flipside::handlers::circles
