#pragma once
// Intake survey answers, one row per person and programme.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bot/core/clock.hpp"
#include "storage/people.hpp"

namespace flipside::storage {

struct Intake {
  std::int64_t person_id = 0;
  std::int64_t programme_id = 0;
  Role role = Role::mentor;
  std::string answers = "{}";  // JSON object: question id -> answer text
  bool complete = false;
  int reminders_sent = 0;
  TimePoint updated_at;
};

// The organisation facts an intake confirms, copied onto the person so matching and the
// management-chain check use the newest answer.
struct OrgAnswers {
  std::string title;
  std::string department;
  std::string location;
  std::optional<int> grade;
  std::string manager_email;
  std::string languages;  // comma-separated codes
  std::string time_zone;
};

class IntakeRepository {
 public:
  explicit IntakeRepository(SQLite::Database& db) : db_(db) {}

  std::optional<Intake> find(std::int64_t person_id, std::int64_t programme_id);
  void save(const Intake& intake);  // insert or replace answers, role, complete, updated_at
  void count_reminder(std::int64_t person_id, std::int64_t programme_id);
  // Intakes of people still taking part in the programme.
  std::vector<Intake> for_programme(std::int64_t programme_id);
  // Participants of the programme who never opened its survey.
  std::vector<std::pair<std::int64_t, Role>> participants_without_intake(std::int64_t programme_id);
  void apply_org_answers(std::int64_t person_id, const OrgAnswers& answers, TimePoint now);
  // What the person's record says (HR import or an earlier intake), to prefill the form.
  OrgAnswers org_answers(std::int64_t person_id);

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
