#include "statement_cache.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace flipside::storage {

namespace {
using Cache = std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>>;
std::mutex registry_mutex;
std::map<SQLite::Database*, Cache> registry;
}  // namespace

SQLite::Statement& prepare(SQLite::Database& db, const std::string& sql) {
  SQLite::Statement* statement = nullptr;
  {
    std::lock_guard lock(registry_mutex);
    auto& slot = registry[&db][sql];
    if (!slot) slot = std::make_unique<SQLite::Statement>(db, sql);
    statement = slot.get();
  }
  statement->reset();
  statement->clearBindings();
  return *statement;
}

void reset_statements(SQLite::Database& db) {
  std::lock_guard lock(registry_mutex);
  auto it = registry.find(&db);
  if (it == registry.end()) return;
  for (auto& [_, statement] : it->second) statement->tryReset();
}

void forget_statements(SQLite::Database& db) {
  std::lock_guard lock(registry_mutex);
  registry.erase(&db);
}

}  // namespace flipside::storage
