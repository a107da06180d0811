#pragma once
// Real-shaped, really signed Slack requests for the adapter tests.
#include <nlohmann/json.hpp>
#include <string>

#include "bot/core/clock.hpp"
#include "bot/http/http_client.hpp"
#include "bot/slack/signature.hpp"
#include "bot/slack/web_api.hpp"

namespace flipside::testing {

inline constexpr const char* kSlackSecret = "8f742231b10e8888abcd99yyyzzz85a5";

struct SlackSender {
  std::string url;  // .../slack/events
  const Clock& clock;
  http::HttpClient client;

  http::ClientResponse post(const std::string& body, const std::string& content_type,
                            std::int64_t timestamp_offset = 0,
                            const std::string& signature_override = "",
                            const std::string& retry_num = "") {
    const auto ts = std::to_string(to_unix(clock.now()) + timestamp_offset);
    http::ClientRequest r;
    r.method = "POST";
    r.url = url;
    r.headers = {
        {"Content-Type", content_type},
        {"X-Slack-Request-Timestamp", ts},
        {"X-Slack-Signature",
         signature_override.empty() ? slack::sign(kSlackSecret, ts, body) : signature_override}};
    if (!retry_num.empty()) {
      r.headers.emplace_back("X-Slack-Retry-Num", retry_num);
      r.headers.emplace_back("X-Slack-Retry-Reason", "http_timeout");
    }
    r.body = body;
    return client.send(r);
  }

  http::ClientResponse command(const std::string& user, const std::string& text,
                               const std::string& channel = "D0USER",
                               const std::string& trigger = "") {
    return post(slack::form_encode(
                    {{"token", "legacy"},
                     {"team_id", "T1"},
                     {"team_domain", "acme"},
                     {"channel_id", channel},
                     {"channel_name", "directmessage"},
                     {"user_id", user},
                     {"user_name", "someone"},
                     {"command", "/flipside"},
                     {"text", text},
                     {"api_app_id", "A1"},
                     {"response_url", "https://hooks.slack.com/commands/T1/1/x"},
                     {"trigger_id", trigger.empty() ? "trig-" + user + "-" + text : trigger}}),
                "application/x-www-form-urlencoded");
  }

  http::ClientResponse interactive(const nlohmann::json& payload) {
    return post(slack::form_encode({{"payload", payload.dump()}}),
                "application/x-www-form-urlencoded");
  }

  http::ClientResponse event(const std::string& event_id, const nlohmann::json& event,
                             const std::string& retry_num = "") {
    nlohmann::json body = {{"token", "legacy"},
                           {"team_id", "T1"},
                           {"api_app_id", "A1"},
                           {"event", event},
                           {"type", "event_callback"},
                           {"event_id", event_id},
                           {"event_time", to_unix(clock.now())}};
    return post(body.dump(), "application/json", 0, "", retry_num);
  }

  static nlohmann::json button(const std::string& user, const std::string& action_id,
                               const std::string& value, const std::string& trigger,
                               const std::string& channel = "D0USER") {
    return {{"type", "block_actions"},
            {"user", {{"id", user}, {"team_id", "T1"}}},
            {"team", {{"id", "T1"}, {"domain", "acme"}}},
            {"api_app_id", "A1"},
            {"trigger_id", trigger},
            {"container", {{"type", "message"}, {"channel_id", channel}, {"message_ts", "1.1"}}},
            {"channel", {{"id", channel}}},
            {"actions",
             {{{"type", "button"},
               {"action_id", action_id},
               {"block_id", "b1"},
               {"value", value},
               {"action_ts", "2.2"}}}}};
  }

  static nlohmann::json submission(const std::string& user, const std::string& callback_id,
                                   const nlohmann::json& values, const std::string& view_hash) {
    return {{"type", "view_submission"},
            {"user", {{"id", user}, {"team_id", "T1"}}},
            {"team", {{"id", "T1"}}},
            {"trigger_id", "sub-" + view_hash},
            {"view",
             {{"id", "V1"},
              {"hash", view_hash},
              {"type", "modal"},
              {"callback_id", callback_id},
              {"private_metadata", R"({"channel":"D0USER"})"},
              {"state", {{"values", values}}}}}};
  }
};

}  // namespace flipside::testing
