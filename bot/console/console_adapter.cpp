#include "console_adapter.hpp"

#include <openssl/crypto.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "bot/console/html_renderer.hpp"
#include "bot/core/time_zones.hpp"
#include "bot/core/ui_json.hpp"
#include "storage/console_transcript.hpp"

namespace flipside::embedded {
std::vector<std::pair<std::string_view, std::string_view>> console_files();
}

namespace flipside::console {

using nlohmann::json;

namespace {

constexpr const char* kWorkspace = "local";
constexpr std::size_t kMaxTextLength = 4000;

bool valid_user_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.';
  });
}

// A bad request's reason, or the event it describes.
struct Parsed {
  std::string error;
  Event event;
  std::string event_id;
};

std::string string_field(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_string())
    throw std::invalid_argument(std::string("\"") + key + "\" must be a string");
  return it->get<std::string>();
}

Parsed parse_event(const std::string& body) {
  Parsed p;
  json j;
  try {
    j = json::parse(body);
  } catch (const json::parse_error& e) {
    p.error = std::string("malformed JSON: ") + e.what();
    return p;
  }
  if (!j.is_object()) {
    p.error = "expected a JSON object";
    return p;
  }
  try {
    if (!j.contains("user") || !j["user"].is_object())
      throw std::invalid_argument("\"user\" is required: {id, name}");
    const auto& u = j["user"];
    Event& e = p.event;
    e.user.platform = Platform::console;
    e.user.workspace = kWorkspace;
    e.user.user_id = string_field(u, "id");
    if (!valid_user_id(e.user.user_id)) {
      throw std::invalid_argument("\"user.id\" must be 1-64 letters, digits, '-', '_' or '.'");
    }
    e.user.display_name = string_field(u, "name").substr(0, 80);
    // A browser's guess: canonicalised, and ignored if the tz database does not know it.
    e.user.time_zone = canonical_time_zone(string_field(u, "tz"));
    e.where = {Platform::console, kWorkspace, e.user.user_id, ""};
    p.event_id = string_field(j, "event_id");
    if (p.event_id.size() > 100)
      throw std::invalid_argument("\"event_id\" is longer than 100 characters");

    const auto type = string_field(j, "type");
    if (type == "text") {
      auto text = string_field(j, "text");
      if (text.size() > kMaxTextLength)
        throw std::invalid_argument("\"text\" is longer than 4000 characters");
      auto cmd = command_from_text(text);
      e.kind = cmd.kind;
      e.name = cmd.name;
      e.args = cmd.args;
      e.text = cmd.text;
    } else if (type == "action") {
      e.kind = EventKind::action;
      e.name = string_field(j, "action_id");
      e.args = string_field(j, "value");
      if (e.name.empty()) throw std::invalid_argument("\"action_id\" is required for an action");
    } else if (type == "form") {
      e.kind = EventKind::form;
      e.name = string_field(j, "form_id");
      if (e.name.empty()) throw std::invalid_argument("\"form_id\" is required for a form");
      if (j.contains("fields")) {
        if (!j["fields"].is_object())
          throw std::invalid_argument("\"fields\" must be an object of strings");
        for (const auto& [k, v] : j["fields"].items()) {
          if (!v.is_string()) throw std::invalid_argument("field \"" + k + "\" must be a string");
          if (v.get_ref<const std::string&>().size() > kMaxTextLength) {
            throw std::invalid_argument("field \"" + k + "\" is longer than 4000 characters");
          }
          e.fields[k] = v.get<std::string>();
        }
      }
    } else {
      throw std::invalid_argument("\"type\" must be text, action or form");
    }
  } catch (const std::invalid_argument& e) {
    p.error = e.what();
  }
  return p;
}

json rendered(std::int64_t id, const ui::Message& m) {
  return {{"id", id},
          {"template_id", m.template_id},
          {"html", render_html(m)},
          {"text", m.fallback_text()}};
}

class TranscriptClient final : public PlatformClient {
 public:
  TranscriptClient(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  DeliveryResult deliver(const storage::OutboxItem& item, const ui::Message& message) override {
    db_.transact([&](SQLite::Database& db) {
      // A post to a conversation rather than a person (a mentor circle's prompt) goes to the
      // transcript of the console user whose conversation it is.
      const auto& reader = item.user_id.empty() ? item.address.conversation_id : item.user_id;
      storage::ConsoleTranscriptRepository(db).append(reader, ui::to_json(message).dump(),
                                                      clock_.now());
    });
    return DeliveryResult::sent();
  }

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace

ConsoleAdapter::ConsoleAdapter(Dispatcher& dispatcher, storage::Database& db, const Clock& clock,
                               ConsoleOptions options, std::function<void()> after_commit)
    : dispatcher_(dispatcher),
      db_(db),
      clock_(clock),
      options_(std::move(options)),
      after_commit_(std::move(after_commit)) {}

void ConsoleAdapter::register_routes(http::Router& router) {
  router.add("GET", "/console", [this](const http::Request& r) { return page(r); });
  router.add("POST", "/console/api/events",
             [this](const http::Request& r) { return post_event(r); });
  router.add("GET", "/console/api/messages",
             [this](const http::Request& r) { return messages(r); });
}

std::shared_ptr<PlatformClient> ConsoleAdapter::client() {
  return std::make_shared<TranscriptClient>(db_, clock_);
}

bool ConsoleAdapter::authorised(const http::Request& request) const {
  if (options_.token.empty()) return true;
  const auto given = request.header("x-flipside-console-token");
  return given.size() == options_.token.size() &&
         CRYPTO_memcmp(given.data(), options_.token.data(), given.size()) == 0;
}

http::Response ConsoleAdapter::page(const http::Request&) const {
  for (const auto& [name, content] : embedded::console_files()) {
    if (name == "console.html") {
      http::Response r;
      r.content_type = "text/html; charset=utf-8";
      r.body = std::string(content);
      // The page needs nothing from elsewhere; say so to the browser.
      r.headers.emplace_back(
          "Content-Security-Policy",
          "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
          "connect-src 'self'; frame-ancestors 'none'");
      return r;
    }
  }
  return http::Response::text(500, "console page missing from the build");
}

http::Response ConsoleAdapter::post_event(const http::Request& request) {
  if (!authorised(request))
    return http::Response::json_error(401, "console token missing or wrong");
  // Requiring JSON also makes a browser on another site send a preflight we never approve.
  if (!http::lower(request.header("content-type")).starts_with("application/json")) {
    return http::Response::json_error(415, "expected Content-Type: application/json");
  }
  auto parsed = parse_event(request.body);
  if (!parsed.error.empty()) return http::Response::json_error(400, parsed.error);

  std::vector<std::int64_t> ids;
  ReplySink sink = [&](SQLite::Database& db, const storage::Person&, const Reply& reply) {
    storage::ConsoleTranscriptRepository transcript(db);
    for (const auto& m : reply.messages) {
      ids.push_back(
          transcript.append(parsed.event.user.user_id, ui::to_json(m).dump(), clock_.now()));
    }
  };
  std::optional<Dedupe> dedupe;
  if (!parsed.event_id.empty())
    dedupe = Dedupe{"console", parsed.event.user.user_id + ":" + parsed.event_id};
  auto result = dispatcher_.dispatch(parsed.event, dedupe, sink);
  if (after_commit_) after_commit_();

  json out = {{"ok", true},
              {"duplicate", result.duplicate},
              {"messages", json::array()},
              {"form_errors", result.reply.form_errors}};
  for (std::size_t i = 0; i < ids.size(); ++i)
    out["messages"].push_back(rendered(ids[i], result.reply.messages[i]));
  return http::Response::json(200, out.dump());
}

http::Response ConsoleAdapter::messages(const http::Request& request) {
  if (!authorised(request))
    return http::Response::json_error(401, "console token missing or wrong");
  const auto user = request.query_param("user");
  if (!valid_user_id(user))
    return http::Response::json_error(400,
                                      "\"user\" must be 1-64 letters, digits, '-', '_' or '.'");
  std::int64_t after = 0;
  if (auto a = request.query_param("after"); !a.empty()) {
    try {
      after = std::stoll(a);
    } catch (const std::exception&) {
      return http::Response::json_error(400, "\"after\" must be a message id");
    }
  }
  auto lines = db_.transact([&](SQLite::Database& db) {
    return storage::ConsoleTranscriptRepository(db).after(user, after, 200);
  });
  json out = {{"ok", true}, {"messages", json::array()}};
  for (const auto& line : lines) {
    out["messages"].push_back(
        rendered(line.id, ui::message_from_json(json::parse(line.message_json))));
  }
  return http::Response::json(200, out.dump());
}

}  // namespace flipside::console
