#pragma once
// Intake survey entry points other features call (join, programme creation).
#include <cstdint>

#include "handlers/context.hpp"
#include "storage/people.hpp"
#include "storage/programmes.hpp"

namespace flipside::handlers {

// The invitation to fill in `programme`'s intake, with a button that opens the form.
ui::Message intake_invitation(Context& ctx, const storage::Programme& programme);
// Queues the invitation for someone who is not the current actor and schedules their reminders.
void invite_to_intake(Context& ctx, const storage::Programme& programme, std::int64_t person_id);
// Schedules the "your intake is unfinished" reminders (2 days apart, at most two).
void schedule_intake_reminder(Context& ctx, std::int64_t programme_id, std::int64_t person_id,
                              int reminder_number);

}  // namespace flipside::handlers
