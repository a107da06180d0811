#include "bot/calendar/ics.hpp"

#include <libical/ical.h>

#include <cstdint>
#include <ctime>
#include <memory>
#include <stdexcept>
#include <string_view>

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

  ComponentPtr calendar{icalcomponent_new_vcalendar()};
  icalcomponent* cal = calendar.get();
  icalcomponent_add_property(cal, icalproperty_new_prodid(kProdId));
  icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
  icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
  icalcomponent_add_property(
      cal, icalproperty_new_method(e.cancelled ? ICAL_METHOD_CANCEL : ICAL_METHOD_PUBLISH));

  // Added to the calendar at once, so the calendar owns (and frees) it from here on.
  icalcomponent* event = icalcomponent_new_vevent();
  icalcomponent_add_component(cal, event);
  icalcomponent_add_property(event, icalproperty_new_uid(uid.c_str()));
  icalcomponent_add_property(event, icalproperty_new_sequence(e.sequence));
  icalcomponent_add_property(event, icalproperty_new_dtstamp(utc_time(e.stamp)));
  icalcomponent_add_property(event, icalproperty_new_dtstart(utc_time(e.start)));
  icalcomponent_add_property(event, icalproperty_new_dtend(utc_time(e.start + e.length)));
  if (rrule) icalcomponent_add_property(event, icalproperty_new_rrule(*rrule));
  icalcomponent_add_property(event,
                             icalproperty_new_summary(clean(e.summary, Breaks::kKeep).c_str()));
  if (const std::string description = clean(e.description, Breaks::kKeep); !description.empty()) {
    icalcomponent_add_property(event, icalproperty_new_description(description.c_str()));
  }
  icalcomponent_add_property(
      event, icalproperty_new_status(e.cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
  for (const auto& [name, email] : e.attendees) {
    if (!usable_email(email)) continue;
    const std::string address = "mailto:" + clean(email, Breaks::kToSpace);
    icalproperty* attendee = icalproperty_new_attendee(address.c_str());
    if (const std::string cn = clean_param(name); !cn.empty()) {
      icalproperty_add_parameter(attendee, icalparameter_new_cn(cn.c_str()));
    }
    icalcomponent_add_property(event, attendee);
  }

  const std::unique_ptr<char, BufferFree> text{icalcomponent_as_ical_string_r(cal)};
  if (!text) throw std::runtime_error("render_ics: libical could not serialise the calendar");
  return std::string(text.get());
}

}  // namespace flipside::calendar
