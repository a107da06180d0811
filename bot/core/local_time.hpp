#pragma once
// Wall-clock arithmetic in a person's own time zone (system tz database through Howard Hinnant's
// date library): turning "Tuesday 09:30 in Asia/Kolkata" into an instant, quiet hours, and when to
// send session reminders. Pure functions; correct across daylight-saving changes and for
// half-hour zones (Asia/Kolkata, Australia/Lord_Howe), because every offset comes from the zone's
// rules for that instant, never from a fixed number.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "clock.hpp"

namespace flipside {

// The hours of the night a person is not messaged: [start_hour:00, end_hour:00) local time. With
// start_hour > end_hour the period wraps midnight (the default, 20:00-08:00); with
// start_hour < end_hour it lies within one day. Equal hours, or hours outside 0-23, mean no quiet
// hours at all.
struct QuietHours {
  int start_hour = 20;
  int end_hour = 8;
};

// The instant a wall-clock time on a calendar day in `zone` denotes. A time skipped by a DST jump
// moves forward by the gap (02:30 on a spring-forward day -> 03:30; on Lord Howe Island, whose
// clocks jump 02:00 -> 02:30, 02:15 -> 02:45); an ambiguous one (fall back) takes the first
// occurrence. nullopt for an unknown zone, an invalid date, or an hour outside 0-23 / minute
// outside 0-59.
std::optional<TimePoint> local_to_utc(std::chrono::year_month_day day, int hour, int minute,
                                      std::string_view zone);

// A time of day as people type it: "14:05", "9:30", "9.30", "09:30" (surrounding spaces ignored)
// -> {hour, minute}. One or two digits for the hour (0-23), ':' or '.', exactly two digits for
// the minute (00-59). nullopt for anything else: "25:00", "9:5", "noon", "9", "9:30pm", "".
std::optional<std::pair<int, int>> parse_clock_time(std::string_view text);

// Whether `t` falls inside the quiet hours on the wall clock in `zone`. False for an unknown zone
// (nothing to go by) and for empty quiet hours.
bool in_quiet_hours(TimePoint t, std::string_view zone, QuietHours quiet = {});

// The wall clock at `t` in `zone`: weekday (0 = Monday) and minute of the day. nullopt for an
// unknown zone.
struct WallClock {
  int weekday = 0;
  int minute_of_day = 0;
};
std::optional<WallClock> wall_clock(TimePoint t, std::string_view zone);

// The reminder offsets used when a programme configures none: 24 hours and 1 hour before.
std::vector<std::chrono::minutes> default_reminder_offsets();

// When to remind someone in `zone` of something starting at `start`. For each offset, the
// candidate is start - offset. Rules, in order:
//  1. Quiet hours move a reminder EARLIER, never later (a late reminder is useless): a candidate
//     inside a quiet period moves to one minute before that period began, i.e. start_hour:00
//     local on the evening the period started, minus one minute (19:59 with the defaults).
//     A 24 h reminder falling at 23:00 moves to 19:59 the same evening; a 1 h reminder for a
//     08:30 session falls at 07:30 and moves to 19:59 the previous evening. The minute is
//     taken as an instant (quiet start minus 60 s), so it is right on DST days too.
//  2. A time not after `now` is dropped (including one moved into the past by rule 1).
//  3. Results are sorted ascending, duplicates merged (two offsets can land on the same minute,
//     e.g. both moved to the same 19:59).
// An unknown zone applies no quiet hours (the offsets alone). An empty `offsets` means no
// reminders; use default_reminder_offsets() for the defaults.
std::vector<TimePoint> reminder_times(TimePoint start,
                                      const std::vector<std::chrono::minutes>& offsets,
                                      std::string_view zone, TimePoint now, QuietHours quiet = {});

// "Tue 3 Mar, 14:30" on the wall clock in `zone`, without the zone name (for showing one time in
// two zones side by side). For an unknown zone, the UTC time with " UTC" appended, so it is never
// silently wrong.
std::string format_clock(TimePoint t, std::string_view zone);

}  // namespace flipside
