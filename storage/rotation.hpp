#pragma once
// Rotation (issue #8): who of a closed programme wants to take part in the next cohort, and which
// programme is the next cohort of which.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bot/core/clock.hpp"
#include "storage/people.hpp"

namespace flipside::storage {

// What a participant of a closed programme said about the next cohort.
struct NextCohortAnswer {
  std::int64_t person_id = 0;
  Role role = Role::mentor;  // their role in the closed programme
  std::string answer;        // same | switch | no; empty while unanswered
};

class RotationRepository {
 public:
  explicit RotationRepository(SQLite::Database& db) : db_(db) {}

  // Records that the person was asked (once; asking again keeps the earlier answer). False if
  // they had been asked before.
  bool record_question(std::int64_t programme_id, std::int64_t person_id, Role role, TimePoint now);
  std::optional<NextCohortAnswer> answer_of(std::int64_t programme_id, std::int64_t person_id);
  void save_answer(std::int64_t programme_id, std::int64_t person_id, const std::string& answer,
                   TimePoint now);
  // Everyone asked about the next cohort of `programme_id`, by person id.
  std::vector<NextCohortAnswer> answers(std::int64_t programme_id);

  std::optional<std::int64_t> next_of(std::int64_t previous_programme_id);
  std::optional<std::int64_t> previous_of(std::int64_t next_programme_id);
  void link(std::int64_t previous_programme_id, std::int64_t next_programme_id, TimePoint now);

  // Moves a participant into `programme_id` with `role`; a new role forgets the orientation
  // acknowledgement, which was for the old one.
  void move_participant(std::int64_t person_id, std::int64_t programme_id, Role role);

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
