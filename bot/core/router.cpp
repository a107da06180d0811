#include "router.hpp"

#include "text.hpp"

#include <algorithm>
#include <stdexcept>

namespace flipside {

void Router::add(EventKind kind, std::string id, Handler h) {
  auto [it, inserted] = routes_.emplace(std::pair{kind, id}, std::move(h));
  if (!inserted) {
    throw std::logic_error("route registered twice: " + std::string(to_string(kind)) + " " + id);
  }
}

void Router::command(CommandInfo info, Handler h) {
  add(EventKind::command, info.verb, std::move(h));
  if (info.managers_only) managers_only_.insert({EventKind::command, info.verb});
  commands_.push_back(std::move(info));
}
void Router::action(std::string id, Handler h, Access access) {
  if (access == Access::managers) managers_only_.insert({EventKind::action, id});
  add(EventKind::action, std::move(id), std::move(h));
}
void Router::form(std::string id, Handler h, Access access) {
  if (access == Access::managers) managers_only_.insert({EventKind::form, id});
  add(EventKind::form, std::move(id), std::move(h));
}
void Router::job(std::string route, Handler h) {
  add(EventKind::scheduled, std::move(route), std::move(h));
}

const Handler* Router::find(const Event& e) const {
  auto it = routes_.find({e.kind, e.name});
  return it == routes_.end() ? nullptr : &it->second;
}

bool Router::has(EventKind kind, const std::string& id) const {
  return routes_.contains({kind, id});
}

std::vector<std::string> Router::ids(EventKind kind) const {
  std::vector<std::string> out;
  for (const auto& [key, _] : routes_) {
    if (key.first == kind) out.push_back(key.second);
  }
  return out;
}

std::string Router::closest_command(const std::string& verb) const {
  std::string best;
  std::size_t best_distance = 3;  // more than two edits away is a different word
  for (const auto& c : commands_) {
    auto d = edit_distance(verb, c.verb);
    if (d < best_distance) {
      best_distance = d;
      best = c.verb;
    }
  }
  return best;
}

}  // namespace flipside
