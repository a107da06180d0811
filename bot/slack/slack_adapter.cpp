#include "slack_adapter.hpp"

#include <spdlog/spdlog.h>

#include "bot/core/json_fields.hpp"
#include "bot/core/ui_json.hpp"
#include "bot/slack/block_kit.hpp"
#include "bot/slack/delivery.hpp"
#include "bot/slack/profile_refresher.hpp"
#include "bot/slack/signature.hpp"
#include "bot/slack/web_api.hpp"
#include "storage/outbox.hpp"
#include "storage/people.hpp"

namespace flipside::slack {

using nlohmann::json;

namespace {

ConversationRef conversation(const std::string& team, const std::string& channel) {
  // Slack DM channel ids start with D; only those are remembered as the way to reach a person.
  return {Platform::slack, team, channel, "", channel.empty() || channel.front() == 'D'};
}

UserRef user(const std::string& team, const std::string& id) {
  return {Platform::slack, team, id, "", "", ""};
}

// A reply that is just a form, to be opened as a modal.
const ui::Form* form_in(const Reply& reply) {
  for (const auto& m : reply.messages) {
    for (const auto& b : m.blocks) {
      if (auto* f = std::get_if<ui::Form>(&b)) return f;
    }
  }
  return nullptr;
}

json parse_form_body(const std::string& body) {
  json out = json::object();
  for (auto& [k, v] : http::parse_form(body)) out[k] = std::move(v);
  return out;
}

// Strips the bot's own mention from "<@U123> join" so the rest reads as a command.
std::string without_mentions(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "<@") == 0) {
      auto close = text.find('>', i);
      if (close != std::string::npos) {
        i = close;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

http::Response to_http(const Ack& ack) {
  if (!ack.body) return http::Response::text(ack.status, "");
  return http::Response::json(ack.status, ack.body->dump());
}

}  // namespace

SlackAdapter::SlackAdapter(Dispatcher& dispatcher, storage::Database& db, const Clock& clock,
                           SlackOptions options, std::function<void()> after_commit)
    : dispatcher_(dispatcher),
      db_(db),
      clock_(clock),
      options_(std::move(options)),
      after_commit_(std::move(after_commit)),
      api_(std::make_shared<WebApi>(options_.api_url, options_.bot_token)),
      refresher_(std::make_unique<ProfileRefresher>(
          std::make_shared<WebApi>(options_.api_url, options_.bot_token), db_, clock_)) {}

SlackAdapter::~SlackAdapter() {
  stop();
}

const std::vector<std::string>& SlackAdapter::handled_events() {
  static const std::vector<std::string> events = {"app_home_opened", "app_mention", "message.im"};
  return events;
}

void SlackAdapter::start() {
  refresher_->start();
}
void SlackAdapter::stop() {
  refresher_->stop();
}
int SlackAdapter::refresh_profiles_now() {
  return refresher_->drain();
}

void SlackAdapter::register_routes(http::Router& router) {
  router.add("POST", "/slack/events", [this](const http::Request& r) { return handle_http(r); });
}

std::shared_ptr<PlatformClient> SlackAdapter::client() {
  // A separate API handle: deliveries must not queue behind the acknowledgement path.
  return std::make_shared<SlackDelivery>(
      std::make_shared<WebApi>(options_.api_url, options_.bot_token), clock_,
      [this](const std::string& team, const std::string& user_id, const std::string& channel) {
        db_.transact([&](SQLite::Database& db) {
          storage::PeopleRepository(db).remember_direct_conversation(user(team, user_id), channel);
        });
      });
}

http::Response SlackAdapter::handle_http(const http::Request& request) {
  const auto check = verify(options_.signing_secret, request.header("x-slack-request-timestamp"),
                            request.header("x-slack-signature"), request.body, clock_.now());
  if (check != SignatureCheck::ok) {
    spdlog::warn("event=slack_rejected reason=\"{}\" remote={}", describe(check),
                 request.remote_address);
    auto r = http::Response::json_error(401, describe(check));
    r.headers.emplace_back("X-Slack-No-Retry", "1");
    return r;
  }
  const auto content_type = http::lower(request.header("content-type"));
  if (content_type.starts_with("application/x-www-form-urlencoded")) {
    auto form = parse_form_body(request.body);
    if (form.value("ssl_check", "") == "1") return http::Response::text(200, "");
    if (form.contains("payload")) {
      json payload;
      try {
        payload = json::parse(form["payload"].get<std::string>());
      } catch (const json::parse_error& e) {
        return http::Response::json_error(400, std::string("malformed payload JSON: ") + e.what());
      }
      if (!payload.is_object())
        return http::Response::json_error(400, "payload must be a JSON object");
      return to_http(handle("interactive", payload));
    }
    if (form.contains("command")) return to_http(handle("slash_commands", form));
    return http::Response::json_error(400, "expected a slash command or an interactivity payload");
  }
  if (content_type.starts_with("application/json")) {
    json body;
    try {
      body = json::parse(request.body);
    } catch (const json::parse_error& e) {
      return http::Response::json_error(400, std::string("malformed JSON: ") + e.what());
    }
    if (!body.is_object()) return http::Response::json_error(400, "expected a JSON object");
    if (json_string(body, "type") == "url_verification") {
      return http::Response::json(200, json{{"challenge", json_string(body, "challenge")}}.dump());
    }
    return to_http(handle("events_api", body));
  }
  return http::Response::json_error(
      415, "expected application/x-www-form-urlencoded or application/json");
}

Ack SlackAdapter::handle(const std::string& kind, const json& payload) {
  if (kind == "slash_commands") return slash_command(payload);
  if (kind == "interactive") return interactive(payload);
  if (kind == "events_api") return event_callback(payload);
  spdlog::debug("event=slack_ignored kind={}", kind);
  return {};
}

void SlackAdapter::open_modal(const std::string& trigger_id, const ui::Form& form,
                              const ConversationRef& where) {
  // The one call made before acknowledging: a trigger id expires three seconds after the click.
  auto r =
      api_->call("views.open",
                 {{"trigger_id", trigger_id},
                  {"view", render_modal(form, json{{"channel", where.conversation_id}}.dump())}});
  if (!r.ok()) spdlog::warn("event=slack_views_open_failed error={}", r.error);
}

DispatchResult SlackAdapter::run(const Event& event, const std::string& dedupe_id,
                                 const std::string& trigger_id, bool replies_in_ack) {
  const ui::Form* modal = nullptr;
  bool needs_profile = false;
  ReplySink sink = [&](SQLite::Database& db, const storage::Person& person, const Reply& reply) {
    storage::PeopleRepository people(db);
    auto refreshed = people.profile_refreshed_at(event.user);
    needs_profile = !refreshed || clock_.now() - *refreshed > std::chrono::hours{24 * 7};
    modal = trigger_id.empty() ? nullptr : form_in(reply);
    if (modal || replies_in_ack) return;
    storage::OutboxRepository outbox(db);
    const bool home = event.where.conversation_id == kHomeSurface;
    for (std::size_t i = 0; i < reply.messages.size(); ++i) {
      ConversationRef to = event.where;
      storage::OutboxItem item{"slack:" + dedupe_id + ":" + std::to_string(i), person.id, to,
                               event.user.user_id, ui::to_json(reply.messages[i]).dump()};
      if (home && i > 0) break;  // the Home tab shows one view
      outbox.enqueue(item, clock_.now());
    }
  };
  auto result = dispatcher_.dispatch(event, Dedupe{"slack", dedupe_id}, sink);
  if (!result.duplicate && modal) open_modal(trigger_id, *modal, event.where);
  if (needs_profile) refresher_->request(event.user);
  if (after_commit_) after_commit_();
  return result;
}

Ack SlackAdapter::slash_command(const json& p) {
  const auto team = json_string(p, "team_id");
  const auto user_id = json_string(p, "user_id");
  if (team.empty() || user_id.empty())
    return {400, json{{"ok", false}, {"error", "team_id and user_id are required"}}};
  Event e = command_from_text(unwrap_mailto_links(json_string(p, "text")));
  e.user = user(team, user_id);
  e.where = conversation(team, json_string(p, "channel_id"));
  const auto trigger = json_string(p, "trigger_id");
  auto result = run(
      e, "cmd:" + (trigger.empty() ? team + ":" + user_id + ":" + json_string(p, "text") : trigger),
      trigger, true);
  if (result.duplicate || result.reply.messages.empty() || form_in(result.reply)) return {};
  // The reply travels in the acknowledgement, visible only to the person who typed the command.
  ui::Message combined;
  combined.template_id = result.reply.messages.front().template_id;
  for (const auto& m : result.reply.messages) {
    if (!combined.blocks.empty()) combined.divider();
    combined.blocks.insert(combined.blocks.end(), m.blocks.begin(), m.blocks.end());
  }
  auto parts = render_messages(combined);
  auto body = std::move(parts.front());
  body["response_type"] = "ephemeral";
  return {200, std::move(body)};
}

Ack SlackAdapter::interactive(const json& p) {
  const auto type = json_string(p, "type");
  const auto user_id = json_nested_string(p, "user", "id");
  auto team = json_nested_string(p, "team", "id");
  if (team.empty()) team = json_nested_string(p, "user", "team_id");
  if (user_id.empty() || team.empty())
    return {400, json{{"ok", false}, {"error", "user and team are required"}}};
  const auto trigger = json_string(p, "trigger_id");

  if (type == "block_actions") {
    if (json_nested_string(p, "container", "type") == "view" &&
        json_nested_string(p, "view", "type") == "modal")
      return {};  // inputs in a modal
    auto channel = json_nested_string(p, "channel", "id");
    if (channel.empty()) channel = json_nested_string(p, "container", "channel_id");
    auto actions = p.find("actions");
    if (actions == p.end() || !actions->is_array() || actions->empty())
      return {400, json{{"ok", false}, {"error", "no actions"}}};
    const auto& a = actions->front();
    Event e;
    e.kind = EventKind::action;
    e.user = user(team, user_id);
    e.where = conversation(team, channel);
    e.name = route_action_id(json_string(a, "action_id"));
    e.args = a.contains("selected_option") ? json_nested_string(a, "selected_option", "value")
                                           : json_string(a, "value");
    if (e.args == "-") e.args.clear();  // Slack needs a value on every button; "-" stands for none
    run(e, "act:" + (trigger.empty() ? json_string(a, "action_ts") : trigger), trigger, false);
    return {};
  }
  if (type == "view_submission") {
    const auto& view = p.contains("view") && p["view"].is_object() ? p["view"] : json::object();
    Event e;
    e.kind = EventKind::form;
    e.user = user(team, user_id);
    std::string channel;
    try {
      channel = json_string(json::parse(json_string(view, "private_metadata").empty()
                                            ? "{}"
                                            : json_string(view, "private_metadata")),
                            "channel");
    } catch (const json::parse_error&) {
      channel.clear();  // metadata from another app version; answer in the DM instead
    }
    e.where = conversation(team, channel);
    e.name = json_string(view, "callback_id");
    if (view.contains("state") && view["state"].is_object() && view["state"].contains("values")) {
      e.fields = submitted_values(view["state"]["values"]);
    }
    auto result =
        run(e, "view:" + json_string(view, "id") + ":" + json_string(view, "hash") + ":" + trigger,
            "", false);
    if (!result.reply.form_errors.empty()) {
      json errors = json::object();
      for (const auto& [input, message] : result.reply.form_errors) errors[input] = message;
      return {200, json{{"response_action", "errors"}, {"errors", errors}}};
    }
    return {};
  }
  if (type == "view_closed") {
    spdlog::debug("event=slack_view_closed callback_id={}",
                  json_nested_string(p, "view", "callback_id"));
    return {};
  }
  spdlog::debug("event=slack_ignored interactive_type={}", type);
  return {};
}

Ack SlackAdapter::event_callback(const json& body) {
  if (json_string(body, "type") != "event_callback") {
    spdlog::debug("event=slack_ignored type={}", json_string(body, "type"));
    return {};
  }
  const auto event_id = json_string(body, "event_id");
  const auto team = json_string(body, "team_id");
  auto it = body.find("event");
  if (event_id.empty() || team.empty() || it == body.end() || !it->is_object()) {
    return {400,
            json{{"ok", false}, {"error", "event_callback needs event_id, team_id and event"}}};
  }
  const auto& ev = *it;
  const auto type = json_string(ev, "type");
  const auto user_id = json_string(ev, "user");
  if (type == "app_home_opened") {
    if (json_string(ev, "tab") != "home" || user_id.empty()) return {};
    Event e;
    e.kind = EventKind::action;
    e.name = "home.open";
    e.user = user(team, user_id);
    e.where = {Platform::slack, team, kHomeSurface, "", false};
    run(e, event_id, "", false);
    return {};
  }
  if (type == "message" || type == "app_mention") {
    // Our own posts, edits and other subtypes come back as events too: answering them would loop.
    if (ev.contains("bot_id") || ev.contains("subtype") || user_id.empty()) return {};
    if (type == "message" && json_string(ev, "channel_type") != "im") return {};
    Event e = command_from_text(unwrap_mailto_links(without_mentions(json_string(ev, "text"))));
    e.user = user(team, user_id);
    e.where = conversation(team, json_string(ev, "channel"));
    run(e, event_id, "", false);
    return {};
  }
  spdlog::debug("event=slack_ignored event_type={}", type);
  return {};
}

}  // namespace flipside::slack
