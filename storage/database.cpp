#include "database.hpp"

#include "storage/outbox.hpp"
#include "storage/statement_cache.hpp"

#include <SQLiteCpp/Statement.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace flipside::embedded {
std::vector<std::pair<std::string_view, std::string_view>> migration_files();
}

namespace flipside::storage {

namespace {

int version_of(std::string_view file_name) {
  int version = 0;
  std::size_t digits = 0;
  for (char c : file_name) {
    if (c < '0' || c > '9') break;
    version = version * 10 + (c - '0');
    ++digits;
  }
  if (digits == 0 || version == 0) {
    throw std::logic_error("migration file name must start with a number: " +
                           std::string(file_name));
  }
  return version;
}

}  // namespace

// BEGIN/COMMIT/ROLLBACK go through the statement cache too: parsing them on every request was a
// measurable share of the Slack acknowledgement path.
Database::Transaction::Transaction(SQLite::Database& db) : db_(db) {
  auto& begin = prepare(db_, "BEGIN IMMEDIATE");
  try {
    begin.exec();
  } catch (const SQLite::Exception&) {
    // A cached statement keeps its error until reset, and SQLiteCpp's reset() rethrows it: the
    // next transaction would fail on a lock that is long gone. Clear it, then report this one.
    begin.tryReset();
    throw;
  }
}

Database::Transaction::~Transaction() {
  if (done_) return;
  reset_statements(db_);
  try {
    prepare(db_, "ROLLBACK").exec();
  } catch (const SQLite::Exception& e) {
    // The connection may already have rolled back (e.g. after SQLITE_FULL); nothing is lost.
    spdlog::warn("event=rollback_failed reason=\"{}\"", e.what());
  }
}

void Database::Transaction::commit() {
  reset_statements(db_);
  prepare(db_, "COMMIT").exec();
  reset_statements(db_);
  done_ = true;
}

Database::Database(const std::string& path) : path_(path) {
  const bool in_memory = path == ":memory:";
  if (!in_memory) {
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
  }
  try {
    db_ = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db_->exec("PRAGMA foreign_keys = ON");
    db_->exec("PRAGMA busy_timeout = 5000");
    if (!in_memory) {
      db_->exec("PRAGMA journal_mode = WAL");
      db_->exec("PRAGMA synchronous = NORMAL");  // durable at checkpoint, safe with WAL
    }
    migrate();
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error("cannot open database " + path + ": " + e.what());
  }
}

Database::~Database() {
  if (db_) forget_statements(*db_);  // cached statements must be finalised before the connection
}

void Database::migrate() {
  std::lock_guard lock(mutex_);
  db_->exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL"
      " DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))) STRICT");
  auto files = embedded::migration_files();
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return version_of(a.first) < version_of(b.first); });
  for (const auto& [name, sql] : files) {
    const int version = version_of(name);
    SQLite::Statement seen(*db_, "SELECT 1 FROM schema_migrations WHERE version = ?");
    seen.bind(1, version);
    if (seen.executeStep()) continue;
    Transaction tx(*db_);
    db_->exec(std::string(sql));
    SQLite::Statement record(*db_, "INSERT INTO schema_migrations(version, name) VALUES (?, ?)");
    record.bind(1, version);
    record.bind(2, std::string(name));
    record.exec();
    tx.commit();
    spdlog::info("event=migration_applied version={} name={}", version, name);
  }
}

bool Database::take_outbox_enqueued() {
  return storage::take_outbox_enqueued(*db_);
}

bool Database::ping() {
  std::lock_guard lock(mutex_);
  try {
    return db_->execAndGet("SELECT 1").getInt() == 1;
  } catch (const SQLite::Exception& e) {
    spdlog::error("event=db_ping_failed reason=\"{}\"", e.what());
    return false;
  }
}

void Database::checkpoint() {
  std::lock_guard lock(mutex_);
  if (path_ == ":memory:") return;
  try {
    db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const SQLite::Exception& e) {
    // Best effort at shutdown: the WAL is folded in on the next start anyway; nothing is lost.
    spdlog::warn("event=checkpoint_failed reason=\"{}\"", e.what());
  }
}

std::vector<int> Database::applied_migrations() {
  std::lock_guard lock(mutex_);
  std::vector<int> out;
  SQLite::Statement q(*db_, "SELECT version FROM schema_migrations ORDER BY version");
  while (q.executeStep()) out.push_back(q.getColumn(0).getInt());
  return out;
}

}  // namespace flipside::storage
