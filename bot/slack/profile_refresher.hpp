#pragma once
// Looks people up with users.info in the background (name, IANA time zone, email) so the
// acknowledgement never waits on Slack. A missing users:read scope is reported, never papered
// over with a default zone.
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "bot/core/clock.hpp"
#include "bot/core/event.hpp"
#include "storage/database.hpp"

namespace flipside::slack {

class WebApi;

class ProfileRefresher {
 public:
  ProfileRefresher(std::shared_ptr<WebApi> api, storage::Database& db, const Clock& clock);
  ~ProfileRefresher();

  void request(const UserRef& user);  // queued once until done
  // Looks up everything queued now, on the calling thread (tests; the thread uses it too).
  int drain();
  void start();
  void stop();

 private:
  void refresh(const UserRef& user);

  std::shared_ptr<WebApi> api_;
  storage::Database& db_;
  const Clock& clock_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<UserRef> queue_;
  std::set<std::string> queued_;
  bool stopping_ = false;
  bool warned_scope_ = false;
  std::thread thread_;
};

}  // namespace flipside::slack
