#pragma once
// Minutes as the scripted-programme tests state them: "2026-03-15 18:59" in UTC, and
// "Sun 15 Mar 19:59" on someone's wall clock, so expectations read like a calendar.
#include <string>

#include "bot/core/clock.hpp"

namespace flipside::testing {

// "2026-03-15 18:59": the minute `t` falls in, in UTC.
std::string utc_text(TimePoint t);
// "Sun 15 Mar 19:59": the same minute on the wall clock in `zone`.
std::string local_text(TimePoint t, const std::string& zone);
// "2026-03-15 18:59" (UTC) as an instant; fails the test if it does not read.
TimePoint utc(const std::string& text);
// The text with line breaks as spaces, for one-line dumps and messages.
std::string one_line(std::string text);

}  // namespace flipside::testing
