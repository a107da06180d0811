#include "delivery.hpp"

#include <spdlog/spdlog.h>

#include <set>

#include "bot/slack/block_kit.hpp"

namespace flipside::slack {

namespace {
// Errors that waiting will not fix: the recipient is gone or unreachable for us.
const std::set<std::string> kPermanent = {
    "channel_not_found", "not_in_channel",   "is_archived",      "user_not_found",
    "user_disabled",     "account_inactive", "cannot_dm_bot",    "invalid_blocks",
    "msg_too_long",      "no_text",          "invalid_arguments"};
}  // namespace

SlackDelivery::SlackDelivery(
    std::shared_ptr<WebApi> api, const Clock& clock,
    std::function<void(const std::string&, const std::string&, const std::string&)> remember_dm)
    : api_(std::move(api)), clock_(clock), remember_dm_(std::move(remember_dm)) {}

DeliveryResult SlackDelivery::to_delivery(const ApiResult& r, const char* method) const {
  switch (r.kind) {
    case ApiResult::Kind::ok:
      return DeliveryResult::sent();
    case ApiResult::Kind::rate_limited:
      return DeliveryResult::retry(std::string(method) + ": 429", r.retry_after);
    case ApiResult::Kind::server_error:
    case ApiResult::Kind::network_error:
      return DeliveryResult::retry(std::string(method) + ": " + r.error);
    case ApiResult::Kind::slack_error:
      if (kPermanent.contains(r.error))
        return DeliveryResult::permanent(std::string(method) + ": " + r.error);
      // invalid_auth, missing_scope, ...: an operator can fix these; keep the message meanwhile.
      return DeliveryResult::retry(std::string(method) + ": " + r.error);
  }
  return DeliveryResult::retry("unknown");
}

std::string SlackDelivery::dm_channel(const storage::OutboxItem& item, DeliveryResult& failure) {
  const auto key = item.address.workspace + "/" + item.user_id;
  {
    std::lock_guard lock(mutex_);
    if (auto it = dm_channels_.find(key); it != dm_channels_.end()) return it->second;
  }
  auto r = api_->call("conversations.open", {{"users", item.user_id}});
  if (!r.ok()) {
    failure = to_delivery(r, "conversations.open");
    return {};
  }
  auto channel = r.body["channel"].value("id", "");
  if (channel.empty()) {
    failure = DeliveryResult::retry("conversations.open: no channel id");
    return {};
  }
  {
    std::lock_guard lock(mutex_);
    dm_channels_[key] = channel;
  }
  if (remember_dm_) remember_dm_(item.address.workspace, item.user_id, channel);
  return channel;
}

DeliveryResult SlackDelivery::deliver(const storage::OutboxItem& item, const ui::Message& message) {
  if (item.address.conversation_id == kHomeSurface) {
    return to_delivery(
        api_->call("views.publish", {{"user_id", item.user_id}, {"view", render_home(message)}}),
        "views.publish");
  }
  std::string channel = item.address.conversation_id;
  if (channel.empty()) {
    DeliveryResult failure;
    channel = dm_channel(item, failure);
    if (channel.empty()) return failure;
  }
  {
    // About one message a second per channel; a burst is spread out by the outbox's retry time.
    std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    auto it = last_post_.find(channel);
    if (it != last_post_.end() && now - it->second < std::chrono::seconds{1}) {
      return DeliveryResult::defer("paced: one message a second per channel",
                                   std::chrono::seconds{1});
    }
    last_post_[channel] = now;
  }
  for (auto& part : render_messages(message)) {
    part["channel"] = channel;
    part["unfurl_links"] = false;
    auto result = to_delivery(api_->call("chat.postMessage", part), "chat.postMessage");
    if (result.outcome != DeliveryResult::Outcome::sent) return result;
  }
  return DeliveryResult::sent();
}

}  // namespace flipside::slack
