#include <SQLiteCpp/Statement.h>

#include <catch2/catch.hpp>

#include "storage/database.hpp"
#include "storage/inbound_seen.hpp"
#include "storage/jobs.hpp"
#include "storage/outbox.hpp"
#include "storage/people.hpp"
#include "support/temp_dir.hpp"

using namespace flipside;
using namespace flipside::storage;

namespace {
const TimePoint kNow = from_unix(1772438400);

UserRef console_user(const std::string& id) {
  return {Platform::console, "local", id, id, "", "Europe/Berlin"};
}
}  // namespace

TEST_CASE("migrations apply once, are recorded, and a reopened file needs none", "[storage]") {
  testing::TempDir dir;
  const auto path = dir.file("nested/dir/flipside.db");
  {
    Database db(path);
    CHECK(db.applied_migrations() ==
          std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
    db.transact([](SQLite::Database& c) {
      CHECK(c.execAndGet("PRAGMA journal_mode").getString() == "wal");
      CHECK(c.execAndGet("PRAGMA foreign_keys").getInt() == 1);
      PeopleRepository(c).upsert_from_contact(console_user("ana"), {}, kNow);
    });
  }
  Database again(path);
  CHECK(again.applied_migrations() ==
        std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  again.transact([](SQLite::Database& c) {
    CHECK(PeopleRepository(c).find_by_identity(console_user("ana")));
  });
}

TEST_CASE("a transaction that throws leaves nothing behind", "[storage]") {
  Database db(":memory:");
  CHECK_THROWS_AS(db.transact([](SQLite::Database& c) {
    PeopleRepository(c).upsert_from_contact(console_user("ana"), {}, kNow);
    throw std::runtime_error("handler bug");
  }),
                  std::runtime_error);
  db.transact([](SQLite::Database& c) {
    CHECK_FALSE(PeopleRepository(c).find_by_identity(console_user("ana")));
  });
}

TEST_CASE("after the file was locked by another process, the next request works again",
          "[storage]") {
  // Waits out the 5 s busy timeout once: the locked request fails, the next one must not.
  testing::TempDir dir;
  const auto path = dir.file("flipside.db");
  Database db(path);
  {
    SQLite::Database other(path, SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    CHECK_THROWS_AS(db.transact([](SQLite::Database& c) {
      PeopleRepository(c).upsert_from_contact(console_user("ana"), {}, kNow);
    }),
                    SQLite::Exception);
    other.exec("COMMIT");
  }
  db.transact([](SQLite::Database& c) {
    PeopleRepository(c).upsert_from_contact(console_user("ana"), {}, kNow);
  });
  db.transact([](SQLite::Database& c) {
    CHECK(PeopleRepository(c).find_by_identity(console_user("ana")));
  });
}

TEST_CASE("the same person on a second platform is linked by email", "[storage]") {
  Database db(":memory:");
  db.transact([](SQLite::Database& c) {
    PeopleRepository people(c);
    auto a = people.upsert_from_contact({Platform::slack, "T1", "U1", "Ana", "ana@example.com", ""},
                                        {}, kNow);
    auto b = people.upsert_from_contact(
        {Platform::teams, "tenant", "29:x", "Ana L", "ana@example.com", ""}, {}, kNow);
    CHECK(a.id == b.id);
    auto c2 = people.upsert_from_contact({Platform::slack, "T1", "U2", "Bo", "", ""}, {}, kNow);
    CHECK(c2.id != a.id);
  });
}

TEST_CASE("reminders go to the platform the person wrote from last, even seconds apart",
          "[storage]") {
  // Repeated contact from the same place within a minute is not rewritten (a speed-up of the
  // Slack acknowledgement path); switching platforms must still move where messages go.
  Database db(":memory:");
  db.transact([](SQLite::Database& c) {
    PeopleRepository people(c);
    const UserRef slack{Platform::slack, "T1", "U1", "Ana", "ana@example.com", ""};
    const UserRef teams{Platform::teams, "tenant", "29:x", "Ana", "ana@example.com", ""};
    const ConversationRef slack_dm{Platform::slack, "T1", "D1", "", true};
    const ConversationRef teams_chat{Platform::teams, "tenant", "a:1", "https://smba.example/",
                                     true};
    auto ana = people.upsert_from_contact(slack, slack_dm, kNow);
    people.upsert_from_contact(slack, slack_dm, kNow + std::chrono::seconds{5});
    CHECK(people.preferred_address(ana.id)->platform == Platform::slack);
    people.upsert_from_contact(teams, teams_chat, kNow + std::chrono::seconds{10});
    CHECK(people.preferred_address(ana.id)->platform == Platform::teams);
    people.upsert_from_contact(slack, slack_dm, kNow + std::chrono::seconds{20});
    auto address = people.preferred_address(ana.id);
    REQUIRE(address);
    CHECK(address->platform == Platform::slack);
    CHECK(address->conversation_id == "D1");
    // A new DM channel within the same minute is taken at once.
    people.upsert_from_contact(slack, {Platform::slack, "T1", "D2", "", true},
                               kNow + std::chrono::seconds{25});
    CHECK(people.preferred_address(ana.id)->conversation_id == "D2");
  });
}

TEST_CASE("outbox rows and jobs are added at most once per idempotency key", "[storage]") {
  Database db(":memory:");
  db.transact([](SQLite::Database& c) {
    auto person = PeopleRepository(c).upsert_from_contact(console_user("ana"), {}, kNow);
    OutboxRepository outbox(c);
    OutboxItem item{
        "k1", person.id, {Platform::console, "local", "ana", ""}, "ana", R"({"blocks":[]})"};
    CHECK(outbox.enqueue(item, kNow));
    CHECK_FALSE(outbox.enqueue(item, kNow));
    CHECK(outbox.depth() == 1);
    JobRepository jobs(c);
    Job job{0, "join.next_steps", person.id, "{}", kNow, "j1", 0};
    CHECK(jobs.schedule(job));
    CHECK_FALSE(jobs.schedule(job));
    CHECK(jobs.count_due(kNow) == 1);
  });
}

TEST_CASE("a repeated inbound id is recognised, even by a new connection", "[storage]") {
  testing::TempDir dir;
  {
    Database db(dir.file("f.db"));
    db.transact([](SQLite::Database& c) {
      InboundSeenRepository seen(c);
      CHECK(seen.first_sight("slack", "Ev1", kNow));
      CHECK_FALSE(seen.first_sight("slack", "Ev1", kNow));
      CHECK(seen.first_sight("teams", "Ev1", kNow));
    });
  }
  Database db(dir.file("f.db"));
  db.transact([](SQLite::Database& c) {
    CHECK_FALSE(InboundSeenRepository(c).first_sight("slack", "Ev1", kNow));
  });
}
