#include "support/fake_slack.hpp"

namespace flipside::testing {

using nlohmann::json;

namespace {
json form_to_json(const std::string& body) {
  json out = json::object();
  for (auto& [k, v] : http::parse_form(body)) out[k] = std::move(v);
  return out;
}
}  // namespace

FakeSlack::FakeSlack() {
  for (const char* method :
       {"chat.postMessage", "chat.postEphemeral", "chat.update", "conversations.open", "users.info",
        "users.lookupByEmail", "views.open", "views.update", "views.push", "views.publish"}) {
    router_.add("POST", std::string("/api/") + method,
                [this, m = std::string(method)](const http::Request& r) { return answer(m, r); });
  }
  http::ServerOptions options;
  options.port = 0;
  server_ = std::make_unique<http::Server>(options, router_, metrics_);
  port_ = server_->start();
}

FakeSlack::~FakeSlack() {
  server_->stop(std::chrono::milliseconds{200});
}

std::string FakeSlack::api_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/api/";
}

void FakeSlack::fail_next(const std::string& method, ScriptedAnswer answer) {
  std::lock_guard lock(mutex_);
  script_[method].push_back(std::move(answer));
}

void FakeSlack::set_user(const std::string& id, const std::string& tz,
                         const std::string& display_name, const std::string& email) {
  std::lock_guard lock(mutex_);
  users_[id] = {{"id", id},
                {"tz", tz},
                {"real_name", display_name},
                {"profile", {{"display_name", display_name}, {"email", email}}}};
}

void FakeSlack::set_missing_scope_for_users_info() {
  std::lock_guard lock(mutex_);
  missing_scope_ = true;
}

std::vector<SlackCall> FakeSlack::calls(const std::string& method) const {
  std::lock_guard lock(mutex_);
  std::vector<SlackCall> out;
  for (const auto& c : calls_) {
    if (method.empty() || c.method == method) out.push_back(c);
  }
  return out;
}

http::Response FakeSlack::answer(const std::string& method, const http::Request& r) {
  std::lock_guard lock(mutex_);
  SlackCall call{method, json::object(), r.header("authorization")};
  if (r.header("content-type").starts_with("application/json")) {
    call.args = json::parse(r.body, nullptr, false);
  } else {
    call.args = form_to_json(r.body);
  }
  calls_.push_back(call);
  if (auto it = script_.find(method); it != script_.end() && !it->second.empty()) {
    auto scripted = it->second.front();
    it->second.pop_front();
    auto response = http::Response::json(scripted.status, scripted.body.dump());
    if (!scripted.retry_after.empty())
      response.headers.emplace_back("Retry-After", scripted.retry_after);
    return response;
  }
  json body = {{"ok", true}};
  if (method == "conversations.open")
    body["channel"] = {{"id", "D" + call.args.value("users", "X")}};
  if (method == "chat.postMessage")
    body.update({{"channel", call.args.value("channel", "")},
                 {"ts", "1.000" + std::to_string(calls_.size())}});
  if (method.starts_with("views.")) body["view"] = {{"id", "V" + std::to_string(calls_.size())}};
  if (method == "users.info") {
    if (missing_scope_)
      return http::Response::json(200, json{{"ok", false}, {"error", "missing_scope"}}.dump());
    auto user = call.args.value("user", "");
    auto it = users_.find(user);
    if (it == users_.end())
      return http::Response::json(200, json{{"ok", false}, {"error", "user_not_found"}}.dump());
    body["user"] = it->second;
  }
  return http::Response::json(200, body.dump());
}

}  // namespace flipside::testing
