#pragma once
// Maps events to handlers by kind and "feature.verb" id, like Bolt's app.command / app.action /
// app.view. Ids are unique: registering one twice is a start-up bug, so it throws.
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "event.hpp"
#include "reply.hpp"

namespace flipside {

class Context;  // handlers/context.hpp: storage, clock and templates for one event
using Handler = std::function<Reply(Context&, const Event&)>;

struct CommandInfo {
  std::string verb;
  std::string usage;    // "join [mentor|mentee]"
  std::string summary;  // one line for `help`
  bool managers_only = false;
};

// Who may trigger a route. The dispatcher refuses manager routes to everyone else, so a handler
// behind one never checks again (and a forged button click from a non-manager is refused too).
enum class Access { everyone, managers };

class Router {
 public:
  void command(CommandInfo info, Handler h);
  void action(std::string id, Handler h, Access access = Access::everyone);
  void form(std::string id, Handler h, Access access = Access::everyone);
  void job(std::string route, Handler h);

  // nullptr when nothing is registered for the event.
  const Handler* find(const Event& e) const;

  const std::vector<CommandInfo>& commands() const { return commands_; }
  bool managers_only(const Event& e) const { return managers_only_.contains({e.kind, e.name}); }
  bool has(EventKind kind, const std::string& id) const;
  std::vector<std::string> ids(EventKind kind) const;
  // The registered verb closest to a mistyped one ("jion" -> "join"), or "" if none is close.
  std::string closest_command(const std::string& verb) const;

 private:
  void add(EventKind kind, std::string id, Handler h);
  std::map<std::pair<EventKind, std::string>, Handler> routes_;
  std::vector<CommandInfo> commands_;
  std::set<std::pair<EventKind, std::string>> managers_only_;
};

}  // namespace flipside
