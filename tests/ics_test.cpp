// Calendar invites (.ics): rendered with libical, then read back by an independent parser,
// Debian's python3-icalendar, so a mistake shared by our writer and libical's own parser still
// shows.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bot/calendar/ics.hpp"
#include "support/temp_dir.hpp"

using namespace flipside;
using namespace flipside::calendar;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using flipside::testing::TempDir;

namespace {

constexpr const char* kPython = "/usr/bin/python3";  // Debian's, where python3-icalendar lives

// Reads the file named by argv[1] with icalendar.Calendar.from_ical and prints what it understood
// as JSON: every VEVENT, and for the master (the one without RECURRENCE-ID) its fields and its
// occurrences in UTC, expanded with python3-dateutil (a dependency of python3-icalendar) minus its
// EXDATEs, once through pytz's copy of the zone and once through the VTIMEZONE in the invite.
// Moved occurrences (VEVENTs with a RECURRENCE-ID) are listed as `overrides`.
constexpr const char* kReader = R"PY(
import json, sys
from datetime import timezone
import icalendar
from dateutil import rrule as du_rrule

with open(sys.argv[1], 'rb') as f:
    cal = icalendar.Calendar.from_ical(f.read())

def text(comp, key):
    return str(comp[key]) if key in comp else None

def iso(comp, key):
    return comp.decoded(key).isoformat() if key in comp else None

def utc(dt):
    return dt.astimezone(timezone.utc).isoformat()

def utc_of(comp, key):
    return utc(comp.decoded(key)) if key in comp else None

def as_list(value):
    return value if isinstance(value, list) else [value]

def expand(ev, tz):
    # Occurrences as aware datetimes. pytz zones (python3-icalendar 4.0.3 on Debian 12 uses them)
    # carry one fixed offset per datetime, and dateutil keeps that offset for every occurrence,
    # which is wrong across a DST change: expand the naive wall-clock times and localize each.
    start = ev.decoded('DTSTART')
    recur = icalendar.prop.vRecur(ev['RRULE'])
    if hasattr(tz, 'localize'):
        if 'UNTIL' in recur:
            recur['UNTIL'] = [u.astimezone(tz).replace(tzinfo=None) if getattr(u, 'tzinfo', None)
                              else u for u in recur['UNTIL']]
        naive = start.astimezone(tz).replace(tzinfo=None)
        rule = du_rrule.rrulestr(recur.to_ical().decode(), dtstart=naive)
        return [tz.localize(d) for d in list(rule)[:50]]
    rule = du_rrule.rrulestr(recur.to_ical().decode(), dtstart=start.astimezone(tz))
    return list(rule)[:50]

def vtimezone_to_tz(vtz):
    # Timezone.to_tz() of python3-icalendar 4.0.3 hands an RRULE with a UTC UNTIL (which RFC 5545
    # requires in a VTIMEZONE) to dateutil with a naive DTSTART, which dateutil refuses; it then
    # reads UNTIL as local time anyway. Give it that local UNTIL.
    for obs in vtz.subcomponents:
        recur = obs.get('RRULE')
        if recur and 'UNTIL' in recur:
            offset = obs['TZOFFSETFROM'].td
            recur['UNTIL'] = [u.astimezone(timezone.utc).replace(tzinfo=None) + offset
                              if getattr(u, 'tzinfo', None) else u for u in recur['UNTIL']]
    return vtz.to_tz()

def exdates(ev):
    out = set()
    for prop in as_list(ev.get('EXDATE', [])):
        for d in prop.dts:
            out.add(utc(d.dt))
    return out

def attendees(ev):
    return [{'address': str(a), 'cn': a.params.get('CN')} for a in as_list(ev.get('ATTENDEE', []))]

components = [c.name for c in cal.walk()]
events = [c for c in cal.walk() if c.name == 'VEVENT']
masters = [c for c in events if 'RECURRENCE-ID' not in c]
overrides = [c for c in events if 'RECURRENCE-ID' in c]
vtimezones = {str(c['TZID']): c for c in cal.walk() if c.name == 'VTIMEZONE'}
out = {
    'components': components,
    'errors': [[c.name, str(e)] for c in cal.walk() for e in getattr(c, 'errors', [])],
    'method': text(cal, 'METHOD'),
    'version': text(cal, 'VERSION'),
    'prodid': text(cal, 'PRODID'),
    'vtimezones': sorted(vtimezones),
    'events': [{
        'uid': text(ev, 'UID'),
        'sequence': int(ev.decoded('SEQUENCE')) if 'SEQUENCE' in ev else None,
        'recurrence_id_utc': utc_of(ev, 'RECURRENCE-ID'),
        'dtstart_utc': utc_of(ev, 'DTSTART'),
        'has_rrule': 'RRULE' in ev,
    } for ev in events],
}
if events:
    ev = masters[0] if masters else events[0]
    out.update({
        'uid': text(ev, 'UID'),
        'sequence': int(ev.decoded('SEQUENCE')) if 'SEQUENCE' in ev else None,
        'dtstamp': iso(ev, 'DTSTAMP'),
        'dtstart': iso(ev, 'DTSTART'),
        'dtend': iso(ev, 'DTEND'),
        'dtstart_tzid': ev['DTSTART'].params.get('TZID') if 'DTSTART' in ev else None,
        'summary': text(ev, 'SUMMARY'),
        'description': text(ev, 'DESCRIPTION'),
        'status': text(ev, 'STATUS'),
        'attendees': attendees(ev),
        'rrule': None,
        'occurrences': None,
        'occurrences_via_vtimezone': None,
    })
    if 'RRULE' in ev:
        out['rrule'] = {k: [str(v) for v in vals] for k, vals in ev['RRULE'].items()}
        excluded = exdates(ev)
        tz = ev.decoded('DTSTART').tzinfo
        out['occurrences'] = [utc(d) for d in expand(ev, tz) if utc(d) not in excluded]
        # The same through the VTIMEZONE the invite carries (what a client without its own copy
        # of the tz database goes by), rather than through pytz's copy of the zone.
        tzid = out['dtstart_tzid']
        if tzid in vtimezones:
            vtz = vtimezone_to_tz(vtimezones[tzid])
            out['occurrences_via_vtimezone'] = [
                utc(d) for d in expand(ev, vtz) if utc(d) not in excluded]
    out['overrides'] = [{
        'uid': text(o, 'UID'),
        'sequence': int(o.decoded('SEQUENCE')) if 'SEQUENCE' in o else None,
        'recurrence_id_utc': utc_of(o, 'RECURRENCE-ID'),
        'dtstart_utc': utc_of(o, 'DTSTART'),
        'dtend_utc': utc_of(o, 'DTEND'),
        'dtstamp': iso(o, 'DTSTAMP'),
        'summary': text(o, 'SUMMARY'),
        'status': text(o, 'STATUS'),
        'has_rrule': 'RRULE' in o,
        'attendees': attendees(o),
    } for o in overrides]
print(json.dumps(out))
)PY";

TimePoint at(int y, unsigned m, unsigned d, std::chrono::minutes time_of_day) {
  return std::chrono::sys_days{std::chrono::year{y} / m / d} + time_of_day;
}

CalendarEvent plain_event() {
  CalendarEvent e;
  e.uid = "session-42@flipside";
  e.sequence = 0;
  e.start = at(2026, 3, 3, 9h + 30min);
  e.length = 45min;
  e.summary = "Reverse mentoring: Ana & Lee";
  e.description = "Agenda: what each of you wants from the programme.";
  e.attendees = {{"Ana Souza", "ana@example.com"}, {"Lee Chen", "lee@example.com"}};
  e.stamp = at(2026, 2, 20, 14h + 5min);
  return e;
}

// Commas, semicolons, backslashes, line breaks (LF and CRLF), quotes and non-ASCII, long enough
// that libical has to fold it (and must not fold inside a UTF-8 sequence).
const std::string kAwkwardDescription =
    "Agenda, part 1; warm-up\n"
    "Topics: Slack\\Teams \"bots\", naïve café crème brûlée — 日本語のテキスト 😀\r\n"
    "Ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé end;\n"
    "ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé";
const std::string kAwkwardDescriptionAsRead =  // CRLF becomes one line break
    "Agenda, part 1; warm-up\n"
    "Topics: Slack\\Teams \"bots\", naïve café crème brûlée — 日本語のテキスト 😀\n"
    "Ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé end;\n"
    "ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé";

CalendarEvent awkward_event() {
  CalendarEvent e = plain_event();
  e.uid = "session-43@flipside";
  e.summary = "Reverse mentoring: Zoë & Łukasz; week 1, pilot";
  e.description = kAwkwardDescription;
  e.attendees = {{"Zoë Müller-Lüdenscheidt", "zoe@example.com"},
                 {"Łukasz \"Luke\" Nowak, Jr.", "lukasz@example.com"},
                 {"No Email Person", ""}};
  return e;
}

CalendarEvent cancelled_event() {
  CalendarEvent e = plain_event();
  e.sequence = 3;
  e.cancelled = true;
  e.start = at(2026, 3, 5, 16h);
  e.length = 30min;
  return e;
}

CalendarEvent series_event() {
  CalendarEvent e = plain_event();
  e.uid = "series-7@flipside";
  e.start = at(2026, 3, 3, 23h + 30min);  // late in UTC: the date must not slip
  e.length = 60min;
  e.rrule = "FREQ=WEEKLY;INTERVAL=2;COUNT=8";
  return e;
}

std::vector<std::string> crlf_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto end = text.find("\r\n", pos);
    if (end == std::string::npos) {
      lines.push_back(text.substr(pos));  // unterminated: reported by check_shape
      break;
    }
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

// CRLF line endings only, no content line over 75 octets, and no fold inside a UTF-8 sequence.
void check_shape(const std::string& ics) {
  REQUIRE(ics.size() >= 2);
  CHECK(ics.substr(ics.size() - 2) == "\r\n");
  for (std::size_t i = 0; i < ics.size(); ++i) {
    if (ics[i] == '\n') {
      INFO("byte " << i);
      REQUIRE(i > 0);
      CHECK(ics[i - 1] == '\r');
    }
    if (ics[i] == '\r') {
      INFO("byte " << i);
      REQUIRE(i + 1 < ics.size());
      CHECK(ics[i + 1] == '\n');
    }
  }
  const auto lines = crlf_lines(ics);
  CHECK(lines.front() == "BEGIN:VCALENDAR");
  CHECK(lines.back() == "END:VCALENDAR");
  for (const auto& line : lines) {
    INFO("line: " << line);
    CHECK(line.size() <= 75);
    CHECK_FALSE(line.empty());
    if (line.size() > 1 && line[0] == ' ') {
      CHECK((static_cast<unsigned char>(line[1]) & 0xC0) != 0x80);  // not a continuation byte
    }
  }
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

bool python_icalendar_available() {
  if (::access(kPython, X_OK) != 0) return false;
  const std::string command =
      std::string(kPython) + " -c 'import icalendar, dateutil.rrule' >/dev/null 2>&1";
  const int raw = std::system(command.c_str());
  return WIFEXITED(raw) && WEXITSTATUS(raw) == 0;
}

// What the calendar should hold besides the master VEVENT: a VTIMEZONE (a series with a zone)
// and override VEVENTs (moved occurrences). The components are checked strictly against it.
struct Shape {
  std::string zone;  // the VTIMEZONE's TZID, or none
  int overrides = 0;
};

// The invite as python3-icalendar understood it, or nothing (after a WARN) when that parser is not
// installed. Without the parser the test case makes no assertion, so ctest (--warn NoAssertions)
// reports it as failed rather than passed.
std::optional<nlohmann::json> read_back(const std::string& ics, const Shape& shape = {}) {
  if (!python_icalendar_available()) {
    WARN("SKIPPED: " << kPython
                     << " cannot import icalendar (and dateutil); install Debian's "
                        "python3-icalendar (scripts/install-deps.sh). The .ics was NOT checked by "
                        "an independent parser.");
    return std::nullopt;
  }
  TempDir dir;
  const auto ics_path = dir.file("invite.ics");
  const auto script_path = dir.file("read_ics.py");
  const auto out_path = dir.file("out.json");
  const auto err_path = dir.file("err.txt");
  std::ofstream(ics_path, std::ios::binary) << ics;
  std::ofstream(script_path, std::ios::binary) << kReader;
  const std::string command = std::string(kPython) + " " + shell_quote(script_path) + " " +
                              shell_quote(ics_path) + " >" + shell_quote(out_path) + " 2>" +
                              shell_quote(err_path);
  const int raw = std::system(command.c_str());
  INFO("python3-icalendar stderr: " << slurp(err_path));
  INFO("ics:\n" << ics);
  REQUIRE(WIFEXITED(raw));
  REQUIRE(WEXITSTATUS(raw) == 0);
  auto parsed = nlohmann::json::parse(slurp(out_path));
  INFO("parsed: " << parsed.dump(2));
  CHECK(parsed["errors"].empty());
  // VCALENDAR, then the VTIMEZONE with its observances (as many as libical wrote, at least one),
  // then the master VEVENT and its overrides; nothing else.
  const auto components = parsed["components"].get<std::vector<std::string>>();
  std::vector<std::string> expected{"VCALENDAR"};
  if (!shape.zone.empty()) {
    expected.push_back("VTIMEZONE");
    for (std::size_t i = 2; i < components.size(); ++i) {
      if (components[i] != "STANDARD" && components[i] != "DAYLIGHT") break;
      expected.push_back(components[i]);
    }
    CHECK(expected.size() > 2);
  }
  expected.insert(expected.end(), 1 + shape.overrides, "VEVENT");
  CHECK(components == expected);
  CHECK(parsed["vtimezones"] ==
        (shape.zone.empty() ? nlohmann::json::array() : nlohmann::json::array({shape.zone})));
  CHECK(parsed["version"] == "2.0");
  CHECK(parsed["prodid"] == "-//Flipside//Reverse Mentoring Bot//EN");
  return parsed;
}

// The lines of the VTIMEZONE block (BEGIN to END), or none.
std::vector<std::string> vtimezone_lines(const std::string& ics) {
  std::vector<std::string> block;
  bool inside = false;
  for (const auto& line : crlf_lines(ics)) {
    if (line == "BEGIN:VTIMEZONE") inside = true;
    if (inside) block.push_back(line);
    if (line == "END:VTIMEZONE") break;
  }
  return block;
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

// Weekly at 09:30 London time from Tuesday 16 March 2027: GMT (09:30Z) until BST starts on Sunday
// 28 March 2027, then 08:30Z.
CalendarEvent london_series() {
  CalendarEvent e = plain_event();
  e.uid = "series-8@flipside";
  e.zone = "Europe/London";
  e.start = at(2027, 3, 16, 9h + 30min);
  e.length = 45min;
  e.rrule = "FREQ=WEEKLY;COUNT=4";
  return e;
}

// Weekly at 10:00 Lord Howe Island time from Wednesday 24 March 2027. Lord Howe shifts by half an
// hour: +11:00 in the southern summer, +10:30 after DST ends on the first Sunday of April (4 April
// 2027, 02:00 local). 10:00 at +11:00 is 23:00Z the day before; at +10:30, 23:30Z.
CalendarEvent lord_howe_series() {
  CalendarEvent e = plain_event();
  e.uid = "series-9@flipside";
  e.zone = "Australia/Lord_Howe";
  e.start = at(2027, 3, 23, 23h);
  e.length = 60min;
  e.rrule = "FREQ=WEEKLY;COUNT=4";
  return e;
}

}  // namespace

TEST_CASE("render_ics: CRLF, 75-octet folding, UTC times and escaping in the raw text", "[ics]") {
  for (const auto& e : {plain_event(), awkward_event(), cancelled_event(), series_event()}) {
    const auto ics = render_ics(e);
    INFO("ics:\n" << ics);
    check_shape(ics);
    CHECK_THAT(ics, Contains("\r\nVERSION:2.0\r\n"));
    CHECK_THAT(ics, Contains("\r\nPRODID:"));
    CHECK_THAT(ics, Contains("\r\nUID:" + e.uid + "\r\n"));
    CHECK_THAT(ics, Contains("\r\nSEQUENCE:" + std::to_string(e.sequence) + "\r\n"));
    CHECK_THAT(ics, Contains("\r\nDTSTAMP:20260220T140500Z\r\n"));
    CHECK_THAT(ics, !Contains("VTIMEZONE"));
    CHECK_THAT(ics, !Contains("TZID"));
  }

  const auto plain = render_ics(plain_event());
  CHECK_THAT(plain, Contains("\r\nMETHOD:PUBLISH\r\n"));
  CHECK_THAT(plain, Contains("\r\nSTATUS:CONFIRMED\r\n"));
  CHECK_THAT(plain, Contains("\r\nDTSTART:20260303T093000Z\r\n"));
  CHECK_THAT(plain, Contains("\r\nDTEND:20260303T101500Z\r\n"));
  CHECK_THAT(plain, Contains("\r\nATTENDEE;CN=Ana Souza:mailto:ana@example.com\r\n"));
  CHECK_THAT(plain, !Contains("RRULE"));

  // Unfolded, the description is escaped per RFC 5545 (\, \; \\ \n) and the summary too.
  std::string unfolded = render_ics(awkward_event());
  for (std::size_t p; (p = unfolded.find("\r\n ")) != std::string::npos;) unfolded.erase(p, 3);
  CHECK_THAT(unfolded,
             Contains("\r\nSUMMARY:Reverse mentoring: Zoë & Łukasz\\; week 1\\, pilot\r\n"));
  CHECK_THAT(unfolded, Contains("DESCRIPTION:Agenda\\, part 1\\; warm-up\\nTopics: Slack\\\\Teams "
                                "\"bots\"\\, naïve café"));
  CHECK_THAT(unfolded, Contains("😀\\nÜnïcödé"));
  CHECK_THAT(unfolded, !Contains("No Email"));  // no address, so no ATTENDEE line

  const auto cancelled = render_ics(cancelled_event());
  CHECK_THAT(cancelled, Contains("\r\nMETHOD:CANCEL\r\n"));
  CHECK_THAT(cancelled, Contains("\r\nSTATUS:CANCELLED\r\n"));
  CHECK_THAT(cancelled, Contains("\r\nSEQUENCE:3\r\n"));

  CHECK_THAT(render_ics(series_event()), Contains("\r\nRRULE:FREQ=WEEKLY;"));
}

TEST_CASE("render_ics: control characters are dropped, invalid UTF-8 replaced", "[ics]") {
  auto e = plain_event();
  e.summary = std::string("Bell\x07 and \x1b[31mred\x1b[0m ") + "\xC3" + "(" + "\xFF";
  e.description = "line one\rline two\x7f";
  std::string unfolded = render_ics(e);
  for (std::size_t p; (p = unfolded.find("\r\n ")) != std::string::npos;) unfolded.erase(p, 3);
  CHECK_THAT(unfolded, Contains("\r\nSUMMARY:Bell and [31mred[0m \xEF\xBF\xBD(\xEF\xBF\xBD\r\n"));
  CHECK_THAT(unfolded, Contains("\r\nDESCRIPTION:line one\\nline two\r\n"));
}

TEST_CASE("render_ics: bad input is refused", "[ics]") {
  auto e = plain_event();
  SECTION("malformed RRULE") {
    e.rrule = "FREQ=FORTNIGHTLY";
    CHECK_THROWS_AS(render_ics(e), std::invalid_argument);
  }
  SECTION("empty RRULE") {
    e.rrule = "";
    CHECK_THROWS_AS(render_ics(e), std::invalid_argument);
  }
  SECTION("RRULE smuggling another property") {
    e.rrule = "FREQ=WEEKLY;COUNT=2\r\nATTENDEE:mailto:evil@example.com";
    CHECK_THROWS_AS(render_ics(e), std::invalid_argument);
  }
  SECTION("empty UID") {
    e.uid = "";
    CHECK_THROWS_AS(render_ics(e), std::invalid_argument);
  }
  SECTION("zero length") {
    e.length = 0min;
    CHECK_THROWS_AS(render_ics(e), std::invalid_argument);
  }
  SECTION("unknown time zone") {
    e.rrule = "FREQ=WEEKLY;COUNT=4";
    for (const char* zone :
         {"Europe/Atlantis", "Europe", "europe/london", "Europe/London ", "../../../etc/localtime",
          "/usr/share/zoneinfo/Europe/London", "Europe/London;X=1", "zone.tab"}) {
      INFO("zone: " << zone);
      e.zone = zone;
      CHECK_THROWS_WITH(render_ics(e),
                        Catch::Matchers::StartsWith("render_ics: unknown time zone: "));
    }
  }
  SECTION("a zone without an rrule") {
    e.zone = "Europe/London";
    CHECK_THROWS_AS(render_ics(e), std::invalid_argument);
  }
  SECTION("a cancelled occurrence (EXDATE) without an rrule") {
    e.cancelled_occurrences = {e.start + 7 * 24h};
    CHECK_THROWS_AS(render_ics(e), std::invalid_argument);
  }
  SECTION("a moved occurrence without an rrule") {
    e.moved_occurrences = {{e.start, e.start + 24h, 45min}};
    CHECK_THROWS_AS(render_ics(e), std::invalid_argument);
  }
  SECTION("a moved occurrence of zero length") {
    e.rrule = "FREQ=WEEKLY;COUNT=4";
    e.moved_occurrences = {{e.start, e.start + 24h, 0min}};
    CHECK_THROWS_AS(render_ics(e), std::invalid_argument);
  }
  SECTION("the same occurrence moved twice") {
    e.rrule = "FREQ=WEEKLY;COUNT=4";
    e.moved_occurrences = {{e.start, e.start + 24h, 45min}, {e.start, e.start + 48h, 45min}};
    CHECK_THROWS_AS(render_ics(e), std::invalid_argument);
  }
  SECTION("an occurrence both cancelled and moved") {
    e.rrule = "FREQ=WEEKLY;COUNT=4";
    e.cancelled_occurrences = {e.start};
    e.moved_occurrences = {{e.start, e.start + 24h, 45min}};
    CHECK_THROWS_AS(render_ics(e), std::invalid_argument);
  }
}

TEST_CASE("python3-icalendar reads a plain session invite", "[ics]") {
  const auto parsed = read_back(render_ics(plain_event()));
  if (!parsed) return;
  const auto& p = *parsed;
  CHECK(p["method"] == "PUBLISH");
  CHECK(p["uid"] == "session-42@flipside");
  CHECK(p["sequence"] == 0);
  CHECK(p["dtstamp"] == "2026-02-20T14:05:00+00:00");
  CHECK(p["dtstart"] == "2026-03-03T09:30:00+00:00");
  CHECK(p["dtend"] == "2026-03-03T10:15:00+00:00");
  CHECK(p["summary"] == "Reverse mentoring: Ana & Lee");
  CHECK(p["description"] == "Agenda: what each of you wants from the programme.");
  CHECK(p["status"] == "CONFIRMED");
  CHECK(p["rrule"].is_null());
  CHECK(p["attendees"] == nlohmann::json::parse(R"([
    {"address": "mailto:ana@example.com", "cn": "Ana Souza"},
    {"address": "mailto:lee@example.com", "cn": "Lee Chen"}])"));
}

TEST_CASE("python3-icalendar reads escaped, folded, non-ASCII text back unchanged", "[ics]") {
  const auto parsed = read_back(render_ics(awkward_event()));
  if (!parsed) return;
  const auto& p = *parsed;
  CHECK(p["uid"] == "session-43@flipside");
  CHECK(p["summary"] == "Reverse mentoring: Zoë & Łukasz; week 1, pilot");
  CHECK(p["description"] == kAwkwardDescriptionAsRead);
  CHECK(p["attendees"] == nlohmann::json::parse(R"([
    {"address": "mailto:zoe@example.com", "cn": "Zoë Müller-Lüdenscheidt"},
    {"address": "mailto:lukasz@example.com", "cn": "Łukasz 'Luke' Nowak, Jr."}])"));
}

TEST_CASE("python3-icalendar reads a cancellation: same UID, higher SEQUENCE", "[ics]") {
  const auto parsed = read_back(render_ics(cancelled_event()));
  if (!parsed) return;
  const auto& p = *parsed;
  CHECK(p["method"] == "CANCEL");
  CHECK(p["uid"] == "session-42@flipside");  // the same event as the plain invite...
  CHECK(p["sequence"] == 3);                 // ...superseding it
  CHECK(p["status"] == "CANCELLED");
  CHECK(p["dtstart"] == "2026-03-05T16:00:00+00:00");
  CHECK(p["dtend"] == "2026-03-05T16:30:00+00:00");
}

TEST_CASE("python3-icalendar reads a recurring series and expands its RRULE", "[ics]") {
  const auto parsed = read_back(render_ics(series_event()));
  if (!parsed) return;
  const auto& p = *parsed;
  CHECK(p["uid"] == "series-7@flipside");
  CHECK(p["dtstart"] == "2026-03-03T23:30:00+00:00");
  CHECK(p["dtend"] == "2026-03-04T00:30:00+00:00");
  CHECK(p["rrule"] == nlohmann::json::parse(R"({"FREQ": ["WEEKLY"], "INTERVAL": ["2"],
                                                 "COUNT": ["8"]})"));
  CHECK(p["occurrences"] == nlohmann::json::parse(R"([
    "2026-03-03T23:30:00+00:00", "2026-03-17T23:30:00+00:00", "2026-03-31T23:30:00+00:00",
    "2026-04-14T23:30:00+00:00", "2026-04-28T23:30:00+00:00", "2026-05-12T23:30:00+00:00",
    "2026-05-26T23:30:00+00:00", "2026-06-09T23:30:00+00:00"])"));
}

TEST_CASE("render_ics: a series with a zone has TZID times and a truncated VTIMEZONE", "[ics]") {
  const auto e = london_series();
  const auto ics = render_ics(e);
  INFO("ics:\n" << ics);
  check_shape(ics);
  CHECK_THAT(ics, Contains("\r\nDTSTART;TZID=Europe/London:20270316T093000\r\n"));
  CHECK_THAT(ics, Contains("\r\nDTEND;TZID=Europe/London:20270316T101500\r\n"));
  CHECK_THAT(ics, Contains("\r\nDTSTAMP:20260220T140500Z\r\n"));  // DTSTAMP stays UTC
  CHECK_THAT(ics, Contains("\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"));
  CHECK_THAT(ics, !Contains("freeassociation"));  // libical's own TZID prefix
  CHECK(ics.find("BEGIN:VTIMEZONE") < ics.find("BEGIN:VEVENT"));
  CHECK(count_of(ics, "BEGIN:VTIMEZONE") == 1);

  // Truncated: rules from 1 January 2026 (a year before the series) on, not London's history back
  // to 1847. Untruncated, libical writes well over 100 lines for it.
  const auto vtz = vtimezone_lines(ics);
  CHECK(vtz.size() > 10);
  CHECK(vtz.size() < 60);
  CHECK(vtz.back() == "END:VTIMEZONE");
  for (const auto& line : vtz) {
    INFO("line: " << line);
    if (line.rfind("DTSTART:", 0) == 0) CHECK(line >= "DTSTART:20260101T000000");
    CHECK_THAT(line, !Contains("LMT"));
  }
  CHECK_THAT(ics, Contains("\r\nDTSTART:20260101T000000\r\n"));

  // "UTC" is a zone too, but libical has no VTIMEZONE for it: plain UTC times, as without a zone.
  auto utc = e;
  utc.zone = "UTC";
  auto unzoned = e;
  unzoned.zone.clear();
  CHECK(render_ics(utc) == render_ics(unzoned));
}

TEST_CASE("python3-icalendar expands a Europe/London series across the DST change", "[ics]") {
  const auto parsed = read_back(render_ics(london_series()), {.zone = "Europe/London"});
  if (!parsed) return;
  const auto& p = *parsed;
  CHECK(p["uid"] == "series-8@flipside");
  CHECK(p["dtstart_tzid"] == "Europe/London");
  CHECK(p["dtstart"] == "2027-03-16T09:30:00+00:00");
  CHECK(p["dtend"] == "2027-03-16T10:15:00+00:00");
  CHECK(p["dtstamp"] == "2026-02-20T14:05:00+00:00");
  // 09:30 London time every week: GMT, GMT, then BST from 28 March.
  const auto expected = nlohmann::json::parse(R"([
    "2027-03-16T09:30:00+00:00", "2027-03-23T09:30:00+00:00",
    "2027-03-30T08:30:00+00:00", "2027-04-06T08:30:00+00:00"])");
  CHECK(p["occurrences"] == expected);
  CHECK(p["occurrences_via_vtimezone"] == expected);
  CHECK(p["overrides"].empty());
}

TEST_CASE("python3-icalendar expands an Australia/Lord_Howe series across its half-hour change",
          "[ics]") {
  const auto ics = render_ics(lord_howe_series());
  CHECK_THAT(ics, Contains("\r\nDTSTART;TZID=Australia/Lord_Howe:20270324T100000\r\n"));
  CHECK_THAT(ics, Contains("\r\nTZOFFSETTO:+1030\r\n"));
  const auto parsed = read_back(ics, {.zone = "Australia/Lord_Howe"});
  if (!parsed) return;
  const auto& p = *parsed;
  CHECK(p["dtstart"] == "2027-03-24T10:00:00+11:00");
  CHECK(p["dtend"] == "2027-03-24T11:00:00+11:00");
  // 10:00 local: +11:00 (23:00Z the day before) until 4 April 2027, then +10:30 (23:30Z).
  const auto expected = nlohmann::json::parse(R"([
    "2027-03-23T23:00:00+00:00", "2027-03-30T23:00:00+00:00",
    "2027-04-06T23:30:00+00:00", "2027-04-13T23:30:00+00:00"])");
  CHECK(p["occurrences"] == expected);
  CHECK(p["occurrences_via_vtimezone"] == expected);
}

TEST_CASE("python3-icalendar reads cancelled (EXDATE) and moved (RECURRENCE-ID) occurrences",
          "[ics]") {
  // Six weeks from 16 March 2027; the second is cancelled, the fourth moved to the next day 14:00
  // London time (13:00Z, BST) for 30 minutes.
  auto e = london_series();
  e.sequence = 2;
  e.rrule = "FREQ=WEEKLY;COUNT=6";
  std::string exdate, recurrence_id, moved_start;
  nlohmann::json occurrences, recurrence_id_utc;
  // Each section sets up one variant; the checks are the same (and every section asserts).
  auto verify = [&] {
    const auto ics = render_ics(e);
    INFO("ics:\n" << ics);
    check_shape(ics);
    CHECK_THAT(ics, Contains("\r\n" + exdate + "\r\n"));
    CHECK_THAT(ics, Contains("\r\n" + recurrence_id + "\r\n"));
    CHECK_THAT(ics, Contains("\r\n" + moved_start + "\r\n"));
    CHECK(count_of(ics, "BEGIN:VEVENT") == 2);
    CHECK(count_of(ics, "\r\nRRULE:FREQ=WEEKLY;") == 1);  // the override has none
    CHECK(count_of(ics, "\r\nUID:series-8@flipside\r\n") == 2);

    const auto parsed = read_back(ics, {.zone = e.zone, .overrides = 1});
    if (!parsed) return;
    const auto& p = *parsed;
    CHECK(p["occurrences"] == occurrences);  // the moved one still counts under the rule
    if (!e.zone.empty()) CHECK(p["occurrences_via_vtimezone"] == occurrences);
    CHECK(p["events"][0]["recurrence_id_utc"].is_null());  // master first
    REQUIRE(p["overrides"].size() == 1);
    const auto& o = p["overrides"][0];
    CHECK(o["uid"] == "series-8@flipside");
    CHECK(o["sequence"] == 2);
    CHECK(o["recurrence_id_utc"] == recurrence_id_utc);
    CHECK(o["dtstart_utc"] == "2027-04-07T13:00:00+00:00");
    CHECK(o["dtend_utc"] == "2027-04-07T13:30:00+00:00");
    CHECK(o["dtstamp"] == "2026-02-20T14:05:00+00:00");
    CHECK(o["summary"] == "Reverse mentoring: Ana & Lee");
    CHECK(o["status"] == "CONFIRMED");
    CHECK(o["has_rrule"] == false);
    CHECK(o["attendees"] == p["attendees"]);
    CHECK(o["attendees"].size() == 2);
  };
  SECTION("in Europe/London") {
    e.cancelled_occurrences = {at(2027, 3, 23, 9h + 30min)};
    e.moved_occurrences = {{at(2027, 4, 6, 8h + 30min), at(2027, 4, 7, 13h), 30min}};
    exdate = "EXDATE;TZID=Europe/London:20270323T093000";
    recurrence_id = "RECURRENCE-ID;TZID=Europe/London:20270406T093000";
    moved_start = "DTSTART;TZID=Europe/London:20270407T140000";
    recurrence_id_utc = "2027-04-06T08:30:00+00:00";
    occurrences = nlohmann::json::parse(R"([
      "2027-03-16T09:30:00+00:00", "2027-03-30T08:30:00+00:00", "2027-04-06T08:30:00+00:00",
      "2027-04-13T08:30:00+00:00", "2027-04-20T08:30:00+00:00"])");
    verify();
  }
  SECTION("in UTC (no zone)") {
    e.zone.clear();
    e.cancelled_occurrences = {at(2027, 3, 23, 9h + 30min)};
    e.moved_occurrences = {{at(2027, 4, 6, 9h + 30min), at(2027, 4, 7, 13h), 30min}};
    exdate = "EXDATE:20270323T093000Z";
    recurrence_id = "RECURRENCE-ID:20270406T093000Z";
    moved_start = "DTSTART:20270407T130000Z";
    recurrence_id_utc = "2027-04-06T09:30:00+00:00";
    occurrences = nlohmann::json::parse(R"([
      "2027-03-16T09:30:00+00:00", "2027-03-30T09:30:00+00:00", "2027-04-06T09:30:00+00:00",
      "2027-04-13T09:30:00+00:00", "2027-04-20T09:30:00+00:00"])");
    verify();
  }
}

TEST_CASE("render_ics: cancelling a series with a moved occurrence cancels the override too",
          "[ics]") {
  auto e = london_series();
  e.cancelled = true;
  e.sequence = 3;
  e.moved_occurrences = {{at(2027, 3, 23, 9h + 30min), at(2027, 3, 24, 9h + 30min), 45min}};
  const auto ics = render_ics(e);
  CHECK_THAT(ics, Contains("\r\nMETHOD:CANCEL\r\n"));
  CHECK(count_of(ics, "\r\nSTATUS:CANCELLED\r\n") == 2);
  CHECK_THAT(ics, !Contains("CONFIRMED"));
}
