#pragma once
// Delivers outbox rows to Slack: DMs (opening the conversation when needed), channel messages,
// and the App Home tab. Paces chat.postMessage to about one a second per channel, as Slack asks,
// by handing the row back to the outbox with a short Retry-After.
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "bot/core/clock.hpp"
#include "bot/platform_client.hpp"
#include "bot/slack/web_api.hpp"

namespace flipside::slack {

class SlackDelivery final : public PlatformClient {
 public:
  // `remember_dm` is told the DM channel opened for a user, so it can be stored.
  SlackDelivery(std::shared_ptr<WebApi> api, const Clock& clock,
                std::function<void(const std::string& team, const std::string& user,
                                   const std::string& channel)>
                    remember_dm);
  DeliveryResult deliver(const storage::OutboxItem& item, const ui::Message& message) override;

 private:
  DeliveryResult to_delivery(const ApiResult& r, const char* method) const;
  std::string dm_channel(const storage::OutboxItem& item, DeliveryResult& failure);

  std::shared_ptr<WebApi> api_;
  const Clock& clock_;
  std::function<void(const std::string&, const std::string&, const std::string&)> remember_dm_;
  std::mutex mutex_;
  std::map<std::string, std::string> dm_channels_;  // "team/user" -> D...
  std::map<std::string, TimePoint> last_post_;      // channel -> when we last posted there
};

}  // namespace flipside::slack
