#include "delivery.hpp"

#include <spdlog/spdlog.h>

#include "bot/teams/adaptive_card.hpp"

namespace flipside::teams {

DeliveryResult classify(const ConnectorResult& r) {
  if (r.ok()) return DeliveryResult::sent();
  if (r.status == 0) return DeliveryResult::retry("connector unreachable: " + r.error);
  const auto code = r.body.is_object() && r.body.contains("error")
                        ? r.body["error"].value("code", "")
                        : std::string{};
  if (r.status == 403 && code == "MessageWritesBlocked") {
    // The person blocked the bot: sending again would only fail again.
    return DeliveryResult::blocked("MessageWritesBlocked: the person blocked the bot");
  }
  if (r.status == 429) return DeliveryResult::retry("HTTP 429", r.retry_after);
  if (r.status == 401 || r.status == 412 || r.status >= 500) {
    return DeliveryResult::retry("HTTP " + std::to_string(r.status), r.retry_after);
  }
  return DeliveryResult::permanent("HTTP " + std::to_string(r.status) +
                                   (code.empty() ? "" : " " + code));
}

TeamsDelivery::TeamsDelivery(std::shared_ptr<Connector> connector, const Clock& clock,
                             RememberConversation remember)
    : connector_(std::move(connector)), clock_(clock), remember_(std::move(remember)) {}

std::optional<std::chrono::seconds> TeamsDelivery::pace(const std::string& conversation) {
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  auto& times = sent_[conversation];
  while (!times.empty() && now - times.front() >= std::chrono::seconds{30}) times.pop_front();
  const auto in_last_second = std::count_if(
      times.begin(), times.end(), [&](TimePoint t) { return now - t < std::chrono::seconds{1}; });
  if (in_last_second >= 7) return std::chrono::seconds{1};
  if (times.size() >= 60)
    return std::chrono::duration_cast<std::chrono::seconds>(times.front() +
                                                            std::chrono::seconds{30} - now);
  times.push_back(now);
  return std::nullopt;
}

DeliveryResult TeamsDelivery::deliver(const storage::OutboxItem& item, const ui::Message& message) {
  if (item.address.service_url.empty())
    return DeliveryResult::permanent("no serviceUrl known for this person");
  std::string conversation = item.address.conversation_id;
  if (conversation.empty()) {
    auto created = connector_->create_conversation(item.address.service_url, item.address.workspace,
                                                   item.user_id);
    if (!created.ok()) return classify(created);
    conversation = created.body.is_object() ? created.body.value("id", "") : "";
    if (conversation.empty()) return DeliveryResult::retry("create conversation returned no id");
    if (remember_) remember_(item.address.workspace, item.user_id, conversation);
  }
  if (auto wait = pace(conversation))
    return DeliveryResult::defer("paced: Teams per-conversation limit", *wait);
  return classify(connector_->send(item.address.service_url, conversation, card_activity(message)));
}

}  // namespace flipside::teams
