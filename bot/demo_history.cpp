#include "bot/demo_history.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <vector>

#include "bot/core/time_zones.hpp"
#include "bot/demo_data.hpp"
#include "storage/dashboard.hpp"
#include "storage/intakes.hpp"
#include "storage/offers.hpp"
#include "storage/programme_status.hpp"
#include "storage/programmes.hpp"
#include "storage/pulse.hpp"
#include "storage/sessions.hpp"
#include "storage/tokens.hpp"

namespace flipside {

namespace {

using namespace std::chrono;

constexpr int kWeeksRunning = 10;
constexpr std::size_t kMaxPairs = 16;
constexpr int kCadenceDays = 14;  // the demo programme meets biweekly
constexpr int kMinGroup = 5;      // the pulse's default anonymity threshold
constexpr int kPausedOnDay = 45;  // when the paused pair's manager paused it

// How a pair has been doing, by its position: most pairs meet as planned, and a few show each way
// a pair drifts, so the at-risk list has one of each.
enum class Story { steady, late_start, missing, quiet, never_met, paused };

Story story_of(std::size_t k) {
  if (k == 4) return Story::paused;
  switch (k % 8) {
    case 3:
      return Story::late_start;
    case 5:
      return Story::missing;
    case 6:
      return Story::quiet;
    case 7:
      return Story::never_met;
    default:
      return Story::steady;
  }
}

struct GoalText {
  const char* specific;
  const char* measurable;
};
constexpr GoalText kGoals[] = {
    {"Run the team's weekly review from a shared dashboard instead of slides",
     "Four reviews in a row without a slide deck"},
    {"Draft board papers with an AI assistant and review them critically",
     "Two papers drafted this way, time saved noted"},
    {"Automate the monthly headcount report", "Report produced in under an hour"},
    {"Post on LinkedIn about our work every fortnight", "Six posts by the end of the programme"},
    {"Understand how a budget request gets approved", "Write one business case that is funded"},
    {"Hold a skip-level conversation every month", "Three conversations, notes shared"},
};

constexpr const char* kComments[] = {
    "Great to see how decisions are made at the top.",
    "Hard to find time, but worth it.",
    "My mentor explained the tools patiently.",
    "I'd like more structure for the sessions.",
    "",
    "",
};

TimePoint at(sys_days day, int hour) {
  return TimePoint{day} + hours{hour};
}

struct PairPlan {
  std::int64_t id = 0;
  std::int64_t mentor_id = 0, mentee_id = 0;
  Story story = Story::steady;
  std::vector<TimePoint> held;  // in order
};

class HistoryWriter {
 public:
  HistoryWriter(SQLite::Database& db, std::uint64_t seed, TimePoint now)
      : db_(db), rng_(seed ^ 0x5eed'da5b'0a7dULL), now_(now) {}

  DemoHistoryReport run(storage::Programme programme) {
    DemoHistoryReport report;
    report.programme_id = programme.id;
    const auto this_monday =
        floor<days>(now_) - days{(weekday{floor<days>(now_)}.c_encoding() + 6) % 7};
    start_ = this_monday - weeks{kWeeksRunning};
    programme.start_date = date_text(year_month_day{start_});
    storage::ProgrammeRepository(db_).update(programme);
    storage::ProgrammeRepository(db_).set_status(programme.id, "running");

    std::vector<std::int64_t> mentors, mentees;
    for (const auto& i : storage::IntakeRepository(db_).for_programme(programme.id)) {
      if (!i.complete) continue;
      (i.role == storage::Role::mentor ? mentors : mentees).push_back(i.person_id);
    }
    // A fifth of the mentees stay unmatched, as in a real first round.
    const auto count = std::min({mentors.size(), mentees.size() * 4 / 5, kMaxPairs});
    if (count < 8)
      throw DemoDataError(
          "the demo programme has too few mentors and mentees for a running "
          "history (at least 8 pairs); load more people (--people)");

    std::vector<PairPlan> pairs;
    for (std::size_t k = 0; k < count; ++k) {
      PairPlan p{0, mentors[k], mentees[k], story_of(k), {}};
      const auto formed = at(start_ + days{static_cast<int>(k % 3)}, 9);
      p.id = storage::OfferRepository(db_).create_pair(
          programme.id, p.mentor_id, p.mentee_id, "matched", "demo data", std::nullopt, formed);
      sessions(p, report);
      goals(p, report);
      pairs.push_back(std::move(p));
    }
    pulses(programme.id, pairs, report);
    report.pairs = static_cast<int>(pairs.size());
    report.seeded = true;
    return report;
  }

 private:
  int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }

  void add_session(const PairPlan& p, int number, TimePoint starts, const std::string& status) {
    storage::Session s;
    s.pair_id = p.id;
    s.number = number;
    s.starts_at = starts;
    s.minutes = 45;
    s.proposed_by = p.mentor_id;
    s.status = status;
    s.ics_uid = storage::random_token().substr(0, 32) + "@flipside";
    s.ics_token = storage::random_token();
    storage::PairLifeRepository(db_).add_session(s, std::min(starts, now_));
  }

  // Biweekly sessions from the pair's first week; which are held and missed depends on its story.
  void sessions(PairPlan& p, DemoHistoryReport& report) {
    if (p.story == Story::never_met) return;
    storage::PairLifeRepository life(db_);
    const int first_day = p.story == Story::late_start ? 22 : pick(2, 4);
    int number = 0, missed_in_a_row = 0;
    for (int day = first_day;; day += kCadenceDays) {
      const auto starts = at(start_ + days{day}, pick(8, 15));
      if (starts > now_ - hours{24}) {
        // The next one is booked, unless the pair has stopped booking.
        if (p.story == Story::steady || p.story == Story::late_start) {
          add_session(p, ++number, starts < now_ ? starts + days{kCadenceDays} : starts,
                      "scheduled");
          ++report.sessions_booked;
        }
        break;
      }
      if (p.story == Story::quiet && number >= 2) break;  // stopped after two sessions
      if (p.story == Story::paused && day >= kPausedOnDay) break;
      const bool late = day + kCadenceDays * 2 > kWeeksRunning * 7;
      // Steady pairs miss now and then; the others keep to their story.
      const bool missed =
          p.story == Story::steady ? pick(1, 12) == 1 : p.story == Story::missing && late;
      add_session(p, ++number, starts, missed ? "missed" : "held");
      if (missed) {
        ++report.sessions_missed;
        ++missed_in_a_row;
      } else {
        ++report.sessions_held;
        p.held.push_back(starts);
        missed_in_a_row = 0;
      }
    }
    for (int i = 0; i < missed_in_a_row; ++i) life.count_miss(p.id);
    if (p.story == Story::paused) life.set_paused(p.id, true, at(start_ + days{kPausedOnDay}, 10));
  }

  void goals(const PairPlan& p, DemoHistoryReport& report) {
    if (p.held.empty()) return;
    storage::PairLifeRepository life(db_);
    const int how_many = pick(1, 2);
    for (int g = 0; g < how_many; ++g) {
      const auto& text = kGoals[(p.id * 2 + g) % std::size(kGoals)];
      storage::Goal goal;
      goal.pair_id = p.id;
      goal.proposed_by = g == 0 ? p.mentee_id : p.mentor_id;
      goal.specific = text.specific;
      goal.measurable = text.measurable;
      goal.achievable = "Agreed with our managers; an hour a week";
      goal.relevant = "It is what the team asked for this year";
      goal.due_date = date_text(year_month_day{start_ + weeks{16}});
      const bool done = g == 0 && p.held.size() >= 4 && pick(1, 3) == 1;
      goal.status = done ? "done" : "agreed";
      goal.progress =
          done ? 100 : std::min(90, 10 * static_cast<int>(p.held.size()) + pick(0, 3) * 10);
      life.add_goal(goal, p.held.front() + hours{1});
      ++report.goals;
    }
  }

  // One anonymous answer, stored as the pulse form does: the role only when enough people asked
  // in the wave share it.
  void answer(std::int64_t programme_id, const storage::PulseInvite& invite, int mood) {
    storage::PulseRepository pulses(db_);
    storage::PulseResponse r{programme_id, invite.wave, "", "", 0, 0, 0, ""};
    if (pulses.asked_alike(programme_id, invite.wave, invite.role, std::nullopt) >= kMinGroup)
      r.role = invite.role;
    r.quality = std::clamp(pick(3, 5) + mood, 1, 5);
    r.usefulness = std::clamp(pick(3, 5) + mood, 1, 5);
    r.recommend = std::clamp(pick(6, 10) + 2 * mood, 0, 10);
    r.comment = kComments[pick(0, static_cast<int>(std::size(kComments)) - 1)];
    if (pulses.answer(invite.id, r)) ++answers_;
  }

  // Waves as the pulse module forms them: after the third held session (pairs that started
  // together answer together; the late starters form a second, small wave), then the midpoint.
  void pulses(std::int64_t programme_id, const std::vector<PairPlan>& pairs,
              DemoHistoryReport& report) {
    storage::PulseRepository pulses(db_);
    std::vector<std::pair<storage::PulseInvite, int>> asked;  // with the mood of the answer
    auto invite = [&](std::int64_t person, const std::string& role, const std::string& wave,
                      TimePoint sent, int mood) {
      storage::PulseInvite v;
      v.programme_id = programme_id;
      v.person_id = person;
      v.wave = wave;
      v.role = role;
      v.sent_at = sent;
      if (auto id = pulses.invite(v)) {
        v.id = *id;
        asked.emplace_back(v, mood);
      }
    };
    std::map<std::int64_t, TimePoint> last_asked;
    for (const auto& p : pairs) {
      if (p.held.size() < 3) continue;
      const auto wave = p.story == Story::late_start ? "after-3-sessions#2" : "after-3-sessions#1";
      const auto sent = p.held[2] + hours{1};
      invite(p.mentor_id, "mentor", wave, sent, 0);
      invite(p.mentee_id, "mentee", wave, sent, 0);
      last_asked[p.mentor_id] = last_asked[p.mentee_id] = sent;
    }
    const auto midpoint = at(start_ + days{58}, 9);
    for (const auto& p : pairs) {
      if (p.held.empty() || p.story == Story::paused) continue;
      const int mood = p.story == Story::steady ? 0 : -1;
      for (auto [person, role] : {std::pair{p.mentor_id, "mentor"}, {p.mentee_id, "mentee"}}) {
        // The fatigue limit: nobody asked twice within two weeks.
        if (auto it = last_asked.find(person);
            it != last_asked.end() && midpoint - it->second < days{14})
          continue;
        invite(person, role, "midpoint#1", midpoint, mood);
      }
    }
    // Most answer; the small second wave stays below the anonymity threshold on purpose, so the
    // dashboard shows what "not enough answers" looks like.
    for (const auto& [v, mood] : asked) {
      if (v.wave == "after-3-sessions#2" ? pick(1, 2) == 1 : pick(1, 5) != 1)
        answer(programme_id, v, mood);
    }
    report.pulse_answers = answers_;
  }

  SQLite::Database& db_;
  std::mt19937_64 rng_;
  TimePoint now_;
  sys_days start_{};
  int answers_ = 0;
};

}  // namespace

DemoHistoryReport load_demo_history(storage::Database& db, std::uint64_t seed, TimePoint now) {
  return db.transact([&](SQLite::Database& c) {
    auto programme = storage::ProgrammeRepository(c).find_by_name(kDemoProgrammeName);
    if (!programme)
      throw DemoDataError(std::string("there is no \"") + kDemoProgrammeName + "\" to run");
    const auto f = storage::ProgrammeStatusRepository(c).figures(programme->id, now);
    if (f.pairs_active + f.pairs_paused + f.pairs_ended > 0) {
      DemoHistoryReport unchanged;
      unchanged.programme_id = programme->id;
      return unchanged;  // already running (or paired by hand): leave it as it is
    }
    auto report = HistoryWriter(c, seed, now).run(*programme);
    spdlog::info(
        "event=demo_history_loaded programme_id={} pairs={} held={} missed={} booked={} "
        "goals={} pulse_answers={}",
        report.programme_id, report.pairs, report.sessions_held, report.sessions_missed,
        report.sessions_booked, report.goals, report.pulse_answers);
    return report;
  });
}

std::string summary(const DemoHistoryReport& r) {
  if (!r.seeded) return "demo history: the programme already has pairs, nothing changed";
  return "demo history: \"" + std::string(kDemoProgrammeName) + "\" running for " +
         std::to_string(kWeeksRunning) + " weeks with " + std::to_string(r.pairs) + " pairs (" +
         std::to_string(r.sessions_held) + " sessions held, " + std::to_string(r.sessions_missed) +
         " missed, " + std::to_string(r.sessions_booked) + " booked), " + std::to_string(r.goals) +
         " goals, " + std::to_string(r.pulse_answers) + " anonymous pulse answers";
}

}  // namespace flipside
