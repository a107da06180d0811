#pragma once
// Time is injected so a three-month programme can run in a test in milliseconds.
#include <chrono>
#include <mutex>

namespace flipside {

using TimePoint = std::chrono::sys_seconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
};

// A clock that only moves when told to. Safe to read from other threads.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : now_(start) {}
  TimePoint now() const override;
  void advance(std::chrono::seconds by);
  void set(TimePoint to);

 private:
  mutable std::mutex mutex_;
  TimePoint now_;
};

// Seconds since the Unix epoch, the form times take in SQLite.
inline std::int64_t to_unix(TimePoint t) {
  return t.time_since_epoch().count();
}
inline TimePoint from_unix(std::int64_t s) {
  return TimePoint{std::chrono::seconds{s}};
}

}  // namespace flipside
