#pragma once
// The confidence questions of impact measurement (issue #8), asked twice with the same wording:
// "before", in a short form offered as soon as the intake is saved (the skills a mentee wants to
// learn are known only then), and "after", inside the wrap-up form. A mentee rates each programme
// skill they chose to learn, a mentor their confidence as a coach, each from 1 to 5.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/ui.hpp"
#include "handlers/context.hpp"
#include "storage/impact.hpp"
#include "storage/programmes.hpp"

namespace flipside::handlers {

struct ConfidenceTopic {
  std::string topic;  // skill slug, or impact::kCoachingTopic
  std::string label;  // the skill as the programme names it
};

// A mentee's topics are the programme skills their intake chose to learn (own-words skills are
// left out: they rarely reach the anonymity threshold and would only ever be suppressed); a
// mentor's is coaching. Empty when a mentee has no saved intake.
std::vector<ConfidenceTopic> confidence_topics(Context& ctx, const storage::Programme& programme,
                                               std::int64_t person_id, storage::Role role);

// One 1-5 number input per topic, id "confidence_<topic>", prefilled from `initial`. Required
// in the "before" form, whose only purpose they are; optional in the wrap-up, so that someone
// who would rather not rate can still send their takeaways.
std::vector<ui::Input> confidence_inputs(Context& ctx, const std::vector<ConfidenceTopic>& topics,
                                         const std::vector<storage::ConfidenceRating>& initial,
                                         bool required);

// The ratings in `values`, which ui::validate has accepted for confidence_inputs(topics); a
// topic left empty (optional) is not rated.
std::vector<storage::ConfidenceRating> confidence_ratings(
    const std::vector<ConfidenceTopic>& topics, const std::map<std::string, std::string>& values);

// Whether "before" ratings are still taken: until the end of the programme's first day (UTC).
// Later they would no longer say where someone started.
bool before_ratings_open(const storage::Programme& programme, TimePoint now);

// The button that opens the "before" form, for the intake's confirmation; nullopt when there is
// nothing to rate or it is too late.
std::optional<ui::Button> rate_before_button(Context& ctx, const storage::Programme& programme,
                                             std::int64_t person_id, storage::Role role);

// The "before" form's routes (impact.rate, impact.before) and wording; impact_report.cpp
// registers them with the `impact` verb.
void register_confidence(Router& router);
std::vector<templates::TemplateSpec> confidence_templates();

}  // namespace flipside::handlers
