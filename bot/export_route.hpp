#pragma once
// GET /export/<token>/<file>.csv: a programme's data for its managers, as the `export` verb
// offered it. One token opens the five files (participants, pairs, sessions, goals, pulse) for an
// hour; only its SHA-256 is stored.
#include <string>

#include "bot/core/clock.hpp"
#include "bot/http/http_types.hpp"
#include "storage/database.hpp"

namespace flipside::exports {

// 404 for a malformed or unknown token or file, 410 once expired or when the manager who asked is
// no longer one, else the CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheets read accents)
// as an attachment.
http::Response serve_export(storage::Database& db, const Clock& clock, const std::string& rest,
                            const std::vector<std::string>& admins);

// One CSV record: fields quoted when they hold a comma, quote or line break (quotes doubled), and
// a leading ' added to a field starting with = + - @ or a tab, so a spreadsheet never runs it as a
// formula (CSV injection). Ends with CRLF.
std::string csv_record(const std::vector<std::string>& fields);

}  // namespace flipside::exports
