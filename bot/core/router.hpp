#pragma once
// Maps events to handlers by kind and "feature.verb" id, like Bolt's app.command / app.action /
// app.view. Ids are unique: registering one twice is a start-up bug, so it throws.
#include <functional>
#include <map>
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

class Router {
 public:
  void command(CommandInfo info, Handler h);
  void action(std::string id, Handler h);
  void form(std::string id, Handler h);
  void job(std::string route, Handler h);

  // nullptr when nothing is registered for the event.
  const Handler* find(const Event& e) const;

  const std::vector<CommandInfo>& commands() const { return commands_; }
  bool has(EventKind kind, const std::string& id) const;
  std::vector<std::string> ids(EventKind kind) const;
  // The registered verb closest to a mistyped one ("jion" -> "join"), or "" if none is close.
  std::string closest_command(const std::string& verb) const;

 private:
  void add(EventKind kind, std::string id, Handler h);
  std::map<std::pair<EventKind, std::string>, Handler> routes_;
  std::vector<CommandInfo> commands_;
};

}  // namespace flipside
