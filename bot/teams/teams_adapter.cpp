#include "teams_adapter.hpp"

#include <spdlog/spdlog.h>

#include "bot/core/json_fields.hpp"
#include "bot/core/time_zones.hpp"
#include "bot/core/ui_json.hpp"
#include "bot/teams/adaptive_card.hpp"
#include "bot/teams/connector.hpp"
#include "bot/teams/delivery.hpp"
#include "storage/outbox.hpp"
#include "storage/people.hpp"

namespace flipside::teams {

using nlohmann::json;

namespace {

// "<at>Flipside</at> join" -> " join": the mention of the bot is not part of the command.
std::string without_mentions(std::string text) {
  for (auto open = text.find("<at>"); open != std::string::npos; open = text.find("<at>")) {
    auto close = text.find("</at>", open);
    if (close == std::string::npos) break;
    text.erase(open, close + 5 - open);
  }
  return text;
}

// The client's IANA time zone, which Teams sends in a clientInfo entity with each message.
std::string client_time_zone(const json& activity) {
  auto entities = activity.find("entities");
  if (entities == activity.end() || !entities->is_array()) return {};
  for (const auto& entity : *entities) {
    if (entity.is_object() && json_string(entity, "type") == "clientInfo")
      return canonical_time_zone(json_string(entity, "timezone"));
  }
  return {};
}

// The card data an Action.Submit or Action.Execute carries, as an Event (or nothing we know).
std::optional<Event> event_from_card_data(const json& data) {
  if (!data.is_object()) return std::nullopt;
  Event e;
  if (auto form_id = json_string(data, "form_id"); !form_id.empty()) {
    e.kind = EventKind::form;
    e.name = form_id;
    for (const auto& [k, v] : data.items()) {
      if (k == "form_id") continue;
      if (v.is_string()) e.fields[k] = v.get<std::string>();
      if (v.is_number()) e.fields[k] = v.dump();
    }
    return e;
  }
  if (auto action_id = json_string(data, "action_id"); !action_id.empty()) {
    e.kind = EventKind::action;
    e.name = action_id;
    // A button carries its value; a select's choice arrives under the select's input id.
    e.args = data.contains("value") ? json_string(data, "value")
                                    : json_string(data, select_input_id(action_id).c_str());
    return e;
  }
  return std::nullopt;
}

// Teams shows no inline errors for a submitted card: answer with what to fix.
ui::Message errors_message(const ui::FormErrors& errors) {
  ui::Message m;
  m.template_id = "form.errors";
  std::string text;
  for (const auto& [input, problem] : errors) text += (text.empty() ? "" : "\n") + problem;
  m.text("⚠️ " + text);
  return m;
}

}  // namespace

TeamsAdapter::TeamsAdapter(Dispatcher& dispatcher, storage::Database& db, const Clock& clock,
                           TeamsOptions options, Authenticator authenticate,
                           std::function<void()> after_commit)
    : dispatcher_(dispatcher),
      db_(db),
      clock_(clock),
      options_(std::move(options)),
      authenticate_(std::move(authenticate)),
      after_commit_(std::move(after_commit)),
      connector_(std::make_shared<Connector>(
          ConnectorOptions{options_.app_id, options_.app_password, options_.token_url,
                           options_.allow_unauthenticated && options_.app_password.empty()},
          clock_)) {}

TeamsAdapter::~TeamsAdapter() = default;

void TeamsAdapter::register_routes(http::Router& router) {
  router.add("POST", "/api/messages", [this](const http::Request& r) { return handle_http(r); });
}

std::shared_ptr<PlatformClient> TeamsAdapter::client() {
  return std::make_shared<TeamsDelivery>(
      connector_, clock_,
      [this](const std::string& tenant, const std::string& user_id,
             const std::string& conversation) {
        db_.transact([&](SQLite::Database& db) {
          storage::PeopleRepository(db).remember_direct_conversation(
              {Platform::teams, tenant, user_id, "", "", ""}, conversation);
        });
      });
}

http::Response TeamsAdapter::handle_http(const http::Request& request) {
  if (!http::lower(request.header("content-type")).starts_with("application/json")) {
    return http::Response::json_error(415, "expected Content-Type: application/json");
  }
  json activity = json::parse(request.body, nullptr, false);
  if (activity.is_discarded() || !activity.is_object())
    return http::Response::json_error(400, "malformed JSON activity");
  const auto authorization = request.header("authorization");
  // The Agents Playground sends no token at all; that is accepted only with the development switch.
  if (!(authorization.empty() && options_.allow_unauthenticated)) {
    auto auth = authenticate_ ? authenticate_(authorization, json_string(activity, "channelId"),
                                              json_string(activity, "serviceUrl"))
                              : AuthResult{false, 401, "no authenticator configured"};
    if (!auth.ok) {
      spdlog::warn("event=teams_rejected status={} reason=\"{}\" remote={}", auth.status,
                   auth.reason, request.remote_address);
      return http::Response::json_error(auth.status, auth.reason);
    }
  }
  return handle_activity(activity);
}

http::Response TeamsAdapter::handle_activity(const json& a) {
  const auto type = json_string(a, "type");
  const auto id = json_string(a, "id");
  const auto from = json_nested_string(a, "from", "id");
  const auto conversation = json_nested_string(a, "conversation", "id");
  const auto service_url = json_string(a, "serviceUrl");
  if (type.empty()) return http::Response::json_error(400, "activity has no type");
  if (type != "message" && type != "invoke" && type != "conversationUpdate" &&
      type != "installationUpdate") {
    spdlog::debug("event=teams_ignored type={}", type);
    return http::Response::text(200, "");
  }
  if (id.empty() || from.empty() || conversation.empty() || service_url.empty()) {
    return http::Response::json_error(400,
                                      "activity needs id, from.id, conversation.id and serviceUrl");
  }
  auto tenant = json_nested_string(a, "conversation", "tenantId");
  if (tenant.empty() && a.contains("channelData") && a["channelData"].is_object()) {
    tenant = json_nested_string(a["channelData"], "tenant", "id");
  }
  const auto conversation_type = json_nested_string(a, "conversation", "conversationType");

  Event e;
  bool invoke = false;
  if (type == "message") {
    if (a.contains("value") && a["value"].is_object()) {
      auto from_card = event_from_card_data(a["value"]);
      if (!from_card)
        return http::Response::json_error(400, "card data has neither form_id nor action_id");
      e = *from_card;
    } else {
      e = command_from_text(without_mentions(json_string(a, "text")));
    }
  } else if (type == "invoke") {
    if (json_string(a, "name") != "adaptiveCard/action")
      return http::Response::json(200, json{{"status", 200}}.dump());
    const auto* action =
        a.contains("value") && a["value"].is_object() && a["value"].contains("action")
            ? &a["value"]["action"]
            : nullptr;
    auto from_card = action && action->is_object() && action->contains("data")
                         ? event_from_card_data((*action)["data"])
                         : std::nullopt;
    if (!from_card)
      return http::Response::json_error(400, "adaptiveCard/action without our card data");
    e = *from_card;
    invoke = true;
  } else {
    // The bot was added (conversationUpdate with the bot among membersAdded, or an install):
    // remember where to reach the person and welcome them with help.
    bool bot_added = json_string(a, "action") == "add";
    if (type == "conversationUpdate" && a.contains("membersAdded") &&
        a["membersAdded"].is_array()) {
      for (const auto& m : a["membersAdded"])
        bot_added = bot_added || json_string(m, "id") == json_nested_string(a, "recipient", "id");
    }
    if (!bot_added) return http::Response::text(200, "");
    e = command_from_text("help");
  }
  e.user = {Platform::teams,    tenant, from, json_nested_string(a, "from", "name"), "",
            client_time_zone(a)};
  e.where = {Platform::teams, tenant, conversation, service_url,
             conversation_type.empty() || conversation_type == "personal"};

  ReplySink sink = [&](SQLite::Database& db, const storage::Person& person, const Reply& reply) {
    if (invoke) return;  // answered in the HTTP response
    storage::OutboxRepository outbox(db);
    std::vector<ui::Message> messages = reply.messages;
    if (!reply.form_errors.empty()) messages.push_back(errors_message(reply.form_errors));
    for (std::size_t i = 0; i < messages.size(); ++i) {
      outbox.enqueue({"teams:" + id + ":" + std::to_string(i), person.id, e.where, e.user.user_id,
                      ui::to_json(messages[i]).dump()},
                     clock_.now());
    }
  };
  // Teams announces an install twice (installationUpdate and conversationUpdate): one welcome
  // per conversation is enough.
  const bool welcome = type == "conversationUpdate" || type == "installationUpdate";
  auto result = dispatcher_.dispatch(
      e, Dedupe{"teams", conversation + ":" + (welcome ? "welcome" : id)}, sink);
  if (after_commit_) after_commit_();
  if (!invoke) return http::Response::text(200, "");
  // Action.Execute: the answer replaces the card the person clicked.
  ui::Message shown = result.reply.messages.empty() ? ui::Message{} : result.reply.messages.front();
  if (!result.reply.form_errors.empty()) shown = errors_message(result.reply.form_errors);
  return http::Response::json(
      200,
      json{{"statusCode", 200}, {"type", kCardContentType}, {"value", render_card(shown)}}.dump());
}

}  // namespace flipside::teams
