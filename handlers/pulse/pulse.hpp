#pragma once
// Pulse surveys (issue #7): short anonymous questionnaires after every few sessions, at the
// programme's midpoint and at its end, with one reminder and a fatigue limit, and what programme
// managers see of them (aggregates only, see anonymity.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "handlers/context.hpp"
#include "handlers/pulse/anonymity.hpp"
#include "storage/programmes.hpp"

namespace flipside::handlers {

// From the programme's settings ({"pulse": {...}}), with these defaults.
struct PulsePolicy {
  int every_sessions = 3;  // a pulse after every N sessions a person has held
  int min_days = 14;       // at most one pulse per person per this many days (any programme)
  int min_group = 5;       // the anonymity threshold: no figure about fewer people
  int answer_days = 7;     // how long a pulse can be answered; results come after that
};
PulsePolicy pulse_policy(const storage::Programme& programme);

// Asks `person_id` the pulse of `wave` ("after-3-sessions", "midpoint", "end"): now, or, when they
// were asked another pulse within min_days, as soon as the limit allows. Asking twice in one wave
// does nothing.
void request_pulse(Context& ctx, const storage::Programme& programme, std::int64_t person_id,
                   const std::string& wave);

// A session of the pair was held: every `every_sessions` held sessions, both get a pulse.
void pulse_after_session(Context& ctx, const storage::Programme& programme, std::int64_t pair_id,
                         std::int64_t mentor_id, std::int64_t mentee_id);

// Each wave's anonymous figures under the same rules as the `pulse` verb: only closed waves have
// figures, only groups of at least min_group answers, the role split only when no role x
// department cell is too small. For exports and the dashboard; oldest wave first.
struct WaveFigures {
  std::string wave;  // "midpoint#1"
  int asked = 0;
  bool closed = false;
  std::optional<pulse::Figures> total;  // nullopt: open, or too few answers
  std::vector<pulse::Group> roles;      // empty when the split is not safe or not shown
};
std::vector<WaveFigures> pulse_figures(SQLite::Database& db, const storage::Programme& programme,
                                       TimePoint now);

// The newest closed pulse wave's figures in one line ("at the midpoint: session quality 4.5/5, ...
// from 10 answers"), or a line saying there is none to show yet. Same anonymity rules as `pulse`.
std::string latest_pulse_line(Context& ctx, const storage::Programme& programme);

// "at the midpoint", "after 3 sessions (2)": a wave as managers read it.
std::string wave_label(Context& ctx, const std::string& wave);

void register_pulse(Router& router);
std::vector<templates::TemplateSpec> pulse_templates();
std::vector<templates::SurveySpec> pulse_surveys();

}  // namespace flipside::handlers
