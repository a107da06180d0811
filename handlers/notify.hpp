#pragma once
// Telling programme managers about something that needs a human.
#include <cstdint>
#include <optional>
#include <string>

#include "handlers/context.hpp"

namespace flipside::handlers {

// Queues `m` for the programme's managers, or for every manager when the programme has none (or
// none is given): those added in chat and the FLIPSIDE_ADMINS we can reach by email. Returns how
// many were reached.
int tell_managers(Context& ctx, std::optional<std::int64_t> programme_id, const ui::Message& m,
                  const std::string& idempotency_key);

}  // namespace flipside::handlers
