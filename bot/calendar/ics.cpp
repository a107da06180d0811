#include "bot/calendar/ics.hpp"

#include <libical/ical.h>

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace flipside::calendar {
namespace {

constexpr const char* kProdId = "-//Flipside//Reverse Mentoring Bot//EN";

struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using ComponentPtr = std::unique_ptr<icalcomponent, ComponentFree>;

struct BufferFree {
  void operator()(char* s) const { icalmemory_free_buffer(s); }
};

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes one code point at `i` (advancing it); a malformed or overlong sequence, a surrogate or
// anything past U+10FFFF yields U+FFFD and consumes one byte.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  std::size_t extra = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((lead & 0xE0) == 0xC0) {
    extra = 1, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3, cp = lead & 0x07, min = 0x10000;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + extra >= s.size()) {  // truncated at the end
    ++i;
    return 0xFFFD;
  }
  for (std::size_t k = 1; k <= extra; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return 0xFFFD;
  }
  i += extra + 1;
  return cp;
}

enum class Breaks { kKeep, kToSpace };

// Valid UTF-8 without control characters (TAB kept; CR, LF and CRLF become one LF, or a space).
std::string clean(std::string_view s, Breaks breaks) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '\r' || s[i] == '\n') {
      const bool crlf = s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n';
      i += crlf ? 2 : 1;
      out += breaks == Breaks::kKeep ? '\n' : ' ';
      continue;
    }
    const char32_t cp = next_code_point(s, i);
    if (cp == '\t') {
      out += breaks == Breaks::kKeep ? '\t' : ' ';
    } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      continue;  // C0/C1 controls and DEL are not allowed in iCalendar text
    } else {
      append_utf8(out, cp);
    }
  }
  return out;
}

// CN is a quoted parameter value: no line breaks, and no DQUOTE (libical would need RFC 6868's
// ^' for it, which few clients read).
std::string clean_param(std::string_view s) {
  std::string out = clean(s, Breaks::kToSpace);
  for (char& c : out) {
    if (c == '"') c = '\'';
  }
  return out;
}

bool usable_email(std::string_view email) {
  if (email.empty() || email.find('@') == std::string_view::npos) return false;
  for (const char c : email) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '"' || c == '<' || c == '>') return false;
  }
  return true;
}

icaltimetype utc_time(TimePoint t) {
  return icaltime_from_timet_with_zone(static_cast<time_t>(to_unix(t)), 0,
                                       icaltimezone_get_utc_timezone());
}

// An IANA name as found under /usr/share/zoneinfo: no "..", no leading '/', nothing that would
// need quoting in a TZID parameter. libical opens the file named by it, so nothing else gets in.
bool plausible_zone_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/') return false;
  if (name.find("..") != std::string_view::npos || name.find("//") != std::string_view::npos) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
           c == '_' || c == '-' || c == '+';
  });
}

// libical's builtin zones live in a process-wide registry whose lookup appends to an array
// without a lock; this is its only user in Flipside, so this mutex serialises it.
std::mutex zone_registry_mutex;

// A series' zone: libical's zone (for converting times) and a copy of its VTIMEZONE with the plain
// IANA name as TZID. libical names builtin zones "/freeassociation.sourceforge.net/<name>", and
// icaltimezone_set_tzid_prefix("") cannot change that (an empty prefix reads back as the default),
// so the copy is renamed instead. For "UTC"/"GMT" libical has no VTIMEZONE: `tz` stays null and
// times are written in UTC.
struct SeriesZone {
  icaltimezone* tz = nullptr;
  ComponentPtr vtimezone;
};

SeriesZone find_zone(const std::string& name) {
  const auto unknown = [&] {
    return std::invalid_argument("render_ics: unknown time zone: " + clean(name, Breaks::kToSpace));
  };
  if (!plausible_zone_name(name)) throw unknown();
  SeriesZone zone;
  {
    const std::lock_guard lock(zone_registry_mutex);
    icaltimezone* tz = icaltimezone_get_builtin_timezone(name.c_str());
    icalcomponent* vtz = tz ? icaltimezone_get_component(tz) : nullptr;
    icalerror_clear_errno();  // a failed lookup may leave icalerrno set
    if (tz == icaltimezone_get_utc_timezone()) return zone;
    if (!vtz) throw unknown();
    zone.tz = tz;
    zone.vtimezone.reset(icalcomponent_new_clone(vtz));
  }
  icalproperty* tzid = icalcomponent_get_first_property(zone.vtimezone.get(), ICAL_TZID_PROPERTY);
  if (!tzid) throw unknown();
  icalproperty_set_tzid(tzid, name.c_str());
  return zone;
}

// Writes the event's times: in UTC, or as wall-clock times with TZID=<zone>.
class TimeWriter {
 public:
  TimeWriter(icaltimezone* zone, std::string tzid) : zone_(zone), tzid_(std::move(tzid)) {}

  icalproperty* dtstart(TimePoint t) const { return with_tzid(icalproperty_new_dtstart(at(t))); }
  icalproperty* dtend(TimePoint t) const { return with_tzid(icalproperty_new_dtend(at(t))); }
  icalproperty* exdate(TimePoint t) const { return with_tzid(icalproperty_new_exdate(at(t))); }
  icalproperty* recurrence_id(TimePoint t) const {
    return with_tzid(icalproperty_new_recurrenceid(at(t)));
  }

 private:
  icaltimetype at(TimePoint t) const {
    if (!zone_) return utc_time(t);
    // icaltime_from_timet_with_zone converts the fields to the zone's wall clock but leaves the
    // result marked as UTC (libical 3.0), which would print them with a 'Z'. As a floating time
    // with an explicit TZID parameter they print as intended.
    icaltimetype local = icaltime_from_timet_with_zone(static_cast<time_t>(to_unix(t)), 0, zone_);
    local.zone = nullptr;
    return local;
  }
  icalproperty* with_tzid(icalproperty* p) const {
    if (zone_) icalproperty_add_parameter(p, icalparameter_new_tzid(tzid_.c_str()));
    return p;
  }

  icaltimezone* zone_;
  std::string tzid_;
};

// The VTIMEZONE keeps its rules from 1 January of the year before `earliest` on (open-ended, as a
// series may be), instead of the zone's whole history.
void truncate_vtimezone(icalcomponent* vtz, TimePoint earliest) {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(earliest)};
  const TimePoint from{sys_days{(ymd.year() - years{1}) / January / 1}};
  icaltimezone_truncate_vtimezone(vtz, utc_time(from), icaltime_null_time(), 0);
}

void add_attendees(icalcomponent* event, const CalendarEvent& e) {
  for (const auto& [name, email] : e.attendees) {
    if (!usable_email(email)) continue;
    const std::string address = "mailto:" + clean(email, Breaks::kToSpace);
    icalproperty* attendee = icalproperty_new_attendee(address.c_str());
    if (const std::string cn = clean_param(name); !cn.empty()) {
      icalproperty_add_parameter(attendee, icalparameter_new_cn(cn.c_str()));
    }
    icalcomponent_add_property(event, attendee);
  }
}

// UID, SEQUENCE and DTSTAMP, the same on the master VEVENT and on each moved occurrence.
void add_common(icalcomponent* event, const CalendarEvent& e, const std::string& uid) {
  icalcomponent_add_property(event, icalproperty_new_uid(uid.c_str()));
  icalcomponent_add_property(event, icalproperty_new_sequence(e.sequence));
  icalcomponent_add_property(event, icalproperty_new_dtstamp(utc_time(e.stamp)));
}

// Summary, agenda, status and people. Clients let an override replace the whole occurrence, so a
// moved occurrence repeats them (and is cancelled with the series).
void add_text_and_people(icalcomponent* event, const CalendarEvent& e) {
  icalcomponent_add_property(event,
                             icalproperty_new_summary(clean(e.summary, Breaks::kKeep).c_str()));
  if (const std::string description = clean(e.description, Breaks::kKeep); !description.empty()) {
    icalcomponent_add_property(event, icalproperty_new_description(description.c_str()));
  }
  icalcomponent_add_property(
      event, icalproperty_new_status(e.cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
  add_attendees(event, e);
}

void validate_occurrences(const CalendarEvent& e) {
  const bool series_only =
      !e.zone.empty() || !e.cancelled_occurrences.empty() || !e.moved_occurrences.empty();
  if (series_only && !e.rrule) {
    throw std::invalid_argument(
        "render_ics: a zone, cancelled or moved occurrences need a series (an rrule)");
  }
  std::set<TimePoint> moved;
  for (const auto& m : e.moved_occurrences) {
    if (m.length <= std::chrono::minutes::zero()) {
      throw std::invalid_argument("render_ics: a moved occurrence's length must be positive");
    }
    if (!moved.insert(m.original).second) {
      throw std::invalid_argument("render_ics: the same occurrence is moved twice");
    }
  }
  for (const TimePoint t : e.cancelled_occurrences) {
    if (moved.count(t) != 0) {
      throw std::invalid_argument("render_ics: an occurrence is both cancelled and moved");
    }
  }
}

icalrecurrencetype parse_rrule(const std::string& text) {
  const std::string cleaned = clean(text, Breaks::kToSpace);
  if (cleaned.empty() || cleaned != text) {
    throw std::invalid_argument("render_ics: malformed RRULE: " + cleaned);
  }
  icalerror_clear_errno();
  const icalrecurrencetype r = icalrecurrencetype_from_string(text.c_str());
  if (r.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
    icalerror_clear_errno();
    throw std::invalid_argument("render_ics: malformed RRULE: " + text);
  }
  return r;
}

}  // namespace

std::string render_ics(const CalendarEvent& e) {
  const std::string uid = clean(e.uid, Breaks::kToSpace);
  if (uid.empty()) throw std::invalid_argument("render_ics: empty UID");
  if (e.length <= std::chrono::minutes::zero()) {
    throw std::invalid_argument("render_ics: length must be positive");
  }
  std::optional<icalrecurrencetype> rrule;
  if (e.rrule) rrule = parse_rrule(*e.rrule);
  validate_occurrences(e);
  SeriesZone zone;
  if (!e.zone.empty()) zone = find_zone(e.zone);
  const TimeWriter times(zone.tz, e.zone);

  ComponentPtr calendar{icalcomponent_new_vcalendar()};
  icalcomponent* cal = calendar.get();
  icalcomponent_add_property(cal, icalproperty_new_prodid(kProdId));
  icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
  icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
  icalcomponent_add_property(
      cal, icalproperty_new_method(e.cancelled ? ICAL_METHOD_CANCEL : ICAL_METHOD_PUBLISH));

  if (zone.vtimezone) {
    TimePoint earliest = e.start;
    for (const TimePoint t : e.cancelled_occurrences) earliest = std::min(earliest, t);
    for (const auto& m : e.moved_occurrences) earliest = std::min({earliest, m.original, m.start});
    truncate_vtimezone(zone.vtimezone.get(), earliest);
    icalcomponent_add_component(cal, zone.vtimezone.release());  // the calendar owns it now
  }

  // Added to the calendar at once, so the calendar owns (and frees) it from here on.
  icalcomponent* event = icalcomponent_new_vevent();
  icalcomponent_add_component(cal, event);
  add_common(event, e, uid);
  icalcomponent_add_property(event, times.dtstart(e.start));
  icalcomponent_add_property(event, times.dtend(e.start + e.length));
  if (rrule) icalcomponent_add_property(event, icalproperty_new_rrule(*rrule));
  for (const TimePoint t : e.cancelled_occurrences) {
    icalcomponent_add_property(event, times.exdate(t));
  }
  add_text_and_people(event, e);

  for (const auto& m : e.moved_occurrences) {
    icalcomponent* moved = icalcomponent_new_vevent();
    icalcomponent_add_component(cal, moved);
    add_common(moved, e, uid);
    icalcomponent_add_property(moved, times.recurrence_id(m.original));
    icalcomponent_add_property(moved, times.dtstart(m.start));
    icalcomponent_add_property(moved, times.dtend(m.start + m.length));
    add_text_and_people(moved, e);
  }

  const std::unique_ptr<char, BufferFree> text{icalcomponent_as_ical_string_r(cal)};
  if (!text) throw std::runtime_error("render_ics: libical could not serialise the calendar");
  return std::string(text.get());
}

}  // namespace flipside::calendar
