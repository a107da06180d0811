#pragma once
// Wakes at the next due job (a Boost.Asio timer in production), runs due jobs through the
// dispatcher, and tells the outbox there is mail. With a fake clock, tests call tick() directly.
#include <functional>
#include <memory>

#include "bot/core/clock.hpp"
#include "handlers/dispatcher.hpp"
#include "storage/database.hpp"

namespace flipside {

class Scheduler {
 public:
  Scheduler(Dispatcher& dispatcher, storage::Database& db, const Clock& clock,
            std::function<void()> on_work_done);
  ~Scheduler();

  // Runs whatever is due now; returns when the next job is due (if any).
  std::optional<TimePoint> tick();
  // Background: a timer re-armed after every tick, and on poke() (a job was just scheduled).
  void start();
  void poke();
  void stop();

 private:
  struct Timer;
  Dispatcher& dispatcher_;
  storage::Database& db_;
  const Clock& clock_;
  std::function<void()> on_work_done_;
  std::unique_ptr<Timer> timer_;
};

}  // namespace flipside
