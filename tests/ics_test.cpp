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
// as JSON. Recurrences are expanded with python3-dateutil (a dependency of python3-icalendar).
constexpr const char* kReader = R"PY(
import json, sys
import icalendar
from dateutil import rrule as du_rrule

with open(sys.argv[1], 'rb') as f:
    cal = icalendar.Calendar.from_ical(f.read())

def text(comp, key):
    return str(comp[key]) if key in comp else None

def iso(comp, key):
    return comp.decoded(key).isoformat() if key in comp else None

events = [c for c in cal.walk() if c.name == 'VEVENT']
out = {
    'components': [c.name for c in cal.walk()],
    'errors': [[c.name, str(e)] for c in cal.walk() for e in getattr(c, 'errors', [])],
    'method': text(cal, 'METHOD'),
    'version': text(cal, 'VERSION'),
    'prodid': text(cal, 'PRODID'),
}
if events:
    ev = events[0]
    out.update({
        'uid': text(ev, 'UID'),
        'sequence': int(ev.decoded('SEQUENCE')) if 'SEQUENCE' in ev else None,
        'dtstamp': iso(ev, 'DTSTAMP'),
        'dtstart': iso(ev, 'DTSTART'),
        'dtend': iso(ev, 'DTEND'),
        'summary': text(ev, 'SUMMARY'),
        'description': text(ev, 'DESCRIPTION'),
        'status': text(ev, 'STATUS'),
        'rrule': None,
        'occurrences': None,
    })
    attendees = ev.get('ATTENDEE', [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    out['attendees'] = [{'address': str(a), 'cn': a.params.get('CN')} for a in attendees]
    if 'RRULE' in ev:
        recur = ev['RRULE']
        out['rrule'] = {k: [str(v) for v in vals] for k, vals in recur.items()}
        rule = du_rrule.rrulestr(recur.to_ical().decode(), dtstart=ev.decoded('DTSTART'))
        out['occurrences'] = [d.isoformat() for d in list(rule)[:50]]
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

// The invite as python3-icalendar understood it, or nothing (after a WARN) when that parser is not
// installed. Without the parser the test case makes no assertion, so ctest (--warn NoAssertions)
// reports it as failed rather than passed.
std::optional<nlohmann::json> read_back(const std::string& ics) {
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
  CHECK(parsed["components"] == nlohmann::json::array({"VCALENDAR", "VEVENT"}));
  CHECK(parsed["version"] == "2.0");
  CHECK(parsed["prodid"] == "-//Flipside//Reverse Mentoring Bot//EN");
  return parsed;
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
