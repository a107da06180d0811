#pragma once
// Calendar invites for mentoring sessions as RFC 5545 iCalendar text (.ics). Rendered with libical,
// which stays inside ics.cpp: nothing here needs its headers.
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bot/core/clock.hpp"

namespace flipside::calendar {

// One session (or a recurring series of them) as a single VEVENT. Reschedules and cancellations
// re-render the same `uid` with a higher `sequence`, so calendar clients update the event they
// already hold instead of adding a second one.
struct CalendarEvent {
  std::string uid;   // stable across updates, e.g. "session-42@flipside"
  int sequence = 0;  // bumped on every reschedule/cancel
  TimePoint start;   // UTC
  std::chrono::minutes length{45};
  std::string summary;      // "Reverse mentoring: Ana & Lee"
  std::string description;  // agenda text, plain; omitted from the invite when empty
  // {name, email}. Someone without a usable email (empty, no '@', spaces) gets no ATTENDEE line:
  // an ATTENDEE must be an address.
  std::vector<std::pair<std::string, std::string>> attendees;
  bool cancelled = false;            // STATUS:CANCELLED, METHOD:CANCEL (else CONFIRMED, PUBLISH)
  std::optional<std::string> rrule;  // e.g. "FREQ=WEEKLY;INTERVAL=2;COUNT=8" for a series
  TimePoint stamp;                   // DTSTAMP (now)
};

// The event as a complete VCALENDAR: CRLF line endings, lines folded at 75 octets (never inside a
// UTF-8 sequence), PRODID, VERSION:2.0, METHOD:PUBLISH (CANCEL when cancelled), times in UTC
// ("DTSTART:20260303T093000Z", so no VTIMEZONE), DTEND = start + length. Text is escaped per
// RFC 5545; control characters are dropped, CR/CRLF become line breaks, invalid UTF-8 becomes
// U+FFFD. Throws std::invalid_argument for an empty uid, a length that is not positive or an rrule
// libical cannot parse (the RRULE written is libical's re-serialisation, never the raw string).
std::string render_ics(const CalendarEvent& e);

}  // namespace flipside::calendar
