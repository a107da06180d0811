#pragma once
// Hard constraints for a (mentor, mentee) pair. A pair that breaks one is never proposed, so the
// solver, the shortlist and the explanations all ask this one place.
#include <algorithm>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "handlers/matching/model.hpp"

namespace flipside::matching {

// One bit per constraint so a pair's failures combine into one small mask (the unmatched
// explanation does set cover over these masks). Capacity is not here: it is the solver's job.
enum class Violation : std::uint8_t {
  level_gap = 1 << 0,           // the mentor is not junior enough to the mentee
  management_chain = 1 << 1,    // one manages the other, directly or further up
  repeat_pair = 1 << 2,         // this exact pair met in an earlier programme
  no_shared_language = 1 << 3,  // no language in common (when the rules require one)
  time_zone_gap = 1 << 4,       // too many hours apart
  do_not_pair = 1 << 5,         // someone asked not to be paired with the other
};
using ViolationMask = std::uint8_t;
inline constexpr int kViolationKinds = 6;
inline constexpr ViolationMask kFeasible = 0;

constexpr ViolationMask mask_of(Violation v) {
  return static_cast<ViolationMask>(v);
}
constexpr bool has(ViolationMask m, Violation v) {
  return (m & mask_of(v)) != 0;
}
// All violations in a fixed order (the order of the enum), for loops and stable output.
std::span<const Violation> all_violations();
// Stable machine name ("no_shared_language"), for logs and template keys.
std::string_view violation_name(Violation v);

// Circular distance between two UTC offsets in minutes: +13:00 and -11:00 are 0 h apart, not 24.
// Inline: the score matrix calls it for every cell.
inline int time_zone_gap_minutes(int utc_offset_a, int utc_offset_b) {
  constexpr int kMinutesPerDay = 24 * 60;
  // Offsets run from -12:00 to +14:00, so the raw difference can exceed a day.
  const int d = std::abs(utc_offset_a - utc_offset_b) % kMinutesPerDay;
  return std::min(d, kMinutesPerDay - d);
}

// Everyone above `person` in the management chain (manager, their manager, ...). Stops at a cycle
// or a missing manager: HR data has both, and neither should hang or crash the matcher.
std::vector<std::int64_t> management_chain(std::int64_t person,
                                           const std::map<std::int64_t, std::int64_t>& manager_of);

// Constraint data for one cohort, precomputed so checking a pair is a few integer and bit
// operations: the dense constraints (level, language, time zone) compare packed per-person fields,
// the sparse ones (management chain, repeat pair, do-not-pair) are listed per mentee because only
// a handful of mentors are blocked for each. Keeps no reference to the Cohort.
class Constraints {
 public:
  explicit Constraints(const Cohort& cohort);

  std::size_t mentors() const { return mentor_level_.size(); }
  std::size_t mentees() const { return mentee_level_.size(); }

  // Everything the pair breaks; kFeasible (0) when it may be proposed.
  ViolationMask check(std::size_t mentor, std::size_t mentee) const;

  // The level, language and time-zone checks alone. Inline: the score matrix calls it per cell.
  ViolationMask dense(std::size_t mentor, std::size_t mentee) const {
    ViolationMask m = 0;
    if (mentee_level_[mentee] - mentor_level_[mentor] < min_level_gap_) {
      m |= mask_of(Violation::level_gap);
    }
    if (require_language_ && (mentor_languages_[mentor] & mentee_languages_[mentee]).none()) {
      m |= mask_of(Violation::no_shared_language);
    }
    if (time_zone_gap_minutes(mentor_utc_[mentor], mentee_utc_[mentee]) > max_gap_minutes_) {
      m |= mask_of(Violation::time_zone_gap);
    }
    return m;
  }

  // Sparse violations of one mentee's row, as (mentor index, mask), sorted by mentor index.
  std::span<const std::pair<std::uint32_t, ViolationMask>> sparse_row(std::size_t mentee) const {
    return sparse_[mentee];
  }

 private:
  // 256 bits: ISO 639-1 has 184 codes, so every real language gets its own bit.
  using LanguageSet = std::bitset<256>;

  int min_level_gap_;
  int max_gap_minutes_;
  bool require_language_;
  std::vector<int> mentor_level_, mentee_level_;
  std::vector<int> mentor_utc_, mentee_utc_;
  std::vector<LanguageSet> mentor_languages_, mentee_languages_;
  std::vector<std::vector<std::pair<std::uint32_t, ViolationMask>>> sparse_;
};

}  // namespace flipside::matching
