#include "scheduler.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <thread>

#include "storage/jobs.hpp"

namespace flipside {

namespace asio = boost::asio;

struct Scheduler::Timer {
  asio::io_context io;
  asio::steady_timer timer{io};
  std::thread thread;
};

Scheduler::Scheduler(Dispatcher& dispatcher, storage::Database& db, const Clock& clock,
                     std::function<void()> on_work_done)
    : dispatcher_(dispatcher), db_(db), clock_(clock), on_work_done_(std::move(on_work_done)) {}

Scheduler::~Scheduler() {
  stop();
}

std::optional<TimePoint> Scheduler::tick() {
  int ran = 0;
  try {
    ran = dispatcher_.run_due_jobs();
  } catch (const std::exception& e) {
    // One of the three places exceptions are caught: the scheduler.
    spdlog::error("event=scheduler_error reason=\"{}\"", e.what());
  }
  if (ran > 0 && on_work_done_) on_work_done_();
  return db_.transact(
      [](SQLite::Database& db) { return storage::JobRepository(db).next_due_at(); });
}

void Scheduler::start() {
  timer_ = std::make_unique<Timer>();
  poke();
  timer_->thread = std::thread([t = timer_.get()] {
    auto guard = asio::make_work_guard(t->io);
    t->io.run();
  });
}

void Scheduler::poke() {
  if (!timer_) return;
  asio::post(timer_->io, [this] {
    auto next = tick();
    // Sleep until the next job, but wake at least once a minute: the wall clock may jump.
    auto wait = std::chrono::seconds{60};
    if (next)
      wait = std::clamp<std::chrono::seconds>(*next - clock_.now(), std::chrono::seconds{0}, wait);
    timer_->timer.expires_after(wait);
    timer_->timer.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) poke();
    });
  });
}

void Scheduler::stop() {
  if (!timer_) return;
  timer_->io.stop();
  if (timer_->thread.joinable()) timer_->thread.join();
  timer_.reset();
}

}  // namespace flipside
