#pragma once
// Slack Socket Mode: Slack pushes events, slash commands and interactions down a WebSocket the bot
// opens itself, so no public URL is needed. The client fetches a WebSocket URL with the app-level
// token (apps.connections.open), acks every envelope, swaps to a fresh connection when Slack asks,
// and reconnects with backoff when the connection drops. Beast, Asio and OpenSSL stay inside
// socket_mode.cpp.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace flipside::slack {

struct SocketModeOptions {
  std::string app_token;  // xapp-...
  std::string api_url;    // Web API base ending in '/', e.g. "https://slack.com/api/"
  std::chrono::milliseconds min_backoff{500};
  std::chrono::milliseconds max_backoff{30000};
};

// Called for each envelope with its type ("events_api" | "slash_commands" | "interactive") and its
// payload. Returns the payload to put in the ack (for slash commands / interactive responses), or
// nullopt for a bare ack. Runs on the client's I/O thread; Slack wants the ack within 3 seconds.
using EnvelopeHandler = std::function<std::optional<nlohmann::json>(const std::string& type,
                                                                    const nlohmann::json& payload)>;

class SocketModeClient {
 public:
  SocketModeClient(SocketModeOptions options, EnvelopeHandler handler);
  ~SocketModeClient();  // stops
  SocketModeClient(const SocketModeClient&) = delete;
  SocketModeClient& operator=(const SocketModeClient&) = delete;

  // Connects on a background thread, reconnecting for ever until stop(). Call once.
  void start();
  // Closes the socket and joins; returns promptly even mid-reconnect. Not from inside the handler.
  void stop();
  bool connected() const;                  // true between "hello" and a disconnect
  std::size_t connections_opened() const;  // how many times a WebSocket was opened (for tests)

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;  // shared: an abandoned URL fetch may briefly outlive the client
};

}  // namespace flipside::slack
