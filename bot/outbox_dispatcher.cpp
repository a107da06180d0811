#include "outbox_dispatcher.hpp"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <random>

#include "bot/core/ui_json.hpp"
#include "storage/jobs.hpp"
#include "storage/people.hpp"

namespace flipside {

OutboxDispatcher::OutboxDispatcher(storage::Database& db, const Clock& clock,
                                   http::Metrics* metrics, OutboxPolicy policy)
    : db_(db), clock_(clock), metrics_(metrics), policy_(policy) {}

OutboxDispatcher::~OutboxDispatcher() {
  stop();
}

void OutboxDispatcher::add_client(Platform platform, std::shared_ptr<PlatformClient> client) {
  clients_[platform] = std::move(client);
}

int OutboxDispatcher::recover() {
  int n = db_.transact(
      [](SQLite::Database& db) { return storage::OutboxRepository(db).requeue_interrupted(); });
  if (n > 0) spdlog::warn("event=outbox_recovered rows={}", n);
  return n;
}

std::chrono::seconds OutboxDispatcher::backoff(int attempts) const {
  // Exponential, with jitter between half (rounded up) and the whole step so retries do not bunch.
  auto step = policy_.first_backoff * (1LL << std::min(attempts - 1, 20));
  step = std::min<std::chrono::seconds>(step, policy_.max_backoff);
  static thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_int_distribution<long long> jitter((step.count() + 1) / 2,
                                                  std::max<long long>(step.count(), 1));
  return std::chrono::seconds{jitter(rng)};
}

// The person blocked the bot: mark the identity so nothing more is queued for it, fail what is
// already queued, and schedule the job that tells their programme managers (handlers word it).
void OutboxDispatcher::stop_addressing(SQLite::Database& db, const storage::OutboxRow& row,
                                       TimePoint now) {
  const auto& a = row.item.address;
  // A post to a conversation (a mentor circle's channel) has no recipient to stop addressing;
  // an empty user id would match, and fail, every such post in the workspace.
  if (row.item.user_id.empty()) return;
  UserRef user{a.platform, a.workspace, row.item.user_id, "", "", ""};
  auto person = storage::PeopleRepository(db).mark_blocked(user, now);
  const int dropped = storage::OutboxRepository(db).fail_pending_for(
      a.platform, a.workspace, row.item.user_id, "recipient blocked the bot");
  spdlog::warn("event=recipient_blocked platform={} person_id={} dropped={}", to_string(a.platform),
               person.value_or(0), dropped);
  if (!person) return;  // marked before: the managers were told then
  storage::Job job;
  job.route = "people.blocked";
  job.person_id = *person;
  job.payload = nlohmann::json{{"platform", std::string(to_string(a.platform))}}.dump();
  job.due_at = now;
  job.idempotency_key =
      "people.blocked:" + std::to_string(*person) + ":" + std::to_string(to_unix(now));
  storage::JobRepository(db).schedule(job);
}

void OutboxDispatcher::deliver_one(const storage::OutboxRow& row) {
  DeliveryResult result;
  auto client = clients_.find(row.item.address.platform);
  if (client == clients_.end()) {
    // The platform may be configured again later: keep the row, try again in a while.
    result =
        DeliveryResult::retry(std::string(to_string(row.item.address.platform)) + " is not enabled",
                              std::chrono::minutes{10});
  } else {
    try {
      auto message = ui::message_from_json(nlohmann::json::parse(row.item.message_json));
      result = client->second->deliver(row.item, message);
    } catch (const std::exception& e) {
      result = DeliveryResult::permanent(std::string("undeliverable row: ") + e.what());
    }
  }
  const auto now = clock_.now();
  db_.transact([&](SQLite::Database& db) {
    storage::OutboxRepository outbox(db);
    switch (result.outcome) {
      case DeliveryResult::Outcome::sent:
        outbox.mark_sent(row.id, now);
        break;
      case DeliveryResult::Outcome::retry:
        if (row.attempts >= policy_.max_attempts) {
          outbox.mark_failed(row.id, result.error);
          result.outcome = DeliveryResult::Outcome::permanent_failure;
        } else {
          outbox.mark_retry(row.id, now + result.retry_after.value_or(backoff(row.attempts)),
                            result.error);
        }
        break;
      case DeliveryResult::Outcome::deferred:
        outbox.mark_deferred(row.id, now + result.retry_after.value_or(std::chrono::seconds{1}));
        break;
      case DeliveryResult::Outcome::permanent_failure:
        outbox.mark_failed(row.id, result.error);
        if (result.recipient_blocked) stop_addressing(db, row, now);
        break;
    }
  });
  if (result.recipient_blocked && on_job_scheduled_) on_job_scheduled_();
  const char* label = "failed";
  switch (result.outcome) {
    case DeliveryResult::Outcome::sent:
      label = "sent";
      break;
    case DeliveryResult::Outcome::retry:
      label = "retry";
      break;
    case DeliveryResult::Outcome::deferred:
      label = "deferred";
      break;
    case DeliveryResult::Outcome::permanent_failure:
      break;
  }
  if (metrics_) metrics_->increment("flipside_outbox_deliveries_total", "result", label);
  if (result.outcome == DeliveryResult::Outcome::deferred) {
    spdlog::debug("event=outbox_deferred id={} reason=\"{}\"", row.id, result.error);
  } else if (result.outcome != DeliveryResult::Outcome::sent) {
    spdlog::warn("event=outbox_delivery result={} id={} platform={} attempt={} reason=\"{}\"",
                 label, row.id, to_string(row.item.address.platform), row.attempts, result.error);
  }
}

int OutboxDispatcher::deliver_due() {
  int delivered = 0;
  while (true) {
    auto rows = db_.transact([&](SQLite::Database& db) {
      return storage::OutboxRepository(db).claim_due(clock_.now(), policy_.batch_size);
    });
    if (rows.empty()) return delivered;
    for (const auto& row : rows) {
      deliver_one(row);
      ++delivered;
    }
  }
}

void OutboxDispatcher::start() {
  thread_ = std::thread([this] { loop(); });
}

void OutboxDispatcher::notify() {
  {
    std::lock_guard lock(wake_mutex_);
    poked_ = true;
  }
  wake_.notify_one();
}

void OutboxDispatcher::stop() {
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void OutboxDispatcher::loop() {
  while (true) {
    try {
      deliver_due();
    } catch (const std::exception& e) {
      spdlog::error("event=outbox_loop_error reason=\"{}\"", e.what());
    }
    auto next = db_.transact(
        [](SQLite::Database& db) { return storage::OutboxRepository(db).next_attempt_at(); });
    auto wait = std::chrono::seconds{30};
    if (next)
      wait = std::clamp<std::chrono::seconds>(*next - clock_.now(), std::chrono::seconds{0}, wait);
    std::unique_lock lock(wake_mutex_);
    wake_.wait_for(lock, wait, [this] { return poked_ || stopping_; });
    if (stopping_) return;
    poked_ = false;
  }
}

}  // namespace flipside
