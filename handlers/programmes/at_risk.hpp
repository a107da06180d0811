#pragma once
// Which pairs of a programme need a word, and why: one rule for the `at-risk` chat verb and the
// managers' web dashboard, so the two never disagree.
#include <string>
#include <vector>

#include "handlers/context.hpp"
#include "storage/programme_status.hpp"
#include "storage/programmes.hpp"

namespace flipside::handlers {

struct AtRiskPair {
  storage::PairHealth health;
  // Why, each rendered from an at_risk.* template ("missed 2 in a row"); never empty.
  std::vector<std::string> reasons;
};

// The programme's active pairs with at least one reason: misses in a row, no session within twice
// the cadence and nothing booked, or someone who blocked the bot. Paused pairs are left out: they
// were paused on purpose, and the ladder is quiet for them. In pair order.
std::vector<AtRiskPair> at_risk_pairs(Context& ctx, const storage::Programme& programme);

}  // namespace flipside::handlers
