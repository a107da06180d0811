#pragma once
// Match quality (issue #8): the matcher's prediction is recorded when a pair forms, and
// `match quality [programme]` shows the programme manager how well it foretold the outcome.
#include <cstdint>
#include <string>

#include "handlers/context.hpp"
#include "storage/programmes.hpp"

namespace flipside::handlers {

// Records the score and its terms as the matcher sees this pair now (the programme's weights and
// rules, both finished intakes). A pair without both intakes (a manual pair) gets no prediction.
void record_prediction(Context& ctx, const storage::Programme& programme, std::int64_t pair_id,
                       std::int64_t mentor_id, std::int64_t mentee_id);

// The report, for managers: rank correlation of the score and of each term with the pairs'
// outcomes, and a re-weighting suggested (never applied) when a term clearly helped or hurt.
Reply match_quality(Context& ctx, const std::string& programme_name);

}  // namespace flipside::handlers
