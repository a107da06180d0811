#include "bot/calendar/invite_route.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "bot/calendar/ics.hpp"
#include "storage/people.hpp"
#include "storage/programmes.hpp"
#include "storage/sessions.hpp"
#include "storage/tokens.hpp"

namespace flipside::calendar {

namespace {
constexpr auto kLinkLifetimeAfterSession = std::chrono::days{30};

http::Response calendar_response(const CalendarEvent& e) {
  auto r = http::Response::text(200, render_ics(e));
  r.content_type = "text/calendar; charset=utf-8";
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"flipside-session.ics\"");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace

http::Response serve_invite(storage::Database& db, const templates::TemplateStore& templates,
                            const Clock& clock, const std::string& token) {
  if (!storage::plausible_token(token))
    return http::Response::text(404, "no such calendar invite\n");
  return db.transact([&](SQLite::Database& conn) {
    storage::PairLifeRepository life(conn);
    const auto now = clock.now();
    auto session = life.session_by_token(token);
    auto series = session ? std::nullopt : life.series_by_token(token);
    if (!session && !series) return http::Response::text(404, "no such calendar invite\n");
    const auto occurrences =
        series ? life.occurrences(series->id) : std::vector<storage::Session>{};
    if (series && occurrences.empty())
      return http::Response::text(404, "no such calendar invite\n");
    // A series' link lasts as long as its last occurrence's would.
    const auto& last = series ? occurrences.back() : *session;
    if (now > last.starts_at + std::chrono::minutes{last.minutes} + kLinkLifetimeAfterSession)
      return http::Response::text(410, "this calendar link has expired\n");
    auto pair = life.any_pair(series ? series->pair_id : session->pair_id);
    if (!pair) return http::Response::text(404, "no such calendar invite\n");
    storage::PeopleRepository people(conn);
    auto mentor = people.find(pair->mentor_id);
    auto mentee = people.find(pair->mentee_id);
    auto programme = storage::ProgrammeRepository(conn).find(pair->programme_id);
    const auto& first = series ? occurrences.front() : *session;
    CalendarEvent e;
    e.uid = series ? series->ics_uid : session->ics_uid;
    e.sequence = series ? series->ics_sequence : session->ics_sequence;
    e.start = series ? series->first_start : session->starts_at;
    e.length = std::chrono::minutes{first.minutes};
    e.summary = templates.render("ics.summary", {{"mentor", mentor ? mentor->display_name : "?"},
                                                 {"mentee", mentee ? mentee->display_name : "?"}});
    e.description =
        templates.render("ics.description", {{"programme", programme ? programme->name : ""},
                                             {"number", std::to_string(first.number)}});
    for (const auto& p : {mentor, mentee})
      if (p) e.attendees.emplace_back(p->display_name, p->email);
    e.stamp = now;
    if (!series) {
      e.cancelled = session->status == "cancelled";
      return calendar_response(e);
    }
    e.zone = series->zone;
    e.rrule = "FREQ=WEEKLY;INTERVAL=" + std::to_string(series->interval_weeks) +
              ";COUNT=" + std::to_string(series->count);
    bool any_left = false;
    for (const auto& o : occurrences) {
      const auto original = o.series_start.value_or(o.starts_at);
      if (o.status == "cancelled") {
        e.cancelled_occurrences.push_back(original);
      } else {
        any_left = true;
        if (o.starts_at != original)
          e.moved_occurrences.push_back({original, o.starts_at, std::chrono::minutes{o.minutes}});
      }
    }
    // Every occurrence cancelled: the whole event is cancelled, not a series of exceptions.
    if (!any_left) {
      e.cancelled = true;
      e.cancelled_occurrences.clear();
      e.moved_occurrences.clear();
    }
    return calendar_response(e);
  });
}

}  // namespace flipside::calendar
