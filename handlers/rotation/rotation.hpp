#pragma once
// Rotation (issue #8): when a programme closes, its participants say whether they want the next
// cohort (same role, the other role, or not); a manager then starts the next cohort from the
// closed one, which carries over those who said yes. The matcher's repeat-pair rule keeps every
// earlier pair apart in it.
#include "handlers/context.hpp"
#include "storage/programmes.hpp"
#include "storage/rotation.hpp"

namespace flipside::handlers {

// On closing `closed`: asks each of its participants about the next cohort, and adds to the
// manager's "closed" message how many were asked and a button to start the next cohort.
void ask_about_next_cohort(Context& ctx, const storage::Programme& closed, ui::Message& done);

// `programme next <name>`: the new-programme form prefilled from the closed programme, or why
// not (it is not closed, or its next cohort exists already).
Reply open_next_cohort_form(Context& ctx, const storage::Programme& closed);

// Moves someone who said yes into `next` (in the role they chose) and invites them to confirm
// their intake: their earlier answers are filled in when they keep their role.
void carry_over(Context& ctx, const storage::Programme& closed, const storage::Programme& next,
                const storage::NextCohortAnswer& answer);

storage::Role role_after(const storage::NextCohortAnswer& answer);

void register_rotation(Router& router);
// The participants' side (opt_in.cpp), registered by register_rotation.
void register_rotation_answers(Router& router);
std::vector<templates::TemplateSpec> rotation_answer_templates();
std::vector<templates::TemplateSpec> rotation_templates();

}  // namespace flipside::handlers
