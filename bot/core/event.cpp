#include "event.hpp"

#include <algorithm>
#include <cctype>

namespace flipside {

std::string_view to_string(Platform p) {
  switch (p) {
    case Platform::console:
      return "console";
    case Platform::slack:
      return "slack";
    case Platform::teams:
      return "teams";
  }
  return "unknown";
}

std::optional<Platform> platform_from_string(std::string_view s) {
  if (s == "console") return Platform::console;
  if (s == "slack") return Platform::slack;
  if (s == "teams") return Platform::teams;
  return std::nullopt;
}

std::string_view to_string(EventKind k) {
  switch (k) {
    case EventKind::command:
      return "command";
    case EventKind::action:
      return "action";
    case EventKind::form:
      return "form";
    case EventKind::scheduled:
      return "scheduled";
  }
  return "unknown";
}

namespace {
bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}
}  // namespace

Event command_from_text(std::string_view text) {
  Event e;
  e.kind = EventKind::command;
  e.text = std::string(text);
  auto rest = trim(text);
  // People often type the slash command's name or a leading slash into a DM.
  if (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  if (rest.starts_with("flipside") && (rest.size() == 8 || is_space(rest[8]))) {
    rest = trim(rest.substr(8));
  }
  auto end = std::find_if(rest.begin(), rest.end(), is_space);
  e.name.assign(rest.begin(), end);
  std::transform(e.name.begin(), e.name.end(), e.name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  e.args = std::string(trim(std::string_view(end, rest.end())));
  return e;
}

}  // namespace flipside
