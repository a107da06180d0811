#pragma once
// Pieces of the session feature shared between its files.
#include "handlers/context.hpp"
#include "storage/sessions.hpp"

namespace flipside::handlers {

// The agenda text for a session: chosen by its number and the programme's stage and focus
// (templates/agendas/), with the pair's open goals and last action items filled in.
std::string session_agenda(Context& ctx, const storage::ActivePair& pair,
                           const storage::Session& s);
std::vector<templates::TemplateSpec> agenda_templates();

// The session and pair a scheduled job (reminder, check-in) is about, or nullopt when the job is
// void: the session moved or was cancelled since it was planned, or the pair ended or is paused.
std::optional<std::pair<storage::Session, storage::ActivePair>> session_of_job(Context& ctx,
                                                                               const Event& e);

void register_checkins(Router& router);
std::vector<templates::TemplateSpec> checkin_templates();

// Hex digits from the OS's CSPRNG: invite tokens and UIDs.
std::string random_hex(std::size_t bytes);
// "Tue 3 Mar, 14:30 (Asia/Kolkata)" in that person's zone, or UTC when it is unknown.
std::string when_for(Context& ctx, TimePoint t, std::int64_t person_id);
// Where the session's calendar invite is served: its series' invite for an occurrence of one.
std::string invite_link(Context& ctx, const storage::Session& s);
// Reminders and check-ins of a booked session, in each person's zone.
void schedule_follow_ups(Context& ctx, const storage::ActivePair& pair, const storage::Session& s);

// Recurring series (series.cpp): `count` sessions at the programme's cadence, booked in one go.
// The repeat choices offered in the session form ("1" = just this once).
std::vector<ui::Option> repeat_options(Context& ctx, const storage::Programme& programme);
// Weeks between a series' sessions: weekly 1, biweekly 2, monthly 4 (the same weekday every four
// weeks, so the wall-clock time and weekday never drift).
int series_interval_weeks(const storage::Programme& programme);
// The UTC starts of `count` occurrences every `interval_weeks` weeks from `first_day` at
// hour:minute on the wall clock in `zone` (so 09:30 stays 09:30 across daylight-saving changes;
// a time skipped by a DST jump moves forward like RFC 5545 says). Empty for an unknown zone.
std::vector<TimePoint> series_starts(std::chrono::year_month_day first_day, int hour, int minute,
                                     const std::string& zone, int interval_weeks, int count);
// How many occurrences `repeat` asks for ("4", or "end" = as many as fit before the programme
// ends), or an error message for the form's repeat field.
struct SeriesPlan {
  std::vector<TimePoint> starts;
  std::string error;  // non-empty: refused, with this text
};
SeriesPlan plan_series(Context& ctx, const storage::Programme& programme,
                       std::chrono::year_month_day first_day, int hour, int minute,
                       const std::string& zone, const std::string& repeat);
// Books the planned series as proposed occurrences and sends the partner one proposal for all.
Reply propose_series(Context& ctx, const storage::ActivePair& pair, const SeriesPlan& plan,
                     const std::string& zone, int minutes);
// The partner accepted the first occurrence of a series nobody has answered yet: books them all.
Reply accept_series(Context& ctx, const storage::ActivePair& pair, const storage::Series& series);
// Withdraws the proposed occurrences of a series (a counter-proposal replaces it).
void withdraw_series(Context& ctx, std::int64_t series_id);
void register_series(Router& router);
std::vector<templates::TemplateSpec> series_templates();

}  // namespace flipside::handlers
