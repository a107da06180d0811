#pragma once
// Statements are prepared once per connection and reused: profiling the Slack acknowledgement
// path showed SQL parsing (sqlite3_prepare) taking about half of each request's CPU time.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <string>

namespace flipside::storage {

// A ready-to-bind statement for `sql` on `db`: reset, with its bindings cleared. Only use it
// under the connection's transaction lock (Database::transact), and do not run the same SQL
// again while still stepping through its rows.
SQLite::Statement& prepare(SQLite::Database& db, const std::string& sql);

// Resets every cached statement of the connection, so none holds a read snapshot open past the
// end of its transaction (that would stop the WAL from being checkpointed).
void reset_statements(SQLite::Database& db);

// Finalises the cached statements of a connection that is about to close.
void forget_statements(SQLite::Database& db);

}  // namespace flipside::storage
