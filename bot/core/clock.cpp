#include "clock.hpp"

namespace flipside {

TimePoint SystemClock::now() const {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

TimePoint FakeClock::now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

void FakeClock::advance(std::chrono::seconds by) {
  std::lock_guard lock(mutex_);
  now_ += by;
}

void FakeClock::set(TimePoint to) {
  std::lock_guard lock(mutex_);
  now_ = to;
}

}  // namespace flipside
