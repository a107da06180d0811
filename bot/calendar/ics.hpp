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

  // For a series: the IANA zone whose wall clock the series keeps ("Europe/London": 09:30 stays
  // 09:30 across daylight-saving changes, as the occurrences Flipside books do). With a zone,
  // DTSTART/DTEND/EXDATE/RECURRENCE-ID (of the series and of its moved occurrences) carry
  // TZID=<zone> and the calendar holds a VTIMEZONE for it (libical's, from the system tz database,
  // with its rules from 1 January of the year before the series on); without one, times are UTC
  // as for single sessions. "UTC" and "GMT" also give plain UTC times. An unknown zone throws
  // std::invalid_argument.
  std::string zone;
  // Occurrences of the series that were cancelled, by their start under the rule (EXDATE).
  std::vector<TimePoint> cancelled_occurrences;
  // Occurrences moved to another time: an extra VEVENT with the same UID, SEQUENCE and DTSTAMP,
  // RECURRENCE-ID = the start under the rule, its own DTSTART/DTEND, no RRULE, and the series'
  // summary, description, status and attendees.
  struct MovedOccurrence {
    TimePoint original;  // start under the rule
    TimePoint start;     // where it is now (UTC)
    std::chrono::minutes length{45};
  };
  std::vector<MovedOccurrence> moved_occurrences;
};

// The event as a complete VCALENDAR: CRLF line endings, lines folded at 75 octets (never inside a
// UTF-8 sequence), PRODID, VERSION:2.0, METHOD:PUBLISH (CANCEL when cancelled, which cancels the
// moved occurrences too), DTEND = start + length. Times are in UTC ("DTSTART:20260303T093000Z", no
// VTIMEZONE) unless a series names its `zone`; DTSTAMP always is. The master VEVENT comes first,
// then one VEVENT per moved occurrence. Text is escaped per RFC 5545; control characters are
// dropped, CR/CRLF become line breaks, invalid UTF-8 becomes U+FFFD. Throws std::invalid_argument
// for an empty uid, a length (or a moved occurrence's length) that is not positive, an rrule
// libical cannot parse (the RRULE written is libical's re-serialisation, never the raw string), an
// unknown zone, a zone or cancelled/moved occurrences without an rrule, and an occurrence moved
// twice or both moved and cancelled.
std::string render_ics(const CalendarEvent& e);

}  // namespace flipside::calendar
