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
  enum class Outcome { sent, retry, permanent_failure };
  Outcome outcome = Outcome::sent;
  std::optional<std::chrono::seconds> retry_after;  // the platform's Retry-After, if it gave one
  std::string error;  // for the log and the row; never message content

  static DeliveryResult sent() { return {}; }
  static DeliveryResult retry(std::string error,
                              std::optional<std::chrono::seconds> after = std::nullopt) {
    return {Outcome::retry, after, std::move(error)};
  }
  static DeliveryResult permanent(std::string error) {
    return {Outcome::permanent_failure, std::nullopt, std::move(error)};
  }
};

class PlatformClient {
 public:
  virtual ~PlatformClient() = default;
  virtual DeliveryResult deliver(const storage::OutboxItem& item, const ui::Message& message) = 0;
};

}  // namespace flipside
