#pragma once
// Delivers outbox rows to Teams through the Bot Framework connector, within Teams' per-thread
// limits (7 a second, 60 in 30 seconds): a row over the limit waits without using an attempt.
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "bot/core/clock.hpp"
#include "bot/platform_client.hpp"
#include "bot/teams/connector.hpp"

namespace flipside::teams {

class TeamsDelivery final : public PlatformClient {
 public:
  using RememberConversation = std::function<void(
      const std::string& tenant, const std::string& user, const std::string& conversation)>;
  TeamsDelivery(std::shared_ptr<Connector> connector, const Clock& clock,
                RememberConversation remember);
  DeliveryResult deliver(const storage::OutboxItem& item, const ui::Message& message) override;

 private:
  std::optional<std::chrono::seconds> pace(const std::string& conversation);

  std::shared_ptr<Connector> connector_;
  const Clock& clock_;
  RememberConversation remember_;
  std::mutex mutex_;
  std::map<std::string, std::deque<TimePoint>> sent_;  // conversation -> recent send times
};

// How a connector answer maps onto the outbox: exported for tests.
DeliveryResult classify(const ConnectorResult& r);

}  // namespace flipside::teams
