// Wall-clock arithmetic in people's own zones (bot/core/local_time.hpp): DST changes in Europe and
// North America, Asia/Kolkata (+5:30, no DST) and Australia/Lord_Howe (+10:30 standard, +11:00
// summer: a half-hour DST shift). Every expectation is an exact UTC instant, with the local time in
// a comment.
#include <date/date.h>
#include <catch2/catch.hpp>

#include <algorithm>

#include "bot/core/local_time.hpp"

using namespace flipside;
using namespace std::chrono;

namespace {
TimePoint at_utc(int y, unsigned m, unsigned d, int h, int min = 0) {
  return sys_days{year{y} / m / d} + hours{h} + minutes{min};
}
year_month_day ymd(int y, unsigned m, unsigned d) {
  return year{y} / m / d;
}
std::vector<minutes> offsets(std::initializer_list<minutes> list) {
  return list;
}
// Instants as UTC text, so a failed check shows readable times on both sides.
std::string show(std::optional<TimePoint> t) {
  return t ? date::format("%F %T UTC", *t) : "none";
}
// The UTC text of a wall-clock time in a zone, and of a UTC time, for local_to_utc checks.
std::string wall(std::string_view zone, int y, unsigned m, unsigned d, int h, int min) {
  return show(local_to_utc(year{y} / m / d, h, min, zone));
}
std::string utc(int y, unsigned m, unsigned d, int h, int min = 0) {
  return show(at_utc(y, m, d, h, min));
}
std::vector<std::string> show_all(const std::vector<TimePoint>& times) {
  std::vector<std::string> texts;
  for (const auto t : times) texts.push_back(show(t));
  return texts;
}
}  // namespace

TEST_CASE("the unix-seconds helper agrees with known instants", "[time]") {
  CHECK(to_unix(at_utc(2026, 3, 29, 1, 30)) == 1774747800);   // 03:30 CEST, Berlin
  CHECK(to_unix(at_utc(2026, 10, 3, 15, 45)) == 1791042300);  // 02:45 +11, Lord Howe
}

TEST_CASE("local_to_utc in Europe/Berlin across spring-forward and fall-back 2026", "[time]") {
  const auto berlin = "Europe/Berlin";
  CHECK(wall(berlin, 2026, 1, 15, 9, 0) == utc(2026, 1, 15, 8));  // CET, +1
  CHECK(wall(berlin, 2026, 7, 15, 9, 0) == utc(2026, 7, 15, 7));  // CEST, +2
  // 29 Mar 2026: 02:00 CET jumps to 03:00 CEST (01:00 UTC).
  CHECK(wall(berlin, 2026, 3, 29, 1, 59) == utc(2026, 3, 29, 0, 59));  // CET
  CHECK(wall(berlin, 2026, 3, 29, 2, 0) == utc(2026, 3, 29, 1, 0));    // -> 03:00
  CHECK(wall(berlin, 2026, 3, 29, 2, 30) == utc(2026, 3, 29, 1, 30));  // -> 03:30
  CHECK(wall(berlin, 2026, 3, 29, 3, 30) == utc(2026, 3, 29, 1, 30));  // CEST
  CHECK(wall(berlin, 2026, 3, 29, 9, 0) == utc(2026, 3, 29, 7, 0));    // CEST
  // 25 Oct 2026: 03:00 CEST falls back to 02:00 CET; 02:00-02:59 happens twice, first one wins.
  CHECK(wall(berlin, 2026, 10, 25, 1, 59) == utc(2026, 10, 24, 23, 59));  // CEST
  CHECK(wall(berlin, 2026, 10, 25, 2, 30) == utc(2026, 10, 25, 0, 30));   // CEST
  CHECK(wall(berlin, 2026, 10, 25, 3, 0) == utc(2026, 10, 25, 2, 0));     // CET
  CHECK(wall(berlin, 2026, 10, 25, 9, 0) == utc(2026, 10, 25, 8, 0));     // CET
}

TEST_CASE("local_to_utc in America/New_York across DST 2026", "[time]") {
  const auto ny = "America/New_York";
  // 8 Mar 2026: 02:00 EST jumps to 03:00 EDT (07:00 UTC).
  CHECK(wall(ny, 2026, 3, 8, 1, 30) == utc(2026, 3, 8, 6, 30));  // EST, -5
  CHECK(wall(ny, 2026, 3, 8, 2, 30) == utc(2026, 3, 8, 7, 30));  // -> 03:30 EDT
  CHECK(wall(ny, 2026, 3, 8, 9, 0) == utc(2026, 3, 8, 13, 0));   // EDT, -4
  // 1 Nov 2026: 02:00 EDT falls back to 01:00 EST; 01:30 happens twice, the EDT one first.
  CHECK(wall(ny, 2026, 11, 1, 1, 30) == utc(2026, 11, 1, 5, 30));  // EDT
  CHECK(wall(ny, 2026, 11, 1, 2, 0) == utc(2026, 11, 1, 7, 0));    // EST
  CHECK(wall(ny, 2026, 11, 1, 9, 0) == utc(2026, 11, 1, 14, 0));   // EST
}

TEST_CASE("local_to_utc in Asia/Kolkata is always +5:30", "[time]") {
  CHECK(wall("Asia/Kolkata", 2026, 3, 3, 9, 0) == utc(2026, 3, 3, 3, 30));
  // 00:15 IST is still the previous day in UTC.
  CHECK(wall("Asia/Kolkata", 2026, 7, 1, 0, 15) == utc(2026, 6, 30, 18, 45));
  // The legacy name some browsers report resolves to the same zone.
  CHECK(wall("Asia/Calcutta", 2026, 3, 3, 9, 0) == utc(2026, 3, 3, 3, 30));
}

TEST_CASE("local_to_utc in Australia/Lord_Howe with its half-hour DST", "[time]") {
  const auto lh = "Australia/Lord_Howe";
  CHECK(wall(lh, 2026, 6, 15, 9, 0) == utc(2026, 6, 14, 22, 30));  // +10:30
  CHECK(wall(lh, 2026, 1, 15, 9, 0) == utc(2026, 1, 14, 22, 0));   // +11
  // Sun 4 Oct 2026: 02:00 +10:30 jumps to 02:30 +11 (15:30 UTC on the 3rd); the gap is 30 min.
  CHECK(wall(lh, 2026, 10, 4, 1, 59) == utc(2026, 10, 3, 15, 29));  // +10:30
  CHECK(wall(lh, 2026, 10, 4, 2, 0) == utc(2026, 10, 3, 15, 30));   // -> 02:30
  CHECK(wall(lh, 2026, 10, 4, 2, 15) == utc(2026, 10, 3, 15, 45));  // -> 02:45
  CHECK(wall(lh, 2026, 10, 4, 2, 30) == utc(2026, 10, 3, 15, 30));  // +11
  // Sun 5 Apr 2026: 02:00 +11 falls back to 01:30 +10:30; 01:30-01:59 happens twice.
  CHECK(wall(lh, 2026, 4, 5, 1, 29) == utc(2026, 4, 4, 14, 29));  // +11
  CHECK(wall(lh, 2026, 4, 5, 1, 45) == utc(2026, 4, 4, 14, 45));  // first, +11
  CHECK(wall(lh, 2026, 4, 5, 2, 0) == utc(2026, 4, 4, 15, 30));   // +10:30
}

TEST_CASE("local_to_utc refuses unknown zones and impossible times", "[time]") {
  CHECK_FALSE(local_to_utc(ymd(2026, 3, 3), 9, 0, "Mars/Olympus_Mons"));
  CHECK_FALSE(local_to_utc(ymd(2026, 3, 3), 9, 0, ""));
  CHECK_FALSE(local_to_utc(ymd(2026, 3, 3), 24, 0, "Europe/Berlin"));
  CHECK_FALSE(local_to_utc(ymd(2026, 3, 3), -1, 0, "Europe/Berlin"));
  CHECK_FALSE(local_to_utc(ymd(2026, 3, 3), 9, 60, "Europe/Berlin"));
  CHECK_FALSE(local_to_utc(ymd(2026, 3, 3), 9, -5, "Europe/Berlin"));
  CHECK_FALSE(local_to_utc(ymd(2026, 2, 30), 9, 0, "Europe/Berlin"));
  CHECK(wall("UTC", 2026, 3, 3, 0, 0) == utc(2026, 3, 3, 0));
  CHECK(wall("UTC", 2026, 3, 3, 23, 59) == utc(2026, 3, 3, 23, 59));
}

TEST_CASE("parse_clock_time reads times as people type them", "[time]") {
  using P = std::pair<int, int>;
  CHECK(parse_clock_time("14:05") == P{14, 5});
  CHECK(parse_clock_time("9:30") == P{9, 30});
  CHECK(parse_clock_time("9.30") == P{9, 30});
  CHECK(parse_clock_time("09:30") == P{9, 30});
  CHECK(parse_clock_time(" 7:00 ") == P{7, 0});
  CHECK(parse_clock_time("0:00") == P{0, 0});
  CHECK(parse_clock_time("23:59") == P{23, 59});
}

TEST_CASE("parse_clock_time refuses nonsense", "[time]") {
  for (const char* bad : {"25:00", "24:00", "12:60", "noon", "",       " ",      "9",     "930",
                          "9:5",   "9:300", ":30",   "9:",   "123:00", "9:30pm", "-1:00", "+9:30",
                          "9 :30", "9: 30", "1:2:3", "9,30", "ab:cd",  "9:3a"}) {
    INFO("input: \"" << bad << '"');
    CHECK_FALSE(parse_clock_time(bad));
  }
}

TEST_CASE("in_quiet_hours follows the local wall clock", "[time]") {
  const auto berlin = "Europe/Berlin";
  CHECK_FALSE(in_quiet_hours(at_utc(2026, 1, 15, 18, 59), berlin));  // 19:59 CET
  CHECK(in_quiet_hours(at_utc(2026, 1, 15, 19, 0), berlin));         // 20:00 CET
  CHECK(in_quiet_hours(at_utc(2026, 1, 15, 23, 0), berlin));         // 00:00 CET
  CHECK(in_quiet_hours(at_utc(2026, 1, 16, 6, 59), berlin));         // 07:59 CET
  CHECK_FALSE(in_quiet_hours(at_utc(2026, 1, 16, 7, 0), berlin));    // 08:00 CET
  // The morning after spring-forward: 05:30 UTC is 07:30 CEST (quiet), 06:00 UTC is 08:00.
  CHECK(in_quiet_hours(at_utc(2026, 3, 29, 5, 30), berlin));
  CHECK_FALSE(in_quiet_hours(at_utc(2026, 3, 29, 6, 0), berlin));
  // Kolkata's half hour matters: 14:29 UTC is 19:59 IST, 14:30 UTC is 20:00 IST.
  CHECK_FALSE(in_quiet_hours(at_utc(2026, 3, 3, 14, 29), "Asia/Kolkata"));
  CHECK(in_quiet_hours(at_utc(2026, 3, 3, 14, 30), "Asia/Kolkata"));
  CHECK(in_quiet_hours(at_utc(2026, 3, 4, 2, 29), "Asia/Kolkata"));        // 07:59 IST
  CHECK_FALSE(in_quiet_hours(at_utc(2026, 3, 4, 2, 30), "Asia/Kolkata"));  // 08:00 IST
  // Lord Howe in winter (+10:30): 21:30 UTC is 08:00 the next day.
  CHECK(in_quiet_hours(at_utc(2026, 6, 14, 21, 29), "Australia/Lord_Howe"));
  CHECK_FALSE(in_quiet_hours(at_utc(2026, 6, 14, 21, 30), "Australia/Lord_Howe"));
}

TEST_CASE("in_quiet_hours with custom, daytime and empty quiet hours", "[time]") {
  const auto t2230 = at_utc(2026, 1, 15, 22, 30);  // 22:30 in UTC
  CHECK(in_quiet_hours(t2230, "UTC", {22, 6}));
  CHECK_FALSE(in_quiet_hours(t2230, "UTC", {23, 6}));
  CHECK(in_quiet_hours(at_utc(2026, 1, 15, 5, 59), "UTC", {0, 6}));  // within one day
  CHECK_FALSE(in_quiet_hours(at_utc(2026, 1, 15, 6, 0), "UTC", {0, 6}));
  CHECK_FALSE(in_quiet_hours(t2230, "UTC", {0, 6}));
  CHECK_FALSE(in_quiet_hours(t2230, "UTC", {8, 8}));    // empty
  CHECK_FALSE(in_quiet_hours(t2230, "UTC", {20, 24}));  // invalid -> none
  CHECK_FALSE(in_quiet_hours(t2230, "Mars/Olympus_Mons"));
}

TEST_CASE("reminders default to 24 h and 1 h before", "[time]") {
  CHECK(default_reminder_offsets() == offsets({hours{24}, hours{1}}));
  // Tue 3 Mar 2026 14:00 CET = 13:00 UTC, for a person in Berlin.
  const auto start = at_utc(2026, 3, 3, 13);
  CHECK(show_all(reminder_times(start, default_reminder_offsets(), "Europe/Berlin",
                                at_utc(2026, 3, 1, 0))) ==
        show_all({at_utc(2026, 3, 2, 13), at_utc(2026, 3, 3, 12)}));  // Mon 14:00, Tue 13:00 CET
  CHECK(reminder_times(start, {}, "Europe/Berlin", at_utc(2026, 3, 1, 0)).empty());
}

TEST_CASE("a reminder in quiet hours moves to just before that night's quiet hours", "[time]") {
  // A session at Thu 5 Mar 2026 22:00 UTC (14:00 in Los Angeles) is 23:00 CET for a Berlin partner.
  // The 24 h reminder (Wed 23:00 CET) moves to Wed 19:59 CET, the 1 h one (Thu 22:00 CET) to
  // Thu 19:59 CET.
  CHECK(show_all(reminder_times(at_utc(2026, 3, 5, 22), default_reminder_offsets(), "Europe/Berlin",
                                at_utc(2026, 3, 1, 0))) ==
        show_all({at_utc(2026, 3, 4, 18, 59), at_utc(2026, 3, 5, 18, 59)}));
  // A session at Thu 5 Mar 08:30 CET (07:30 UTC): the 1 h reminder would be 07:30 CET, so it moves
  // to 19:59 the previous evening (Wed); the 24 h one (Wed 08:30 CET) stays.
  CHECK(show_all(reminder_times(at_utc(2026, 3, 5, 7, 30), default_reminder_offsets(),
                                "Europe/Berlin", at_utc(2026, 3, 1, 0))) ==
        show_all({at_utc(2026, 3, 4, 7, 30), at_utc(2026, 3, 4, 18, 59)}));
}

TEST_CASE("reminders at the edges of quiet hours", "[time]") {
  const auto now = at_utc(2026, 1, 1, 0);
  // A session at 20:59 CET: 1 h before is 19:59, just outside quiet hours, and stays.
  CHECK(show_all(reminder_times(at_utc(2026, 1, 15, 19, 59), offsets({hours{1}}), "Europe/Berlin",
                                now)) == show_all({at_utc(2026, 1, 15, 18, 59)}));
  // A session at 21:00 CET: 1 h before is exactly 20:00, quiet, so 19:59.
  CHECK(show_all(reminder_times(at_utc(2026, 1, 15, 20, 0), offsets({hours{1}}), "Europe/Berlin",
                                now)) == show_all({at_utc(2026, 1, 15, 18, 59)}));
  // A session at 09:00 CET: 1 h before is exactly 08:00, no longer quiet.
  CHECK(show_all(reminder_times(at_utc(2026, 1, 15, 8, 0), offsets({hours{1}}), "Europe/Berlin",
                                now)) == show_all({at_utc(2026, 1, 15, 7, 0)}));
  // Custom quiet hours 22:00-07:00: 23:00 UTC moves to 21:59.
  CHECK(show_all(reminder_times(at_utc(2026, 1, 16, 0), offsets({hours{1}}), "UTC", now,
                                {22, 7})) == show_all({at_utc(2026, 1, 15, 21, 59)}));
  // Quiet hours within one day (00:00-06:00): 05:00 moves to 23:59 the day before.
  CHECK(show_all(reminder_times(at_utc(2026, 1, 16, 6), offsets({hours{1}}), "UTC", now, {0, 6})) ==
        show_all({at_utc(2026, 1, 15, 23, 59)}));
  // No quiet hours: 03:00 stays.
  CHECK(show_all(reminder_times(at_utc(2026, 1, 16, 4), offsets({hours{1}}), "UTC", now, {8, 8})) ==
        show_all({at_utc(2026, 1, 16, 3)}));
  // An unknown zone gives nothing to judge the night by: the plain offsets.
  CHECK(show_all(reminder_times(at_utc(2026, 1, 16, 4), offsets({hours{1}}), "Mars/Olympus_Mons",
                                now)) == show_all({at_utc(2026, 1, 16, 3)}));
}

TEST_CASE("past reminders are dropped, duplicates merged, results sorted", "[time]") {
  // Tue 3 Mar 2026 14:00 CET = 13:00 UTC.
  const auto start = at_utc(2026, 3, 3, 13);
  // Now is exactly the 24 h reminder: not after now, so dropped.
  CHECK(show_all(reminder_times(start, default_reminder_offsets(), "Europe/Berlin",
                                at_utc(2026, 3, 2, 13))) == show_all({at_utc(2026, 3, 3, 12)}));
  CHECK(reminder_times(start, default_reminder_offsets(), "Europe/Berlin", at_utc(2026, 3, 3, 12))
            .empty());
  CHECK(reminder_times(start, default_reminder_offsets(), "Europe/Berlin", start).empty());
  // Offsets in any order come back ascending; the same offset twice gives one reminder.
  CHECK(show_all(reminder_times(start, offsets({hours{1}, hours{24}, minutes{60}, hours{2}}),
                                "Europe/Berlin", at_utc(2026, 3, 1, 0))) ==
        show_all({at_utc(2026, 3, 2, 13), at_utc(2026, 3, 3, 11), at_utc(2026, 3, 3, 12)}));
  // A session at Thu 5 Mar 07:00 CET (06:00 UTC): 1 h (06:00) and 2 h (05:00) before both move to
  // Wed 19:59 CET and merge; 24 h (Wed 07:00) moves to Tue 19:59.
  CHECK(show_all(reminder_times(at_utc(2026, 3, 5, 6), offsets({hours{1}, hours{2}, hours{24}}),
                                "Europe/Berlin", at_utc(2026, 3, 1, 0))) ==
        show_all({at_utc(2026, 3, 3, 18, 59), at_utc(2026, 3, 4, 18, 59)}));
  // Moved into the past: a session at Thu 5 Mar 08:30 CET asked for at Wed 20:00 CET (19:00 UTC).
  // The 1 h reminder would move to Wed 19:59, already gone, so there is none (rather than one
  // during the night).
  CHECK(reminder_times(at_utc(2026, 3, 5, 7, 30), default_reminder_offsets(), "Europe/Berlin",
                       at_utc(2026, 3, 4, 19))
            .empty());
}

TEST_CASE("reminders around Berlin's spring-forward night", "[time]") {
  // Sun 29 Mar 2026 08:30 CEST = 06:30 UTC. 1 h before is 07:30 CEST (quiet); the quiet period
  // began Sat 20:00 CET = 19:00 UTC, so 18:59 UTC. 24 h before is Sat 07:30 CET (quiet) -> Fri
  // 19:59 CET.
  CHECK(show_all(reminder_times(at_utc(2026, 3, 29, 6, 30), default_reminder_offsets(),
                                "Europe/Berlin", at_utc(2026, 3, 1, 0))) ==
        show_all({at_utc(2026, 3, 27, 18, 59), at_utc(2026, 3, 28, 18, 59)}));
  // Sun 29 Mar 14:00 CEST = 12:00 UTC: 24 real hours before is Sat 13:00 CET.
  CHECK(show_all(reminder_times(at_utc(2026, 3, 29, 12), default_reminder_offsets(),
                                "Europe/Berlin", at_utc(2026, 3, 1, 0))) ==
        show_all({at_utc(2026, 3, 28, 12), at_utc(2026, 3, 29, 11)}));
}

TEST_CASE("reminders around Berlin's fall-back night", "[time]") {
  // Sun 25 Oct 2026 08:30 CET = 07:30 UTC. 1 h before is 07:30 CET (quiet); the quiet period began
  // Sat 20:00 CEST = 18:00 UTC -> 17:59 UTC (the offset of the evening, not of the morning). 24 h
  // before is Sat 09:30 CEST (07:30 UTC), outside quiet hours.
  CHECK(show_all(reminder_times(at_utc(2026, 10, 25, 7, 30), default_reminder_offsets(),
                                "Europe/Berlin", at_utc(2026, 10, 1, 0))) ==
        show_all({at_utc(2026, 10, 24, 7, 30), at_utc(2026, 10, 24, 17, 59)}));
}

TEST_CASE("reminders around New York's DST changes", "[time]") {
  // Sun 8 Mar 2026 08:30 EDT = 12:30 UTC. 1 h before is 07:30 EDT (quiet) -> Sat 19:59 EST =
  // Sun 00:59 UTC. 24 h before is Sat 07:30 EST (quiet) -> Fri 19:59 EST = Sat 00:59 UTC.
  CHECK(show_all(reminder_times(at_utc(2026, 3, 8, 12, 30), default_reminder_offsets(),
                                "America/New_York", at_utc(2026, 3, 1, 0))) ==
        show_all({at_utc(2026, 3, 7, 0, 59), at_utc(2026, 3, 8, 0, 59)}));
  // Sun 1 Nov 2026 08:30 EST = 13:30 UTC. 1 h before is 07:30 EST (quiet) -> Sat 19:59 EDT =
  // 23:59 UTC. 24 h before is Sat 09:30 EDT (= Sat 13:30 UTC), outside quiet hours.
  CHECK(show_all(reminder_times(at_utc(2026, 11, 1, 13, 30), default_reminder_offsets(),
                                "America/New_York", at_utc(2026, 10, 1, 0))) ==
        show_all({at_utc(2026, 10, 31, 13, 30), at_utc(2026, 10, 31, 23, 59)}));
}

TEST_CASE("reminders in Asia/Kolkata respect the half-hour offset", "[time]") {
  // Wed 4 Mar 2026 09:00 IST = 03:30 UTC. 1 h before is 08:00 IST (allowed); 2 h before is 07:00
  // IST (quiet) -> Tue 19:59 IST = 14:29 UTC; 24 h before is Tue 09:00 IST.
  CHECK(
      show_all(reminder_times(at_utc(2026, 3, 4, 3, 30), offsets({hours{24}, hours{2}, hours{1}}),
                              "Asia/Kolkata", at_utc(2026, 3, 1, 0))) ==
      show_all({at_utc(2026, 3, 3, 3, 30), at_utc(2026, 3, 3, 14, 29), at_utc(2026, 3, 4, 2, 30)}));
}

TEST_CASE("reminders around Lord Howe's half-hour DST changes", "[time]") {
  const auto lh = "Australia/Lord_Howe";
  // Sun 4 Oct 2026 08:00 +11 = Sat 21:00 UTC (spring-forward was 02:00 -> 02:30 that night).
  // 1 h before: Sun 07:00 +11 (quiet) -> Sat 19:59 +10:30 = Sat 09:29 UTC.
  // 24 h before: Sat 3 Oct 07:30 +10:30 (quiet; it would be 08:00 with the summer offset) ->
  // Fri 19:59 +10:30 = Fri 09:29 UTC.
  CHECK(show_all(reminder_times(at_utc(2026, 10, 3, 21), default_reminder_offsets(), lh,
                                at_utc(2026, 9, 1, 0))) ==
        show_all({at_utc(2026, 10, 2, 9, 29), at_utc(2026, 10, 3, 9, 29)}));
  // Sun 5 Apr 2026 09:00 +10:30 = Sat 22:30 UTC (fall-back was 02:00 -> 01:30 that night).
  // 1 h before: 08:00 +10:30, allowed. 2 h before: 07:00 +10:30 (quiet) -> Sat 19:59 +11 =
  // Sat 08:59 UTC. 24 h before: Sat 4 Apr 09:30 +11 = Fri 22:30 UTC, allowed.
  CHECK(
      show_all(reminder_times(at_utc(2026, 4, 4, 22, 30), offsets({hours{24}, hours{2}, hours{1}}),
                              lh, at_utc(2026, 3, 1, 0))) ==
      show_all(
          {at_utc(2026, 4, 3, 22, 30), at_utc(2026, 4, 4, 8, 59), at_utc(2026, 4, 4, 21, 30)}));
}

TEST_CASE("no reminder lands in quiet hours or after its offset, through DST weeks", "[time]") {
  struct Week {
    const char* zone;
    TimePoint from;
  };
  const auto offs = offsets({hours{48}, hours{24}, hours{3}, hours{1}, minutes{15}});
  for (const auto& week : {Week{"Europe/Berlin", at_utc(2026, 3, 26, 0)},
                           Week{"Europe/Berlin", at_utc(2026, 10, 22, 0)},
                           Week{"America/New_York", at_utc(2026, 3, 5, 0)},
                           Week{"America/New_York", at_utc(2026, 10, 29, 0)},
                           Week{"Asia/Kolkata", at_utc(2026, 3, 1, 0)},
                           Week{"Australia/Lord_Howe", at_utc(2026, 4, 2, 0)},
                           Week{"Australia/Lord_Howe", at_utc(2026, 10, 1, 0)}}) {
    for (auto start = week.from; start < week.from + days{7}; start += minutes{15}) {
      const auto now = start - days{3};
      const auto times = reminder_times(start, offs, week.zone, now);
      INFO(week.zone << " session at unix " << to_unix(start));
      REQUIRE(std::is_sorted(times.begin(), times.end()));
      REQUIRE(std::adjacent_find(times.begin(), times.end()) == times.end());
      for (const auto t : times) {
        CHECK_FALSE(in_quiet_hours(t, week.zone));
        CHECK(t > now);
        CHECK(t < start);
      }
      // Each offset is either honoured as is, or moved earlier (never dropped while in the future).
      for (const auto offset : offs) {
        const auto plain = start - offset;
        const bool kept = std::find(times.begin(), times.end(), plain) != times.end();
        const bool quiet = in_quiet_hours(plain, week.zone);
        CHECK(kept != quiet);
        // A moved one is at most a quiet period and a minute earlier: 12 h, but 13 h of real time
        // on a night the clocks go back an hour.
        if (quiet)
          CHECK(std::any_of(times.begin(), times.end(), [&](TimePoint t) {
            return t < plain && plain - t <= hours{13} + minutes{1};
          }));
      }
    }
  }
}

TEST_CASE("format_clock shows one instant on several wall clocks", "[time]") {
  const auto t = at_utc(2026, 3, 3, 13, 30);
  CHECK(format_clock(t, "Europe/Berlin") == "Tue 3 Mar, 14:30");
  CHECK(format_clock(t, "America/New_York") == "Tue 3 Mar, 08:30");
  CHECK(format_clock(t, "Asia/Kolkata") == "Tue 3 Mar, 19:00");
  CHECK(format_clock(t, "Australia/Lord_Howe") == "Wed 4 Mar, 00:30");  // +11 in March
  CHECK(format_clock(at_utc(2026, 6, 14, 22, 30), "Australia/Lord_Howe") == "Mon 15 Jun, 09:00");
  CHECK(format_clock(at_utc(2026, 10, 25, 0, 30), "Europe/Berlin") == "Sun 25 Oct, 02:30");  // CEST
  CHECK(format_clock(at_utc(2026, 10, 25, 1, 30), "Europe/Berlin") == "Sun 25 Oct, 02:30");  // CET
  CHECK(format_clock(t, "Mars/Olympus_Mons") == "Tue 3 Mar, 13:30 UTC");
}
