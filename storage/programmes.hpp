#pragma once
// Programmes (cohorts) and who manages them.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"

namespace flipside::storage {

struct Programme {
  std::int64_t id = 0;
  std::string name;
  std::string focus_areas;  // comma-separated
  std::string skills;       // comma-separated: the skill list intake offers
  std::string start_date;   // YYYY-MM-DD
  int length_months = 4;
  std::string cadence = "biweekly";  // weekly | biweekly | monthly
  int session_minutes = 45;
  std::string matching_mode = "shortlist";  // direct | shortlist
  int shortlist_size = 3;
  int answer_days = 3;
  std::string settings = "{}";    // matching weights and rules (JSON)
  std::string status = "intake";  // intake | matching | running | ended
  std::optional<std::int64_t> created_by;
  TimePoint created_at;
};

struct ProgrammeCounts {
  int mentors = 0;
  int mentees = 0;
  int intakes_complete = 0;
};

class ProgrammeRepository {
 public:
  explicit ProgrammeRepository(SQLite::Database& db) : db_(db) {}

  // The new programme's id; throws SQLite::Exception if the name is taken.
  std::int64_t create(const Programme& p);
  void update(const Programme& p);  // every field but id, status, created_*
  std::optional<Programme> find(std::int64_t id);
  std::optional<Programme> find_by_name(const std::string& name);  // case-insensitive
  std::vector<Programme> all();                                    // newest first
  // What a manager's "<verb> [programme]" means: the named one, or the newest when no name is
  // given; nullopt when the name matches none or there is no programme.
  std::optional<Programme> named_or_newest(const std::string& name);
  // Programmes people can still join (status intake), newest first.
  std::vector<Programme> open_for_intake();
  void set_status(std::int64_t id, const std::string& status);

  ProgrammeCounts counts(std::int64_t programme_id);
  // Participants who joined before any programme was open (programme_id NULL): moves them into
  // this one and returns their ids.
  std::vector<std::int64_t> adopt_waiting_participants(std::int64_t programme_id);

  void add_manager(std::int64_t programme_id, std::int64_t person_id);
  std::vector<std::int64_t> managers(std::int64_t programme_id);

 private:
  SQLite::Database& db_;
};

// Program managers added in chat; FLIPSIDE_ADMINS are checked by the dispatcher on top of these.
class ManagerRepository {
 public:
  explicit ManagerRepository(SQLite::Database& db) : db_(db) {}
  bool is_manager(std::int64_t person_id);
  // False if they were a manager already.
  bool add(std::int64_t person_id, std::optional<std::int64_t> added_by, TimePoint now);
  bool remove(std::int64_t person_id);
  std::vector<std::int64_t> all();

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
