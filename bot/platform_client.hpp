#pragma once
// What the outbox dispatcher needs from a platform: deliver one message to one address.
// Slack, Teams and the console each implement it; handlers never see it.
#include <chrono>
#include <optional>
#include <string>

#include "bot/core/ui.hpp"
#include "storage/outbox.hpp"

namespace flipside {

struct DeliveryResult {
  // deferred: not tried at all (e.g. paced to respect a rate limit); does not count as an attempt.
  enum class Outcome { sent, retry, deferred, permanent_failure };
  Outcome outcome = Outcome::sent;
  std::optional<std::chrono::seconds> retry_after;  // the platform's Retry-After, if it gave one
  std::string error;  // for the log and the row; never message content
  // The platform says the person blocked the bot: stop addressing them and tell their managers.
  bool recipient_blocked = false;

  static DeliveryResult sent() { return {}; }
  static DeliveryResult retry(std::string error,
                              std::optional<std::chrono::seconds> after = std::nullopt) {
    return {Outcome::retry, after, std::move(error)};
  }
  static DeliveryResult defer(std::string why, std::chrono::seconds until) {
    return {Outcome::deferred, until, std::move(why)};
  }
  static DeliveryResult permanent(std::string error) {
    return {Outcome::permanent_failure, std::nullopt, std::move(error)};
  }
  static DeliveryResult blocked(std::string error) {
    return {Outcome::permanent_failure, std::nullopt, std::move(error), true};
  }
};

// An outbox address whose conversation_id is this names the person's home surface (Slack's App
// Home tab) rather than a chat: the message replaces what the tab shows.
inline constexpr const char* kHomeSurface = "@home";

class PlatformClient {
 public:
  virtual ~PlatformClient() = default;
  virtual DeliveryResult deliver(const storage::OutboxItem& item, const ui::Message& message) = 0;
};

}  // namespace flipside
