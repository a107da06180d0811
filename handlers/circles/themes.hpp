#pragma once
// The themes of a mentor-circle round (issue #8): words that recur across several mentors'
// answers. Pure: no database, no chat.
#include <cstddef>
#include <string>
#include <vector>

namespace flipside::handlers::circles {

struct Theme {
  std::string word;
  int answers = 0;  // how many answers use it
};

// Words of four or more letters, other than common English filler, that appear in at least two
// answers, the most widespread first (then alphabetically), at most `max_themes`. A word counts
// once per answer, so one talkative mentor cannot make a theme alone.
std::vector<Theme> common_themes(const std::vector<std::string>& answers,
                                 std::size_t max_themes = 5);

}  // namespace flipside::handlers::circles
