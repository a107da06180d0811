#pragma once
// Each feature registers its routes and declares the templates it uses. main.cpp calls
// register_all(), so reading this file tells what the bot does.
#include <vector>

#include "bot/core/router.hpp"
#include "templates/store.hpp"

namespace flipside::handlers {

void register_help(Router& router);
void register_join(Router& router);
void register_profile(Router& router);
void register_leave(Router& router);
void register_home(Router& router);
void register_admin(Router& router);
void register_programmes(Router& router);
void register_intake(Router& router);
void register_matching(Router& router);
void register_manual_pairs(Router& router);
void register_notify(Router& router);
void register_kickoff(Router& router);
void register_goals(Router& router);
void register_sessions(Router& router);
void register_timeline(Router& router);
void register_pulse(Router& router);
void register_privacy(Router& router);
void register_audit(Router& router);
void register_status(Router& router);
void register_export(Router& router);
void register_dashboard_link(Router& router);
void register_orientation(Router& router);
void register_circles(Router& router);
void register_resources(Router& router);
void register_rotation(Router& router);
void register_presentation(Router& router);
void register_impact(Router& router);

std::vector<templates::TemplateSpec> help_templates(const Router& router);
std::vector<templates::TemplateSpec> join_templates();
std::vector<templates::TemplateSpec> profile_templates();
std::vector<templates::TemplateSpec> leave_templates();
std::vector<templates::TemplateSpec> home_templates();
std::vector<templates::TemplateSpec> admin_templates();
std::vector<templates::TemplateSpec> programme_templates();
std::vector<templates::TemplateSpec> intake_templates();
std::vector<templates::TemplateSpec> matching_templates();
std::vector<templates::TemplateSpec> match_quality_templates();
std::vector<templates::TemplateSpec> circle_templates();
std::vector<templates::TemplateSpec> manual_pair_templates();
std::vector<templates::TemplateSpec> notify_templates();
std::vector<templates::TemplateSpec> kickoff_templates();
std::vector<templates::TemplateSpec> goal_templates();
std::vector<templates::TemplateSpec> session_templates();
std::vector<templates::TemplateSpec> timeline_templates();
std::vector<templates::TemplateSpec> pulse_templates();
std::vector<templates::TemplateSpec> privacy_templates();
std::vector<templates::TemplateSpec> audit_templates();
std::vector<templates::TemplateSpec> status_templates();
std::vector<templates::TemplateSpec> export_templates();
std::vector<templates::TemplateSpec> dashboard_templates();
std::vector<templates::TemplateSpec> orientation_templates();
std::vector<templates::TemplateSpec> resources_templates();
std::vector<templates::TemplateSpec> rotation_templates();
std::vector<templates::TemplateSpec> presentation_templates();
std::vector<templates::TemplateSpec> impact_templates();
std::vector<templates::SurveySpec> intake_surveys();
std::vector<templates::SurveySpec> pulse_surveys();
// Every survey the handlers read, with the question ids they read.
std::vector<templates::SurveySpec> all_survey_specs();
std::vector<templates::TemplateSpec> router_templates();

inline void register_all(Router& router) {
  register_help(router);
  register_join(router);
  register_profile(router);
  register_leave(router);
  register_home(router);
  register_intake(router);
  register_programmes(router);
  register_admin(router);
  register_matching(router);
  register_manual_pairs(router);
  register_notify(router);
  register_kickoff(router);
  register_goals(router);
  register_sessions(router);
  register_timeline(router);
  register_pulse(router);
  register_privacy(router);
  register_audit(router);
  register_status(router);
  register_export(router);
  register_dashboard_link(router);
  register_orientation(router);
  register_circles(router);
  register_resources(router);
  register_rotation(router);
  register_presentation(router);
  register_impact(router);
}

// Every template any registered handler may render, with the placeholders it supplies.
std::vector<templates::TemplateSpec> all_template_specs(const Router& router);

}  // namespace flipside::handlers
