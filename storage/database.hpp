#pragma once
// One SQLite connection shared by the server, the outbox dispatcher and the scheduler. Every
// use goes through transact(), which serialises access and makes each unit of work atomic.
#include <SQLiteCpp/Database.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace flipside::storage {

class Database {
 public:
  // `path` may be ":memory:". The parent directory of a file is created if missing.
  // Applies pending migrations; throws std::runtime_error with a readable reason on failure.
  explicit Database(const std::string& path);
  ~Database();

  // Runs `fn(connection)` in one transaction: committed if it returns, rolled back if it throws.
  template <class Fn>
  decltype(auto) transact(Fn&& fn) {
    std::lock_guard lock(mutex_);
    Transaction tx(*db_);
    if constexpr (std::is_void_v<decltype(fn(*db_))>) {
      fn(*db_);
      tx.commit();
    } else {
      decltype(auto) result = fn(*db_);
      tx.commit();
      return result;
    }
  }

  // See take_outbox_enqueued (outbox.hpp).
  bool take_outbox_enqueued();
  // True if a trivial query answers (for /readyz).
  bool ping();
  // Folds the WAL into the main file; called on shutdown.
  void checkpoint();
  std::vector<int> applied_migrations();
  const std::string& path() const { return path_; }

 private:
  // BEGIN IMMEDIATE: take the write lock up front so a transaction never fails half-way on an
  // upgrade from reader to writer.
  class Transaction {
   public:
    explicit Transaction(SQLite::Database& db);
    ~Transaction();
    void commit();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

   private:
    SQLite::Database& db_;
    bool done_ = false;
  };

  void migrate();

  std::string path_;
  std::unique_ptr<SQLite::Database> db_;
  std::mutex mutex_;
};

}  // namespace flipside::storage
