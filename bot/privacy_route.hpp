#pragma once
// GET /my-data/<token>: the JSON file of everything Flipside holds about the person who asked
// with `my-data`. The token is unguessable (24 random bytes, 48 hex characters), stored only as
// its SHA-256, works once and expires 24 hours after it was issued.
#include <string>

#include "bot/core/clock.hpp"
#include "bot/http/http_types.hpp"
#include "storage/database.hpp"
#include "templates/store.hpp"

namespace flipside::privacy {

// 404 for a malformed or unknown token, 410 once used or expired, else the file as an attachment.
http::Response serve_my_data(storage::Database& db, const templates::TemplateStore& templates,
                             const Clock& clock, const std::string& token);

}  // namespace flipside::privacy
