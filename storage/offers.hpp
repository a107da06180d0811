#pragma once
// Matching in motion: each mentee's shortlist, the offers made to mentors, and the pairs they
// become.
#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"

namespace flipside::storage {

struct Offer {
  std::int64_t id = 0;
  std::int64_t programme_id = 0;
  std::int64_t mentor_id = 0;
  std::int64_t mentee_id = 0;
  std::string kind = "pick";     // pick | proposal
  bool mentee_confirmed = true;  // a proposal waits for the mentee too
  bool mentor_confirmed = false;
  std::string status = "pending";  // pending | accepted | declined | expired | withdrawn
  double score = 0;
  TimePoint created_at;
  TimePoint expires_at;
};

struct ShortlistOption {
  int position = 0;
  std::int64_t mentor_id = 0;
  double score = 0;
  std::string why;
};

class OfferRepository {
 public:
  explicit OfferRepository(SQLite::Database& db) : db_(db) {}

  std::int64_t create(const Offer& offer);
  std::optional<Offer> find(std::int64_t id);
  std::optional<Offer> pending_for_mentee(std::int64_t programme_id, std::int64_t mentee_id);
  // Moves a pending offer on; false if it was no longer pending (answered twice, or expired).
  bool finish(std::int64_t id, const std::string& status, TimePoint now);
  // Records one side's yes; returns the offer as it is now.
  Offer confirm(std::int64_t id, bool by_mentor);
  // Mentors this mentee already asked who said no or did not answer.
  std::set<std::int64_t> refused_mentors(std::int64_t programme_id, std::int64_t mentee_id);
  // Active pairs plus pending offers: what counts against a mentor's capacity.
  int commitments(std::int64_t programme_id, std::int64_t mentor_id);

  void save_shortlist(std::int64_t programme_id, std::int64_t mentee_id,
                      const std::vector<ShortlistOption>& options);
  std::vector<ShortlistOption> shortlist(std::int64_t programme_id, std::int64_t mentee_id);

  std::int64_t create_pair(std::int64_t programme_id, std::int64_t mentor_id,
                           std::int64_t mentee_id, const std::string& source,
                           const std::string& reason, std::optional<std::int64_t> created_by,
                           TimePoint now);
  // The person's active pair in the programme (as mentor or mentee), as the partner's id.
  std::vector<std::int64_t> partners(std::int64_t programme_id, std::int64_t person_id);
  // Ends the active pair of these two; false if there was none.
  bool end_pair(std::int64_t programme_id, std::int64_t mentor_id, std::int64_t mentee_id,
                const std::string& reason, TimePoint now);
  // Withdraws the mentee's pending offers (a manual pair replaces them); returns their ids.
  std::vector<Offer> withdraw_pending(std::int64_t programme_id, std::int64_t mentee_id,
                                      TimePoint now);

 private:
  SQLite::Database& db_;
};

}  // namespace flipside::storage
