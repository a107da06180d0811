#pragma once
// Running matching for a programme, and the routes of the answers that follow.
#include "handlers/context.hpp"
#include "storage/programmes.hpp"

namespace flipside::handlers {

// Sends shortlists (or direct proposals) for a programme still in intake; locks its intakes.
Reply run_matching(Context& ctx, const storage::Programme& programme);

void register_match_flow(Router& router);
std::vector<templates::TemplateSpec> match_flow_templates();

}  // namespace flipside::handlers
