#pragma once
// GET /ics/<token>: a session's calendar invite. The token is unguessable (24 random bytes) and the
// link expires 30 days after the session ends; a cancelled session serves a cancellation so the
// calendar entry disappears.
#include <string>

#include "bot/core/clock.hpp"
#include "bot/http/http_types.hpp"
#include "storage/database.hpp"
#include "templates/store.hpp"

namespace flipside::calendar {

http::Response serve_invite(storage::Database& db, const templates::TemplateStore& templates,
                            const Clock& clock, const std::string& token);

}  // namespace flipside::calendar
