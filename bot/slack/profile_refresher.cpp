#include "profile_refresher.hpp"

#include <spdlog/spdlog.h>

#include "bot/core/time_zones.hpp"
#include "bot/slack/web_api.hpp"
#include "storage/people.hpp"

namespace flipside::slack {

ProfileRefresher::ProfileRefresher(std::shared_ptr<WebApi> api, storage::Database& db,
                                   const Clock& clock)
    : api_(std::move(api)), db_(db), clock_(clock) {}

ProfileRefresher::~ProfileRefresher() {
  stop();
}

void ProfileRefresher::request(const UserRef& user) {
  {
    std::lock_guard lock(mutex_);
    if (!queued_.insert(user.workspace + "/" + user.user_id).second) return;
    queue_.push_back(user);
  }
  wake_.notify_one();
}

int ProfileRefresher::drain() {
  int done = 0;
  while (true) {
    UserRef next;
    {
      std::lock_guard lock(mutex_);
      if (queue_.empty()) return done;
      next = queue_.front();
      queue_.pop_front();
    }
    refresh(next);
    {
      std::lock_guard lock(mutex_);
      queued_.erase(next.workspace + "/" + next.user_id);
    }
    ++done;
  }
}

void ProfileRefresher::refresh(const UserRef& who) {
  auto r = api_->call_form("users.info", {{"user", who.user_id}});
  if (!r.ok()) {
    if (r.error == "missing_scope") {
      std::lock_guard lock(mutex_);
      if (!warned_scope_) {
        spdlog::error(
            "event=slack_missing_scope scope=users:read note=\"cannot read people's time zones; "
            "they"
            " will be asked to set theirs\"");
        warned_scope_ = true;
      }
    } else {
      spdlog::warn("event=slack_users_info_failed error={}", r.error);
    }
    return;
  }
  const auto& u = r.body.value("user", nlohmann::json::object());
  const auto profile = u.value("profile", nlohmann::json::object());
  UserRef found = who;
  found.display_name = profile.value("display_name", "");
  if (found.display_name.empty())
    found.display_name = profile.value("real_name", u.value("real_name", ""));
  found.email = profile.value("email", "");
  // Slack's tz is an IANA name; store the canonical spelling, and nothing if it is unknown.
  found.time_zone = canonical_time_zone(u.value("tz", ""));
  if (found.time_zone.empty()) spdlog::warn("event=slack_no_time_zone user_known=true");
  db_.transact([&](SQLite::Database& db) {
    storage::PeopleRepository(db).apply_platform_profile(found, clock_.now());
  });
}

void ProfileRefresher::start() {
  thread_ = std::thread([this] {
    while (true) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
      }
      try {
        drain();
      } catch (const std::exception& e) {
        spdlog::error("event=slack_profile_refresh_error reason=\"{}\"", e.what());
      }
    }
  });
}

void ProfileRefresher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace flipside::slack
