#include "bot/dashboard/dashboard_route.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <memory>
#include <optional>
#include <variant>

#include "bot/dashboard/dashboard_auth.hpp"
#include "bot/dashboard/dashboard_data.hpp"
#include "bot/dashboard/dashboard_page.hpp"
#include "bot/dashboard/html.hpp"
#include "storage/dashboard.hpp"
#include "storage/people.hpp"
#include "storage/sessions.hpp"

namespace flipside::dashboard {

namespace {

constexpr auto kSessionLifetime = std::chrono::seconds{kSessionSeconds};
constexpr const char* kLoginPrefix = "/dashboard/login/";

// How to get in, said the same way wherever a sign-in is missing or spent.
constexpr const char* kAskTheBot =
    "The dashboard opens from a link only you receive: type <strong>dashboard</strong> to "
    "Flipside (in Slack, Teams or the console) and open the link it replies with within 15 "
    "minutes. Each link works once; the sign-in then lasts 8 hours.";

http::Response unknown_link() {
  return message_page(404, "No such sign-in link", kAskTheBot);
}

http::Response spent_link() {
  return message_page(410, "This sign-in link has expired or was already used",
                      std::string("Ask the bot for a new one. ") + kAskTheBot);
}

http::Response signed_out() {
  return message_page(401, "Please sign in", kAskTheBot);
}

http::Response not_a_manager() {
  return message_page(403, "The dashboard is for programme managers",
                      "You are not a programme manager (any more), so the dashboard is closed to "
                      "you. If that is a mistake, ask a programme manager to add you again "
                      "(<strong>manager add</strong> and your email, in chat).");
}

http::Response stale_form() {
  return message_page(403, "This form can't be used",
                      "It did not come from your current dashboard page (or that page is from "
                      "an earlier sign-in). Nothing was done. Reload the dashboard and try "
                      "again.");
}

std::optional<std::int64_t> number(const std::string& text) {
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || value <= 0) return std::nullopt;
  return value;
}

// The chat action each dashboard button stands for.
std::optional<std::string> route_of(const std::string& action) {
  if (action == "nudge") return "pair.nudge";
  if (action == "pause") return "pair.pause";
  if (action == "end") return "pair.end";
  return std::nullopt;
}

// What the chat handler's reply means, as the short code the redirect carries (never names: URLs
// end up in logs and browser history).
std::string outcome_of(const Reply& reply) {
  const auto id = reply.messages.empty() ? std::string() : reply.messages.front().template_id;
  if (id == "at_risk.nudge_sent") return "nudged";
  if (id == "pair.done.pause") return "paused";
  if (id == "pair.done.resume") return "resumed";
  if (id == "pair.done.end") return "ended";
  if (id == "pair.gone") return "gone";
  if (id == "router.managers_only") return "refused";
  return "unknown";
}

Flash flash_for(const std::string& code, const std::string& mentor, const std::string& mentee) {
  const auto both = mentor + " and " + mentee;
  if (code == "nudged")
    return {"Nudged " + both + ": both got a friendly word with a button to book a session."};
  if (code == "paused")
    return {"Paused " + both + ". Both were told; no reminders until the pair is resumed."};
  if (code == "resumed") return {"Resumed " + both + ". Both were told."};
  if (code == "ended") return {"Ended the pair " + both + ". Both were told."};
  if (code == "already_paused") return {both + " are already paused: nothing changed.", true};
  if (code == "gone") return {"That pair has ended already: nothing changed.", true};
  if (code == "refused") return {"Only programme managers can do that: nothing changed.", true};
  return {"Done.", false};
}

struct State {
  DashboardDeps deps;

  Context context(SQLite::Database& conn, storage::Person person) const {
    return Context(conn, deps.clock, deps.templates, deps.dispatcher.router(), std::move(person),
                   &deps.settings);
  }
};

// The signed-in manager behind the request's cookie, or the page that says why not.
struct SignedIn {
  storage::Person person;
  storage::DashboardSession session;
};
std::variant<SignedIn, http::Response> sign_in(const State& s, SQLite::Database& conn,
                                               const http::Request& request) {
  const auto id = cookie_value(request, kCookieName);
  if (!is_hex(id, 64)) return signed_out();
  auto session = storage::DashboardRepository(conn).session(id, s.deps.clock.now());
  if (!session) return signed_out();
  auto person = storage::PeopleRepository(conn).find(session->person_id);
  if (!person) return signed_out();
  auto ctx = s.context(conn, *person);
  if (!ctx.is_manager()) {
    spdlog::info("event=dashboard_refused reason=not_a_manager person_id={}", person->id);
    return not_a_manager();
  }
  return SignedIn{*person, *session};
}

http::Response login(const State& s, const std::string& token) {
  if (!is_hex(token, 48)) return unknown_link();
  return s.deps.db.transact([&](SQLite::Database& conn) {
    storage::DashboardRepository repo(conn);
    const auto now = s.deps.clock.now();
    const auto link = repo.redeem_link(token, now);
    switch (link.state) {
      case storage::LinkState::unknown:
        return unknown_link();
      case storage::LinkState::used:
      case storage::LinkState::expired:
        spdlog::info("event=dashboard_login_refused reason={}",
                     link.state == storage::LinkState::used ? "used" : "expired");
        return spent_link();
      case storage::LinkState::valid:
        break;
    }
    auto person = storage::PeopleRepository(conn).find(link.person_id);
    if (!person) return unknown_link();
    if (!s.context(conn, *person).is_manager()) {
      spdlog::info("event=dashboard_refused reason=not_a_manager person_id={}", person->id);
      return not_a_manager();
    }
    const auto session = repo.start_session(person->id, now, kSessionLifetime);
    spdlog::info("event=dashboard_signed_in person_id={}", person->id);
    auto r = see_other("/dashboard");
    r.headers.emplace_back(
        "Set-Cookie",
        session_cookie(session.id, s.deps.settings.public_url.starts_with("https://")));
    return r;
  });
}

http::Response page(const State& s, const http::Request& request) {
  return s.deps.db.transact([&](SQLite::Database& conn) -> http::Response {
    auto who = sign_in(s, conn, request);
    if (auto* refusal = std::get_if<http::Response>(&who)) return std::move(*refusal);
    auto& [person, session] = std::get<SignedIn>(who);
    auto ctx = s.context(conn, person);
    Flash flash;
    if (const auto done = request.query_param("done"); !done.empty()) {
      std::string mentor = "?", mentee = "?";
      if (const auto pair_id = number(request.query_param("pair")))
        if (auto pair = storage::PairLifeRepository(conn).any_pair(*pair_id)) {
          if (auto m = ctx.people().find(pair->mentor_id)) mentor = m->display_name;
          if (auto m = ctx.people().find(pair->mentee_id)) mentee = m->display_name;
        }
      flash = flash_for(done, mentor, mentee);
    }
    const auto view = load_view(ctx, number(request.query_param("programme")));
    return html_response(200, render_page(view, session.csrf_token, flash));
  });
}

// What an action needs from the database before it is dispatched (in its own transaction).
struct Prepared {
  Event event;
  std::int64_t person_id = 0;
  std::string early_outcome;  // set when nothing needs dispatching
};

http::Response act(const State& s, const http::Request& request) {
  const auto form = http::parse_form(request.body);
  auto field = [&](const char* name) {
    auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
  };
  const auto pair_id = number(field("pair_id"));
  const auto route = route_of(field("action"));
  const auto programme = number(field("programme"));
  auto prepared =
      s.deps.db.transact([&](SQLite::Database& conn) -> std::variant<Prepared, http::Response> {
        auto who = sign_in(s, conn, request);
        if (auto* refusal = std::get_if<http::Response>(&who)) return std::move(*refusal);
        auto& [person, session] = std::get<SignedIn>(who);
        if (!same_secret(field("csrf"), session.csrf_token)) {
          spdlog::warn("event=dashboard_csrf_refused person_id={}", person.id);
          return stale_form();
        }
        if (!pair_id || !route)
          return message_page(400, "Unknown action",
                              "The form asked for something the dashboard does not do.");
        auto identity = storage::DashboardRepository(conn).newest_identity(person.id);
        if (!identity) return not_a_manager();  // no way to act as them any more
        Prepared p;
        p.person_id = person.id;
        p.event.kind = EventKind::action;
        p.event.name = *route;
        p.event.args = std::to_string(*pair_id);
        p.event.user = identity->user;
        p.event.where = identity->where;
        // The chat's Pause button toggles: a second click (or a reload) must not resume the pair.
        if (*route == "pair.pause")
          if (auto pair = storage::PairLifeRepository(conn).pair(*pair_id); pair && pair->paused)
            p.early_outcome = "already_paused";
        return p;
      });
  if (auto* refusal = std::get_if<http::Response>(&prepared)) return std::move(*refusal);
  const auto& p = std::get<Prepared>(prepared);
  std::string outcome = p.early_outcome;
  if (outcome.empty()) {
    // The chat's own route: the same manager check, audit entry and messages to the pair.
    const auto result = s.deps.dispatcher.dispatch(p.event);
    if (s.deps.after_commit) s.deps.after_commit();
    outcome = outcome_of(result.reply);
  }
  spdlog::info("event=dashboard_action action={} pair_id={} person_id={} outcome={}", p.event.name,
               p.event.args, p.person_id, outcome);
  std::string location = "/dashboard?";
  if (programme) location += "programme=" + std::to_string(*programme) + "&";
  return see_other(location + "done=" + outcome + "&pair=" + p.event.args);
}

}  // namespace

void register_routes(http::Router& router, DashboardDeps deps) {
  auto state = std::make_shared<State>(State{std::move(deps)});
  router.add_prefix("GET", kLoginPrefix, [state](const http::Request& r) {
    return login(*state, r.path.substr(std::string(kLoginPrefix).size()));
  });
  router.add("GET", "/dashboard", [state](const http::Request& r) { return page(*state, r); });
  router.add("POST", "/dashboard/action",
             [state](const http::Request& r) { return act(*state, r); });
}

}  // namespace flipside::dashboard
