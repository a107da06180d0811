#pragma once
// The platform-neutral shape of everything that reaches a handler. Adapters build these;
// handlers never see a Slack payload or a Teams activity.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace flipside {

enum class Platform { console, slack, teams };

std::string_view to_string(Platform p);
std::optional<Platform> platform_from_string(std::string_view s);

// A person as one platform knows them.
struct UserRef {
  Platform platform = Platform::console;
  std::string workspace;  // Slack team id, Teams tenant id, "local" for the console
  std::string user_id;
  std::string display_name;  // a hint from the platform; may be empty
  std::string email;         // a hint from the platform; may be empty
  std::string time_zone;     // IANA name if the platform told us; may be empty
};

// Where a conversation happens, enough to send to it later (proactive messages need this).
struct ConversationRef {
  Platform platform = Platform::console;
  std::string workspace;
  std::string conversation_id;
  std::string service_url;  // Teams replies go to the serviceUrl the activity came from
  // True for a one-to-one chat with the bot. Only such a conversation is remembered as the place
  // to reach a person later: a reminder must never land in a public channel.
  bool is_direct = true;
};

enum class EventKind {
  command,    // "join mentor": name = "join", args = "mentor"
  action,     // a button or select: name = action id, args = value
  form,       // a submitted form: name = form id, fields = inputs
  scheduled,  // a due job: name = job route, args = payload JSON
};

std::string_view to_string(EventKind k);

struct Event {
  EventKind kind = EventKind::command;
  UserRef user;
  ConversationRef where;
  std::string name;
  std::string args;
  std::map<std::string, std::string> fields;
  std::string text;  // the raw text typed, for commands
  // Scheduled jobs run on behalf of a person already known to storage.
  std::optional<std::int64_t> person_id;
};

// Splits "Join   mentor now" into {"join", "mentor now"}; the verb is lower-cased.
Event command_from_text(std::string_view text);

}  // namespace flipside
