// Delivery through the outbox: at least once, at most once per key, retried, and nothing lost
// across a crash.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "bot/core/ui_json.hpp"
#include "bot/outbox_dispatcher.hpp"
#include "bot/scheduler.hpp"
#include "storage/database.hpp"
#include "storage/jobs.hpp"
#include "storage/outbox.hpp"
#include "storage/people.hpp"
#include "support/temp_dir.hpp"
#include "support/test_program.hpp"

using namespace flipside;
using namespace std::chrono;

namespace {

// A platform that records what it was asked to deliver and answers from a script.
class RecordingClient final : public PlatformClient {
 public:
  std::vector<DeliveryResult> script;  // consumed front to back; then always "sent"
  std::vector<std::string> delivered;  // template ids, in order

  DeliveryResult deliver(const storage::OutboxItem&, const ui::Message& m) override {
    delivered.push_back(m.template_id);
    if (script.empty()) return DeliveryResult::sent();
    auto r = script.front();
    script.erase(script.begin());
    return r;
  }
};

const TimePoint kStart = from_unix(testing::kStartUnix);

void enqueue(storage::Database& db, const std::string& key, const std::string& template_id) {
  db.transact([&](SQLite::Database& c) {
    auto person = storage::PeopleRepository(c).upsert_from_contact(
        {Platform::console, "local", "ana", "Ana", "", ""}, {}, kStart);
    ui::Message m;
    m.template_id = template_id;
    m.text("hello");
    storage::OutboxRepository(c).enqueue(
        {key, person.id, {Platform::console, "local", "ana", ""}, "ana", ui::to_json(m).dump()},
        kStart);
  });
}

std::string status(storage::Database& db, const std::string& key) {
  return db.transact(
      [&](SQLite::Database& c) { return storage::OutboxRepository(c).status_of(key); });
}

}  // namespace

TEST_CASE("a row committed before a crash is delivered exactly once after the restart",
          "[outbox]") {
  testing::TempDir dir;
  FakeClock clock(kStart);
  {
    storage::Database db(dir.file("f.db"));
    enqueue(db, "welcome:ana", "join.confirmed");
    // The process dies here: committed, never delivered.
  }
  {
    storage::Database db(dir.file("f.db"));
    auto client = std::make_shared<RecordingClient>();
    OutboxDispatcher outbox(db, clock);
    outbox.add_client(Platform::console, client);
    outbox.recover();
    CHECK(outbox.deliver_due() == 1);
    CHECK(outbox.deliver_due() == 0);
    CHECK(client->delivered == std::vector<std::string>{"join.confirmed"});
    CHECK(status(db, "welcome:ana") == "sent");
  }
  storage::Database db(dir.file("f.db"));
  auto client = std::make_shared<RecordingClient>();
  OutboxDispatcher outbox(db, clock);
  outbox.add_client(Platform::console, client);
  outbox.recover();
  outbox.deliver_due();
  CHECK(client->delivered.empty());  // and not again after another restart
}

TEST_CASE("a row claimed by a process that died mid-send is sent again after restart", "[outbox]") {
  testing::TempDir dir;
  FakeClock clock(kStart);
  {
    storage::Database db(dir.file("f.db"));
    enqueue(db, "k", "t");
    auto claimed = db.transact(
        [&](SQLite::Database& c) { return storage::OutboxRepository(c).claim_due(kStart, 10); });
    REQUIRE(claimed.size() == 1);
    // Crash between claiming and marking: the row stays 'sending'.
  }
  storage::Database db(dir.file("f.db"));
  auto client = std::make_shared<RecordingClient>();
  OutboxDispatcher outbox(db, clock);
  outbox.add_client(Platform::console, client);
  CHECK(outbox.deliver_due() == 0);  // not due while someone else seems to hold it
  CHECK(outbox.recover() == 1);
  CHECK(outbox.deliver_due() == 1);
  CHECK(client->delivered.size() == 1);
}

TEST_CASE("failed deliveries are retried with backoff, honouring Retry-After, then given up",
          "[outbox]") {
  storage::Database db(":memory:");
  FakeClock clock(kStart);
  auto client = std::make_shared<RecordingClient>();
  OutboxPolicy policy;
  policy.max_attempts = 3;
  OutboxDispatcher outbox(db, clock, nullptr, policy);
  outbox.add_client(Platform::console, client);

  SECTION("a 429 waits exactly as long as the platform asked") {
    client->script = {DeliveryResult::retry("HTTP 429", seconds{30})};
    enqueue(db, "k", "t");
    outbox.deliver_due();
    CHECK(status(db, "k") == "pending");
    clock.advance(seconds{29});
    CHECK(outbox.deliver_due() == 0);
    clock.advance(seconds{1});
    CHECK(outbox.deliver_due() == 1);
    CHECK(status(db, "k") == "sent");
    CHECK(client->delivered.size() == 2);
  }
  SECTION("a 500 backs off between half and the whole step") {
    client->script = {DeliveryResult::retry("HTTP 500")};
    enqueue(db, "k", "t");
    outbox.deliver_due();
    clock.advance(seconds{2});  // first step is 5 s, so no retry before 2.5 s
    CHECK(outbox.deliver_due() == 0);
    clock.advance(seconds{3});
    CHECK(outbox.deliver_due() == 1);
    CHECK(status(db, "k") == "sent");
  }
  SECTION("after the last attempt the row is marked failed, not retried for ever") {
    client->script = {DeliveryResult::retry("e"), DeliveryResult::retry("e"),
                      DeliveryResult::retry("e")};
    enqueue(db, "k", "t");
    for (int i = 0; i < 5; ++i) {
      outbox.deliver_due();
      clock.advance(minutes{5});
    }
    CHECK(client->delivered.size() == 3);
    CHECK(status(db, "k") == "failed");
  }
  SECTION("a permanent failure is not retried") {
    client->script = {DeliveryResult::permanent("user blocked the bot")};
    enqueue(db, "k", "t");
    outbox.deliver_due();
    clock.advance(hours{2});
    outbox.deliver_due();
    CHECK(client->delivered.size() == 1);
    CHECK(status(db, "k") == "failed");
  }
  SECTION("a platform that is not enabled keeps the row for later") {
    OutboxDispatcher no_clients(db, clock, nullptr, policy);
    enqueue(db, "k", "t");
    no_clients.deliver_due();
    CHECK(status(db, "k") == "pending");
  }
}

TEST_CASE("the scheduler runs a job at its time and reports when the next one is due",
          "[scheduler]") {
  testing::TestProgram p;
  p.say("ana", "join mentor");  // Berlin: follow-up on Tuesday 09:00 CET = 08:00 UTC
  Scheduler& scheduler = p.app->scheduler();
  auto next = scheduler.tick();
  REQUIRE(next);
  CHECK(*next == kStart + hours{24});
  p.clock.set(*next - seconds{1});
  scheduler.tick();
  CHECK(p.app->db().transact([](SQLite::Database& c) {
    return storage::JobRepository(c).count_due(from_unix(0) + hours{1000000});
  }) == 1);
  p.clock.set(*next);
  CHECK_FALSE(scheduler.tick().has_value());  // ran; nothing else is scheduled
  p.app->outbox().deliver_due();
  CHECK(p.delivered_to("ana").size() == 1);
}
