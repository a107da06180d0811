#pragma once
// Delivers outbox rows through the recipient's platform client: at least once, retried with
// backoff (honouring Retry-After), marked sent or failed. Rows claimed by a process that died are
// requeued at start-up.
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "bot/core/clock.hpp"
#include "bot/core/event.hpp"
#include "bot/http/metrics.hpp"
#include "bot/platform_client.hpp"
#include "storage/database.hpp"

namespace flipside {

struct OutboxPolicy {
  int max_attempts = 10;
  std::chrono::seconds first_backoff{5};
  std::chrono::seconds max_backoff{std::chrono::hours{1}};
  int batch_size = 20;
};

class OutboxDispatcher {
 public:
  OutboxDispatcher(storage::Database& db, const Clock& clock, http::Metrics* metrics = nullptr,
                   OutboxPolicy policy = {});
  ~OutboxDispatcher();

  void add_client(Platform platform, std::shared_ptr<PlatformClient> client);
  // Called after a delivery found the recipient blocked the bot and a job was scheduled to tell
  // the managers (the scheduler should look at its queue).
  void on_job_scheduled(std::function<void()> f) { on_job_scheduled_ = std::move(f); }
  // Requeues rows left 'sending' by a crash. Call once at start-up, before start().
  int recover();
  // Delivers every row due now; returns how many were delivered.
  int deliver_due();

  // Background delivery: wakes on notify() or when the next retry is due.
  void start();
  void notify();
  void stop();

 private:
  void deliver_one(const storage::OutboxRow& row);
  void stop_addressing(SQLite::Database& db, const storage::OutboxRow& row, TimePoint now);
  std::chrono::seconds backoff(int attempts) const;
  void loop();

  storage::Database& db_;
  const Clock& clock_;
  http::Metrics* metrics_;
  OutboxPolicy policy_;
  std::map<Platform, std::shared_ptr<PlatformClient>> clients_;
  std::function<void()> on_job_scheduled_;

  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool poked_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace flipside
