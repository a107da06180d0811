#pragma once
// Privacy controls (issue #7): forgetting a person, so that nothing left in the database names
// them, and the `my-data` export with its single-use download links.
#include <SQLiteCpp/Database.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bot/core/clock.hpp"
#include "storage/tokens.hpp"  // random_token(), used with the links below

namespace flipside::storage {

// What forgetting removed, in counts only: the log line must not name anyone either.
struct ForgetReport {
  int pairs = 0;            // their pairs, ended or not, with sessions, goals and check-ins
  int outbox_rows = 0;      // messages to them, or to others naming them, whatever the status
  int transcript_rows = 0;  // console lines shown to them, or to others naming them
  int jobs = 0;             // jobs naming them or about their pairs, sessions, offers, invites
  int other_rows = 0;       // dedupe ids, audit entries, references in other people's records
};

enum class LinkState { unknown, expired, used, valid };

struct LinkRedemption {
  LinkState state = LinkState::unknown;
  std::int64_t person_id = 0;  // set when valid
};

struct SweepResult {
  int deleted = 0;  // delivered copies removed
  int waiting = 0;  // copies still queued for delivery
};

class PrivacyRepository {
 public:
  explicit PrivacyRepository(SQLite::Database& db) : db_(db) {}

  // Deletes the person and every row that names them, in the caller's transaction. Rows that
  // point at them by foreign key go by ON DELETE CASCADE (their pairs take the pairs' sessions,
  // goals, check-ins and wrap-ups with them); columns declared ON DELETE SET NULL (who created a
  // programme or a pair, who added a manager) keep the row and name no one. What names them
  // without a foreign key is found by their display name, email, platform user ids and direct
  // conversation ids, matched as whole words (forgetting "Al" spares "Alice") and, but for the
  // email, with their case (forgetting "Will" spares "you will"), and deleted:
  // outbox rows (any status: pending ones to other people are cancelled rather than rewritten),
  // console transcript lines, jobs, inbound dedupe ids and audit entries. Other people's records
  // that name them as their manager (people.manager_email, the intake's manager answer) lose that
  // reference. Anonymous pulse answers are untouched: nothing links them to anyone.
  ForgetReport forget(std::int64_t person_id);

  // True when the record holds nothing but who the person is and how to reach them: no
  // participation, intake, offer, pair, manager role, pulse invitation or download link.
  bool only_contact_details(std::int64_t person_id);

  // Deletes the delivered (or failed) outbox rows and console transcript lines whose message has
  // one of `template_ids`: messages that must not outlive their delivery (a download link, the
  // confirmation sent to someone already forgotten).
  SweepResult sweep_delivered(const std::vector<std::string>& template_ids);

  // A new download link for the person's data, valid for `lifetime`; returns its token. Only the
  // token's SHA-256 is stored, so a copy of the database cannot be used to download anything.
  std::string issue_export_link(std::int64_t person_id, TimePoint now,
                                std::chrono::seconds lifetime);
  // Marks the link used if it is valid (a link works once); otherwise says why not.
  LinkRedemption redeem_export_link(const std::string& token, TimePoint now);

  // Everything held about the person, as (section name, JSON text) in a stable order: profile,
  // identities, participation, intake answers, pairs (the partner by display name only),
  // sessions, goals, their own check-ins and wrap-ups, confidence ratings, match offers, pulse
  // invitations (asked and whether answered; the answers themselves cannot be linked to anyone)
  // and manager roles.
  // Times are ISO 8601 UTC.
  std::vector<std::pair<std::string, std::string>> export_sections(std::int64_t person_id);

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
