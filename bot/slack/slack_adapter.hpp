#pragma once
// Slack, inbound: one request URL (/slack/events) for events, slash commands and interactivity,
// as Bolt does; the same envelopes arrive over Socket Mode. Verifies signatures on the raw body,
// dedupes retries (persisted), turns payloads into core Events, and answers within milliseconds.
// Replies travel in the acknowledgement (slash commands, modal errors) or through the outbox.
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"
#include "bot/http/http_router.hpp"
#include "bot/platform_client.hpp"
#include "handlers/dispatcher.hpp"
#include "storage/database.hpp"

namespace flipside::slack {

class WebApi;
class ProfileRefresher;

struct SlackOptions {
  std::string signing_secret;  // empty: HTTP inbound is off (Socket Mode only)
  std::string bot_token;
  std::string api_url = "https://slack.com/api/";
};

struct Ack {
  int status = 200;
  std::optional<nlohmann::json> body;  // nullopt: an empty 200
};

class SlackAdapter {
 public:
  // The Events API subscriptions this adapter acts on (the manifest must list exactly these).
  static const std::vector<std::string>& handled_events();
  static constexpr const char* kSlashCommand = "/flipside";

  SlackAdapter(Dispatcher& dispatcher, storage::Database& db, const Clock& clock,
               SlackOptions options, std::function<void()> after_commit);
  ~SlackAdapter();

  void register_routes(http::Router& router);
  http::Response handle_http(const http::Request& request);

  // The transport-independent part: `kind` is "events_api", "slash_commands" or "interactive";
  // `payload` is what Slack sends (slash command fields as a JSON object of strings).
  Ack handle(const std::string& kind, const nlohmann::json& payload);

  std::shared_ptr<PlatformClient> client();
  // Background lookup of people's names and time zones (users.info).
  void start();
  void stop();
  // Runs the queued users.info look-ups now, on this thread (tests run without background threads).
  int refresh_profiles_now();

 private:
  Ack slash_command(const nlohmann::json& payload);
  Ack interactive(const nlohmann::json& payload);
  Ack event_callback(const nlohmann::json& payload);
  // Dispatches `event`; replies go to `reply_to` through the outbox, except a form, which opens
  // as a modal when a trigger id is at hand.
  DispatchResult run(const Event& event, const std::string& dedupe_id,
                     const std::string& trigger_id, bool replies_in_ack);
  void open_modal(const std::string& trigger_id, const ui::Form& form,
                  const ConversationRef& where);

  Dispatcher& dispatcher_;
  storage::Database& db_;
  const Clock& clock_;
  SlackOptions options_;
  std::function<void()> after_commit_;
  std::shared_ptr<WebApi> api_;
  std::unique_ptr<ProfileRefresher> refresher_;
};

}  // namespace flipside::slack
