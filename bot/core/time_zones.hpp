#pragma once
// Time-zone facts from the system tz database (through Howard Hinnant's date library), kept out
// of headers that many files include.
#include <optional>
#include <string>
#include <string_view>

#include "clock.hpp"

namespace flipside {

bool is_known_time_zone(std::string_view iana_name);
// The tz database's own name for a zone, resolving legacy links ("Asia/Calcutta", which some
// browsers still report, becomes "Asia/Kolkata"). Empty for an unknown name.
std::string canonical_time_zone(std::string_view iana_name);

// "3 Mar 2026" (the UTC date).
std::string format_date(TimePoint t);
// A real calendar date written strictly as YYYY-MM-DD (what date pickers submit); nullopt
// otherwise.
std::optional<std::chrono::year_month_day> parse_date(std::string_view text);
// "3 Mar 2026".
std::string format_day(std::chrono::year_month_day day);
// "2026-03-03", what parse_date reads.
std::string date_text(std::chrono::year_month_day day);
// The person's calendar date at `t` in `iana_name` (UTC for an unknown zone).
std::chrono::year_month_day local_date(TimePoint t, std::string_view iana_name);
// Minutes the zone is ahead of UTC at `t` (e.g. 60 for Europe/Berlin in winter); 0 if unknown.
int utc_offset_minutes(TimePoint t, std::string_view iana_name);

// "Tue 3 Mar, 09:00 (Europe/Berlin)". Falls back to UTC for an unknown zone, and says so.
std::string format_local(TimePoint t, std::string_view iana_name);

// The first instant at or after `not_before` when the wall clock in `iana_name` shows hh:00.
// Correct across daylight-saving changes (a skipped hour moves forward, a repeated one takes the
// first occurrence).
std::optional<TimePoint> next_local_hour(TimePoint not_before, std::string_view iana_name,
                                         int hour);

}  // namespace flipside
