#pragma once
// The orientation a participant gets on joining a programme (issue #8): how to take their role,
// with a one-click "Got it" that the programme managers see in `status` and `pair <email>`.
#include <cstdint>

#include "handlers/context.hpp"
#include "storage/people.hpp"

namespace flipside::handlers {

// The orientation for `role`, with the "Got it" button (its value is the role, so a click on an
// orientation for a role the person no longer has is stale).
ui::Message orientation_message(Context& ctx, storage::Role role);
// Queues it for someone who is not the current actor (people moved into a new programme), at most
// once per person, role and programme.
void send_orientation(Context& ctx, std::int64_t person_id, storage::Role role,
                      std::int64_t programme_id);

}  // namespace flipside::handlers
