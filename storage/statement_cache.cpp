#include "statement_cache.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace flipside::storage {

namespace {
struct Cache {
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements;
  // The statements handed out since the last reset_statements(): only these can hold a read
  // snapshot, so a commit resets a handful instead of every statement the process ever used.
  std::vector<SQLite::Statement*> touched;
};
std::mutex registry_mutex;
std::map<SQLite::Database*, Cache> registry;
}  // namespace

SQLite::Statement& prepare(SQLite::Database& db, const std::string& sql) {
  SQLite::Statement* statement = nullptr;
  {
    std::lock_guard lock(registry_mutex);
    auto& cache = registry[&db];
    auto& slot = cache.statements[sql];
    if (!slot) slot = std::make_unique<SQLite::Statement>(db, sql);
    statement = slot.get();
    cache.touched.push_back(statement);
  }
  statement->reset();
  statement->clearBindings();
  return *statement;
}

void reset_statements(SQLite::Database& db) {
  std::lock_guard lock(registry_mutex);
  auto it = registry.find(&db);
  if (it == registry.end()) return;
  for (auto* statement : it->second.touched) statement->tryReset();
  it->second.touched.clear();
}

void forget_statements(SQLite::Database& db) {
  std::lock_guard lock(registry_mutex);
  registry.erase(&db);
}

}  // namespace flipside::storage
