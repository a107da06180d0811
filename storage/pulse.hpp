#pragma once
// Pulse surveys: invitations (who was asked, whether they answered) and anonymous responses,
// which carry no person, no time and no order (see migrations/0006_pulse.sql).
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"

namespace flipside::storage {

struct PulseInvite {
  std::int64_t id = 0;
  std::int64_t programme_id = 0;
  std::int64_t person_id = 0;
  std::string wave;
  std::string role;
  std::string department;
  TimePoint sent_at;
  bool answered = false;
};

struct PulseResponse {
  std::int64_t programme_id = 0;
  std::string wave;
  std::string role;        // "" when not kept
  std::string department;  // "" when not kept
  int quality = 0;
  int usefulness = 0;
  int recommend = 0;
  std::string comment;
};

// One wave of a programme: everyone asked the same pulse in one stretch of time.
struct PulseWave {
  std::string wave;
  int asked = 0;
  TimePoint first_sent;
  TimePoint last_sent;
};

class PulseRepository {
 public:
  explicit PulseRepository(SQLite::Database& db) : db_(db) {}

  // The new invitation's id, or nullopt if this person was already asked in this wave.
  std::optional<std::int64_t> invite(const PulseInvite& invite);
  std::optional<PulseInvite> find_invite(std::int64_t id);
  bool was_asked(std::int64_t programme_id, std::int64_t person_id, const std::string& wave);
  // The programme's waves, oldest first.
  std::vector<PulseWave> waves(std::int64_t programme_id);
  // When this person was last asked any pulse, in any programme (the fatigue limit).
  std::optional<TimePoint> last_asked(std::int64_t person_id);
  // How many people asked in the wave have this role and, if `department` is set, this
  // department.
  int asked_alike(std::int64_t programme_id, const std::string& wave, const std::string& role,
                  const std::optional<std::string>& department);
  int asked(std::int64_t programme_id, const std::string& wave);

  // Marks the invitation answered and stores the response under a random key, in one step.
  // False (nothing stored) if it was answered already.
  bool answer(std::int64_t invite_id, const PulseResponse& response);
  std::vector<PulseResponse> responses(std::int64_t programme_id);

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
