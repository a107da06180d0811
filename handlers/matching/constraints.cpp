#include "handlers/matching/constraints.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace flipside::matching {

namespace {

constexpr std::array<Violation, kViolationKinds> kAll = {
    Violation::level_gap,          Violation::management_chain, Violation::repeat_pair,
    Violation::no_shared_language, Violation::time_zone_gap,    Violation::do_not_pair};

}  // namespace

std::span<const Violation> all_violations() {
  return kAll;
}

std::string_view violation_name(Violation v) {
  switch (v) {
    case Violation::level_gap:
      return "level_gap";
    case Violation::management_chain:
      return "management_chain";
    case Violation::repeat_pair:
      return "repeat_pair";
    case Violation::no_shared_language:
      return "no_shared_language";
    case Violation::time_zone_gap:
      return "time_zone_gap";
    case Violation::do_not_pair:
      return "do_not_pair";
  }
  return "unknown";
}

std::vector<std::int64_t> management_chain(std::int64_t person,
                                           const std::map<std::int64_t, std::int64_t>& manager_of) {
  std::vector<std::int64_t> chain;
  std::unordered_set<std::int64_t> seen{person};
  for (auto it = manager_of.find(person); it != manager_of.end();
       it = manager_of.find(it->second)) {
    if (!seen.insert(it->second).second) break;  // a cycle in the HR data
    chain.push_back(it->second);
  }
  return chain;
}

Constraints::Constraints(const Cohort& cohort)
    : min_level_gap_(cohort.rules.min_level_gap),
      max_gap_minutes_(cohort.rules.max_time_zone_gap_hours * 60),
      require_language_(cohort.rules.require_shared_language),
      sparse_(cohort.mentees.size()) {
  std::unordered_map<std::string, std::size_t> language_ids;
  auto languages_of = [&](const Profile& p) {
    LanguageSet set;
    for (const auto& code : p.languages) {
      auto [it, added] = language_ids.try_emplace(code, language_ids.size());
      if (it->second >= set.size()) {
        throw std::invalid_argument("more distinct languages than ISO 639-1 has: " + code);
      }
      set.set(it->second);
    }
    return set;
  };
  for (const auto& m : cohort.mentors) {
    mentor_level_.push_back(m.level);
    mentor_utc_.push_back(m.utc_offset_minutes);
    mentor_languages_.push_back(languages_of(m));
  }
  for (const auto& m : cohort.mentees) {
    mentee_level_.push_back(m.level);
    mentee_utc_.push_back(m.utc_offset_minutes);
    mentee_languages_.push_back(languages_of(m));
  }

  // Sparse constraints: collect (mentee, mentor) -> mask, then sort each row.
  std::unordered_map<std::int64_t, std::vector<std::uint32_t>> mentors_by_id;
  for (std::uint32_t j = 0; j < cohort.mentors.size(); ++j) {
    mentors_by_id[cohort.mentors[j].person_id].push_back(j);
  }
  std::unordered_map<std::int64_t, std::vector<std::size_t>> mentees_by_id;
  for (std::size_t i = 0; i < cohort.mentees.size(); ++i) {
    mentees_by_id[cohort.mentees[i].person_id].push_back(i);
  }
  auto block = [&](std::size_t mentee, std::uint32_t mentor, Violation v) {
    sparse_[mentee].emplace_back(mentor, mask_of(v));
  };
  auto block_ids = [&](std::int64_t mentor_id, std::int64_t mentee_id, Violation v) {
    auto a = mentors_by_id.find(mentor_id);
    auto b = mentees_by_id.find(mentee_id);
    if (a == mentors_by_id.end() || b == mentees_by_id.end()) return;
    for (auto j : a->second) {
      for (auto i : b->second) block(i, j, v);
    }
  };

  // Each chain is followed once per person, so a deep hierarchy costs O(people × depth), not per
  // pair.
  for (const auto& mentee : cohort.mentees) {
    for (auto boss : management_chain(mentee.person_id, cohort.manager_of)) {
      block_ids(boss, mentee.person_id, Violation::management_chain);
    }
  }
  for (const auto& mentor : cohort.mentors) {
    for (auto boss : management_chain(mentor.person_id, cohort.manager_of)) {
      block_ids(mentor.person_id, boss, Violation::management_chain);
    }
  }
  for (const auto& [mentor_id, mentee_id] : cohort.previous_pairs) {
    block_ids(mentor_id, mentee_id, Violation::repeat_pair);
  }
  for (const auto& mentor : cohort.mentors) {
    for (auto other : mentor.do_not_pair)
      block_ids(mentor.person_id, other, Violation::do_not_pair);
  }
  for (const auto& mentee : cohort.mentees) {
    for (auto other : mentee.do_not_pair)
      block_ids(other, mentee.person_id, Violation::do_not_pair);
  }

  // Merge duplicates (the same pair blocked for two reasons) into one entry per mentor.
  for (auto& row : sparse_) {
    std::sort(row.begin(), row.end());
    std::vector<std::pair<std::uint32_t, ViolationMask>> merged;
    for (const auto& [j, m] : row) {
      if (!merged.empty() && merged.back().first == j) {
        merged.back().second |= m;
      } else {
        merged.emplace_back(j, m);
      }
    }
    row = std::move(merged);
  }
}

ViolationMask Constraints::check(std::size_t mentor, std::size_t mentee) const {
  ViolationMask m = dense(mentor, mentee);
  const auto& row = sparse_[mentee];
  auto it = std::lower_bound(row.begin(), row.end(), mentor,
                             [](const auto& e, std::size_t j) { return e.first < j; });
  if (it != row.end() && it->first == mentor) m |= it->second;
  return m;
}

}  // namespace flipside::matching
