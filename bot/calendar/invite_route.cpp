#include "bot/calendar/invite_route.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "bot/calendar/ics.hpp"
#include "storage/people.hpp"
#include "storage/programmes.hpp"
#include "storage/sessions.hpp"

namespace flipside::calendar {

namespace {
constexpr auto kLinkLifetimeAfterSession = std::chrono::days{30};

bool plausible_token(const std::string& token) {
  return token.size() == 48 && std::all_of(token.begin(), token.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}
}  // namespace

http::Response serve_invite(storage::Database& db, const templates::TemplateStore& templates,
                            const Clock& clock, const std::string& token) {
  if (!plausible_token(token)) return http::Response::text(404, "no such calendar invite\n");
  return db.transact([&](SQLite::Database& conn) {
    storage::PairLifeRepository life(conn);
    auto session = life.session_by_token(token);
    if (!session) return http::Response::text(404, "no such calendar invite\n");
    const auto now = clock.now();
    const auto end = session->starts_at + std::chrono::minutes{session->minutes};
    if (now > end + kLinkLifetimeAfterSession)
      return http::Response::text(410, "this calendar link has expired\n");
    auto pair = life.any_pair(session->pair_id);
    if (!pair) return http::Response::text(404, "no such calendar invite\n");
    storage::PeopleRepository people(conn);
    auto mentor = people.find(pair->mentor_id);
    auto mentee = people.find(pair->mentee_id);
    auto programme = storage::ProgrammeRepository(conn).find(pair->programme_id);
    CalendarEvent e;
    e.uid = session->ics_uid;
    e.sequence = session->ics_sequence;
    e.start = session->starts_at;
    e.length = std::chrono::minutes{session->minutes};
    e.summary = templates.render("ics.summary", {{"mentor", mentor ? mentor->display_name : "?"},
                                                 {"mentee", mentee ? mentee->display_name : "?"}});
    e.description =
        templates.render("ics.description", {{"programme", programme ? programme->name : ""},
                                             {"number", std::to_string(session->number)}});
    for (const auto& p : {mentor, mentee})
      if (p) e.attendees.emplace_back(p->display_name, p->email);
    e.cancelled = session->status == "cancelled";
    e.stamp = now;
    auto r = http::Response::text(200, render_ics(e));
    r.content_type = "text/calendar; charset=utf-8";
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"flipside-session.ics\"");
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  });
}

}  // namespace flipside::calendar
