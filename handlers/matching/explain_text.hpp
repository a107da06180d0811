#pragma once
// The matcher's structured explanations as sentences people read, worded by templates
// (templates/messages/matching.json).
#include <string>
#include <vector>

#include "handlers/context.hpp"
#include "handlers/matching/cohort_loader.hpp"
#include "handlers/matching/explain.hpp"

namespace flipside::handlers {

// "teaches Data visualisation, which Lee wants to learn; both into Photography; Sales ↔
// Engineering; 2 h apart". At most `max_reasons`, largest first.
std::string pair_why(Context& ctx, const LoadedCohort& loaded, std::size_t mentor,
                     std::size_t mentee, std::size_t max_reasons = 5);

// "no mentor speaks Portuguese and fits your time zone".
std::string unmatched_why(Context& ctx, const LoadedCohort& loaded,
                          const matching::UnmatchedReason& reason, bool is_mentee,
                          std::size_t index);

std::vector<templates::TemplateSpec> explain_templates();

}  // namespace flipside::handlers
