#include "features.hpp"

namespace flipside::handlers {

std::vector<templates::TemplateSpec> router_templates() {
  return {{"router.unknown_command", {"verb"}},
          {"router.suggestion", {"suggestion"}},
          {"router.try_help", {}},
          {"router.stale_action", {}},
          {"router.stale_form", {}},
          {"router.managers_only", {"verb"}}};
}

std::vector<templates::TemplateSpec> all_template_specs(const Router& router) {
  std::vector<templates::TemplateSpec> specs = router_templates();
  for (auto&& part : {help_templates(router),  join_templates(),         profile_templates(),
                      leave_templates(),       home_templates(),         admin_templates(),
                      programme_templates(),   intake_templates(),       matching_templates(),
                      manual_pair_templates(), notify_templates(),       kickoff_templates(),
                      goal_templates(),        session_templates(),      timeline_templates(),
                      pulse_templates(),       privacy_templates(),      audit_templates(),
                      status_templates(),      export_templates(),       dashboard_templates(),
                      orientation_templates(), resources_templates(),    rotation_templates(),
                      circle_templates(),      presentation_templates(), impact_templates()}) {
    specs.insert(specs.end(), part.begin(), part.end());
  }
  return specs;
}

std::vector<templates::SurveySpec> all_survey_specs() {
  auto specs = intake_surveys();
  for (auto& s : pulse_surveys()) specs.push_back(std::move(s));
  return specs;
}

}  // namespace flipside::handlers
