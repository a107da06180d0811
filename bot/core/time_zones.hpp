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

// "Tue 3 Mar, 09:00 (Europe/Berlin)". Falls back to UTC for an unknown zone, and says so.
std::string format_local(TimePoint t, std::string_view iana_name);

// The first instant at or after `not_before` when the wall clock in `iana_name` shows hh:00.
// Correct across daylight-saving changes (a skipped hour moves forward, a repeated one takes the
// first occurrence).
std::optional<TimePoint> next_local_hour(TimePoint not_before, std::string_view iana_name,
                                         int hour);

}  // namespace flipside
