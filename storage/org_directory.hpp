#pragma once
// The organisation data HR imports (flipside import-people): title, department, location, grade,
// manager and languages on `people`, keyed by email. A chat identity links to the same person
// later by email (PeopleRepository::upsert_from_contact); this repository never touches
// identities or time zones.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"

namespace flipside::storage {

struct OrgRecord {
  std::string email;  // stored lower-case; the key
  std::string display_name;
  std::string title;
  std::string department;
  std::string location;
  std::optional<int> grade;
  std::string manager_email;           // lower-case; may name someone not imported yet
  std::vector<std::string> languages;  // ISO 639-1 codes, lower-case, in the order given

  bool operator==(const OrgRecord&) const = default;
};

enum class UpsertOutcome { created, updated, unchanged };

class OrgDirectory {
 public:
  explicit OrgDirectory(SQLite::Database& db) : db_(db) {}

  // Creates the person with this email (case-insensitive) or updates their name and org fields;
  // empty fields are stored as NULL. Throws std::invalid_argument for an empty email.
  UpsertOutcome upsert(const OrgRecord& record, TimePoint now);
  std::optional<OrgRecord> find(std::int64_t person_id);
  // The person with this email, case-insensitive.
  std::optional<std::int64_t> find_by_email(const std::string& email);
  // The person named by `person_id`'s manager email; nullopt when none or not known yet.
  std::optional<std::int64_t> manager_of(std::int64_t person_id);

 private:
  SQLite::Database& db_;
};

// ASCII lower-case, the form emails and language codes are stored in.
std::string lower_ascii(std::string s);

}  // namespace flipside::storage
