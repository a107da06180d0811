#include "privacy.hpp"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string_view>

#include "storage/statement_cache.hpp"
#include "storage/tokens.hpp"

namespace flipside::storage {

namespace {

// Bytes that continue a word, so forgetting "Al" does not touch a message about "Alice". Bytes
// of multi-byte UTF-8 characters count as letters.
bool word_byte(unsigned char c) {
  return std::isalnum(c) != 0 || c == '_' || c >= 0x80;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Something that names the person in text. Names and platform ids are matched with their case
// (a person called Will must not take every message saying "will" with them); emails, which
// people type in any case, ignoring it.
struct Word {
  std::string text;
  bool ignore_case = true;
};

// True if `word` occurs in `text` as a whole word.
bool names(std::string_view text, const Word& word) {
  const auto hay = word.ignore_case ? ascii_lower(text) : std::string(text);
  const auto needle = word.ignore_case ? ascii_lower(word.text) : word.text;
  for (auto at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) {
    const bool starts = at == 0 || !word_byte(static_cast<unsigned char>(hay[at - 1])) ||
                        !word_byte(static_cast<unsigned char>(needle.front()));
    const auto end = at + needle.size();
    const bool ends = end == hay.size() || !word_byte(static_cast<unsigned char>(hay[end])) ||
                      !word_byte(static_cast<unsigned char>(needle.back()));
    if (starts && ends) return true;
  }
  return false;
}

// How `s` appears inside a JSON string (messages and payloads are stored as JSON).
std::string json_escaped(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      static constexpr char kDigits[] = "0123456789abcdef";
      out += "\\u00";
      out += kDigits[c >> 4];
      out += kDigits[c & 0xF];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string json_array(const std::vector<std::int64_t>& ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + "]";
}

std::string json_array(const std::vector<std::string>& texts) {
  std::string out = "[";
  for (std::size_t i = 0; i < texts.size(); ++i)
    out += (i ? ",\"" : "\"") + json_escaped(texts[i]) + "\"";
  return out + "]";
}

// A text column of a table that may name a person without a foreign key.
struct TextColumns {
  const char* table;
  std::vector<const char*> columns;
};

// Machinery that copies names into text: delivered and queued messages, the console's
// transcript, job payloads, and the managers' audit trail (a reason typed about someone).
const std::vector<TextColumns>& text_tables() {
  static const std::vector<TextColumns> kTables = {
      {"outbox", {"message", "idempotency_key", "user_id", "conversation_id", "last_error"}},
      {"console_messages", {"user_id", "message"}},
      {"jobs", {"payload", "idempotency_key", "last_error"}},
      {"audit_log", {"detail"}},
  };
  return kTables;
}

// instr() narrows the rows in SQL (ignoring case); names() then keeps only whole-word matches.
std::string candidates_where(const std::vector<const char*>& columns, std::size_t words) {
  std::string where;
  for (const char* column : columns) {
    for (std::size_t w = 1; w <= words; ++w) {
      if (!where.empty()) where += " OR ";
      where += "instr(lower(" + std::string(column) + "), lower(?" + std::to_string(w) + ")) > 0";
    }
  }
  return where;
}

bool any_names(const std::vector<std::string>& texts, const std::vector<Word>& words) {
  return std::any_of(texts.begin(), texts.end(), [&](const std::string& t) {
    return std::any_of(words.begin(), words.end(), [&](const auto& w) { return names(t, w); });
  });
}

}  // namespace

namespace {

// What names the person in text: display name, email, and each identity's platform user id and
// direct conversation id, plus their JSON-escaped forms where those differ.
std::vector<Word> identifiers(SQLite::Database& db, std::int64_t person_id) {
  std::vector<Word> words;
  auto add = [&](const std::string& w, bool ignore_case) {
    if (w.empty()) return;
    for (const auto& form : {w, json_escaped(w)}) {
      if (std::none_of(words.begin(), words.end(), [&](const Word& x) { return x.text == form; }))
        words.push_back({form, ignore_case});
    }
  };
  auto& person = prepare(db, "SELECT display_name, coalesce(email, '') FROM people WHERE id = ?");
  person.bind(1, person_id);
  while (person.executeStep()) {
    add(person.getColumn(0).getString(), false);
    add(person.getColumn(1).getString(), true);
  }
  auto& ids = prepare(db, "SELECT user_id, conversation_id FROM identities WHERE person_id = ?");
  ids.bind(1, person_id);
  while (ids.executeStep()) {
    add(ids.getColumn(0).getString(), false);
    add(ids.getColumn(1).getString(), false);
  }
  return words;
}

std::vector<std::int64_t> id_list(SQLite::Database& db, const std::string& sql,
                                  std::int64_t person_id) {
  auto& q = prepare(db, sql);
  q.bind(1, person_id);
  std::vector<std::int64_t> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
  return out;
}

int exec_for(SQLite::Database& db, const std::string& sql, std::int64_t person_id) {
  auto& q = prepare(db, sql);
  q.bind(1, person_id);
  return q.exec();
}

// Deletes the rows of `t` whose text columns name the person as a whole word.
int delete_naming(SQLite::Database& db, const TextColumns& t, const std::vector<Word>& words) {
  if (words.empty()) return 0;
  std::string select = "SELECT id";
  for (const char* c : t.columns) select += std::string(", coalesce(") + c + ", '')";
  select += std::string(" FROM ") + t.table + " WHERE " + candidates_where(t.columns, words.size());
  SQLite::Statement q(db, select);
  for (std::size_t w = 0; w < words.size(); ++w) q.bind(static_cast<int>(w + 1), words[w].text);
  std::vector<std::int64_t> doomed;
  while (q.executeStep()) {
    std::vector<std::string> texts;
    for (int c = 1; c <= static_cast<int>(t.columns.size()); ++c)
      texts.push_back(q.getColumn(c).getString());
    if (any_names(texts, words)) doomed.push_back(q.getColumn(0).getInt64());
  }
  if (doomed.empty()) return 0;
  SQLite::Statement del(
      db, std::string("DELETE FROM ") + t.table + " WHERE id IN (SELECT value FROM json_each(?))");
  del.bind(1, json_array(doomed));
  return del.exec();
}

// inbound_seen has no id (WITHOUT ROWID): its key is (source, event_id). Console and Teams
// dedupe ids start with the user or conversation id.
int delete_seen_naming(SQLite::Database& db, const std::vector<Word>& words) {
  if (words.empty()) return 0;
  SQLite::Statement q(db, "SELECT source, event_id FROM inbound_seen WHERE " +
                              candidates_where({"event_id"}, words.size()));
  for (std::size_t w = 0; w < words.size(); ++w) q.bind(static_cast<int>(w + 1), words[w].text);
  std::vector<std::pair<std::string, std::string>> doomed;
  while (q.executeStep()) {
    auto event_id = q.getColumn(1).getString();
    if (any_names({event_id}, words)) doomed.emplace_back(q.getColumn(0).getString(), event_id);
  }
  int deleted = 0;
  for (const auto& [source, event_id] : doomed) {
    auto& del = prepare(db, "DELETE FROM inbound_seen WHERE source = ? AND event_id = ?");
    del.bind(1, source);
    del.bind(2, event_id);
    deleted += del.exec();
  }
  return deleted;
}

}  // namespace

ForgetReport PrivacyRepository::forget(std::int64_t person_id) {
  ForgetReport report;
  const auto words = identifiers(db_, person_id);
  // Records that go with the person by cascade, collected first so that jobs about them (whose
  // payload holds only their id) can go too: left behind they would fail when due, and a reused
  // id could make them fire for someone else's session.
  const auto pairs = id_list(
      db_, "SELECT id FROM pairs WHERE mentor_id = ?1 OR mentee_id = ?1 ORDER BY id", person_id);
  const auto sessions = id_list(db_,
                                "SELECT s.id FROM sessions s JOIN pairs p ON p.id = s.pair_id"
                                " WHERE p.mentor_id = ?1 OR p.mentee_id = ?1 ORDER BY s.id",
                                person_id);
  const auto offers = id_list(
      db_, "SELECT id FROM offers WHERE mentor_id = ?1 OR mentee_id = ?1 ORDER BY id", person_id);
  const auto invites =
      id_list(db_, "SELECT id FROM pulse_invites WHERE person_id = ?1 ORDER BY id", person_id);
  report.pairs = static_cast<int>(pairs.size());

  // Addressed to them, by person or by platform address.
  report.outbox_rows += exec_for(
      db_,
      "DELETE FROM outbox WHERE person_id = ?1 OR EXISTS (SELECT 1 FROM identities i"
      " WHERE i.person_id = ?1 AND i.platform = outbox.platform AND i.workspace = outbox.workspace"
      " AND (i.user_id = outbox.user_id"
      "   OR (i.conversation_id <> '' AND i.conversation_id = outbox.conversation_id)))",
      person_id);
  report.transcript_rows += exec_for(db_,
                                     "DELETE FROM console_messages WHERE user_id IN (SELECT "
                                     "user_id FROM identities"
                                     " WHERE person_id = ?1 AND platform = 'console')",
                                     person_id);
  {
    auto& q =
        prepare(db_,
                "DELETE FROM jobs WHERE person_id = ?1 OR CASE WHEN json_valid(payload) THEN"
                " json_extract(payload, '$.pair_id') IN (SELECT value FROM json_each(?2))"
                " OR json_extract(payload, '$.session_id') IN (SELECT value FROM json_each(?3))"
                " OR json_extract(payload, '$.offer_id') IN (SELECT value FROM json_each(?4))"
                " OR json_extract(payload, '$.invite_id') IN (SELECT value FROM json_each(?5))"
                " ELSE 0 END");
    q.bind(1, person_id);
    q.bind(2, json_array(pairs));
    q.bind(3, json_array(sessions));
    q.bind(4, json_array(offers));
    q.bind(5, json_array(invites));
    report.jobs += q.exec();
  }

  // Naming them in text, addressed to anyone.
  for (const auto& t : text_tables()) {
    const int n = delete_naming(db_, t, words);
    const std::string_view table = t.table;
    if (table == "outbox") {
      report.outbox_rows += n;
    } else if (table == "console_messages") {
      report.transcript_rows += n;
    } else if (table == "jobs") {
      report.jobs += n;
    } else {
      report.other_rows += n;
    }
  }
  report.other_rows += delete_seen_naming(db_, words);

  // Other people's records that name them as their manager. (An HR re-import may set it again.)
  report.other_rows += exec_for(db_,
                                "UPDATE people SET manager_email = NULL WHERE id <> ?1"
                                " AND lower(manager_email) = (SELECT lower(email) FROM people"
                                " WHERE id = ?1)",
                                person_id);
  report.other_rows += exec_for(
      db_,
      "UPDATE intakes SET answers = json_set(answers, '$.manager_email', '') WHERE person_id <> ?1"
      " AND CASE WHEN json_valid(answers) THEN lower(json_extract(answers, '$.manager_email')) ="
      " (SELECT lower(email) FROM people WHERE id = ?1) ELSE 0 END",
      person_id);

  // The person, and by ON DELETE CASCADE everything that points at them.
  if (exec_for(db_, "DELETE FROM people WHERE id = ?1", person_id) != 1)
    throw std::runtime_error("forget: no person " + std::to_string(person_id));
  return report;
}

bool PrivacyRepository::only_contact_details(std::int64_t person_id) {
  auto& q = prepare(db_,
                    "SELECT NOT EXISTS (SELECT 1 FROM participants WHERE person_id = ?1)"
                    " AND NOT EXISTS (SELECT 1 FROM intakes WHERE person_id = ?1)"
                    " AND NOT EXISTS (SELECT 1 FROM offers WHERE mentor_id = ?1 OR mentee_id = ?1)"
                    " AND NOT EXISTS (SELECT 1 FROM pairs WHERE mentor_id = ?1 OR mentee_id = ?1)"
                    " AND NOT EXISTS (SELECT 1 FROM managers WHERE person_id = ?1)"
                    " AND NOT EXISTS (SELECT 1 FROM programme_managers WHERE person_id = ?1)"
                    " AND NOT EXISTS (SELECT 1 FROM pulse_invites WHERE person_id = ?1)"
                    " AND NOT EXISTS (SELECT 1 FROM next_cohort_answers WHERE person_id = ?1)"
                    " AND NOT EXISTS (SELECT 1 FROM circle_invites WHERE person_id = ?1)"
                    " AND NOT EXISTS (SELECT 1 FROM impact_ratings WHERE person_id = ?1)"
                    " AND NOT EXISTS (SELECT 1 FROM data_export_links WHERE person_id = ?1)");
  q.bind(1, person_id);
  q.executeStep();
  return q.getColumn(0).getInt() != 0;
}

SweepResult PrivacyRepository::sweep_delivered(const std::vector<std::string>& template_ids) {
  const auto ids = json_array(template_ids);
  static const std::string kHasTemplate =
      " CASE WHEN json_valid(message) THEN json_extract(message, '$.template_id')"
      " IN (SELECT value FROM json_each(?1)) ELSE 0 END";
  SweepResult r;
  auto& outbox =
      prepare(db_, "DELETE FROM outbox WHERE status IN ('sent', 'failed') AND" + kHasTemplate);
  outbox.bind(1, ids);
  r.deleted += outbox.exec();
  auto& transcript = prepare(db_, "DELETE FROM console_messages WHERE" + kHasTemplate);
  transcript.bind(1, ids);
  r.deleted += transcript.exec();
  auto& waiting = prepare(
      db_, "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending') AND" + kHasTemplate);
  waiting.bind(1, ids);
  waiting.executeStep();
  r.waiting = waiting.getColumn(0).getInt();
  return r;
}

std::string PrivacyRepository::issue_export_link(std::int64_t person_id, TimePoint now,
                                                 std::chrono::seconds lifetime) {
  // Dead links of theirs go first, so the table holds at most the live ones.
  auto& old = prepare(db_,
                      "DELETE FROM data_export_links WHERE person_id = ?"
                      " AND (used_at IS NOT NULL OR expires_at <= ?)");
  old.bind(1, person_id);
  old.bind(2, to_unix(now));
  old.exec();
  const auto token = random_token();
  auto& q = prepare(db_,
                    "INSERT INTO data_export_links(token_sha256, person_id, created_at, expires_at)"
                    " VALUES (?, ?, ?, ?)");
  q.bind(1, sha256_hex(token));
  q.bind(2, person_id);
  q.bind(3, to_unix(now));
  q.bind(4, to_unix(now + lifetime));
  q.exec();
  return token;
}

LinkRedemption PrivacyRepository::redeem_export_link(const std::string& token, TimePoint now) {
  const auto hash = sha256_hex(token);
  auto& q = prepare(
      db_, "SELECT person_id, expires_at, used_at FROM data_export_links WHERE token_sha256 = ?");
  q.bind(1, hash);
  if (!q.executeStep()) return {};
  LinkRedemption r;
  r.person_id = q.getColumn(0).getInt64();
  const auto expires_at = q.getColumn(1).getInt64();
  const bool used = !q.getColumn(2).isNull();
  q.reset();
  if (used) return {LinkState::used, 0};
  if (to_unix(now) >= expires_at) return {LinkState::expired, 0};
  auto& use = prepare(db_,
                      "UPDATE data_export_links SET used_at = ? WHERE token_sha256 = ?"
                      " AND used_at IS NULL");
  use.bind(1, to_unix(now));
  use.bind(2, hash);
  if (use.exec() != 1) return {LinkState::used, 0};
  r.state = LinkState::valid;
  return r;
}

namespace {

// An ISO 8601 UTC time (or null) from a Unix-seconds column.
std::string iso(const std::string& column) {
  return "strftime('%Y-%m-%dT%H:%M:%SZ', " + column + ", 'unixepoch')";
}

std::string boolean(const std::string& condition) {
  return "json(CASE WHEN " + condition + " THEN 'true' ELSE 'false' END)";
}

// Each query returns one JSON text; ?1 is the person. A subquery's JSON is passed through json()
// so it is embedded as JSON rather than as a string.
std::vector<std::pair<std::string, std::string>> export_queries() {
  return {
      {"profile",
       "SELECT json_object('display_name', display_name, 'email', email, 'time_zone', time_zone,"
       " 'title', title, 'department', department, 'location', location, 'level', grade,"
       " 'manager_email', manager_email, 'languages', languages, 'created_at', " +
           iso("created_at") + ", 'updated_at', " + iso("updated_at") +
           ") FROM people WHERE id = ?1"},
      {"identities",
       "SELECT json_group_array(json_object('platform', platform, 'workspace', workspace,"
       " 'user_id', user_id, 'last_seen_at', " +
           iso("last_seen_at") + ", 'blocked_at', " + iso("blocked_at") +
           ")) FROM (SELECT * FROM identities WHERE person_id = ?1"
           " ORDER BY platform, workspace, user_id)"},
      {"participation",
       "SELECT json_group_array(json_object('role', pa.role, 'programme', pr.name, 'joined_at', " +
           iso("pa.joined_at") + ", 'orientation_acknowledged_at', " +
           iso("pa.orientation_acknowledged_at") +
           ")) FROM participants pa LEFT JOIN programmes pr ON pr.id = pa.programme_id"
           " WHERE pa.person_id = ?1"},
      {"intake_answers",
       "SELECT json_group_array(json_object('programme', pr.name, 'role', i.role,"
       " 'answers', json(i.answers), 'complete', " +
           boolean("i.complete") + ", 'updated_at', " + iso("i.updated_at") +
           ")) FROM (SELECT * FROM intakes WHERE person_id = ?1 ORDER BY updated_at) i"
           " JOIN programmes pr ON pr.id = i.programme_id"},
      {"pairs",
       "SELECT json_group_array(json_object('pair_id', p.id, 'programme', pr.name,"
       " 'your_role', CASE WHEN p.mentor_id = ?1 THEN 'mentor' ELSE 'mentee' END,"
       " 'partner', partner.display_name, 'source', p.source, 'reason', p.reason,"
       " 'created_at', " +
           iso("p.created_at") + ", 'ended_at', " + iso("p.ended_at") +
           ", 'end_reason', p.end_reason, 'paused_at', " + iso("p.paused_at") +
           ")) FROM (SELECT * FROM pairs WHERE mentor_id = ?1 OR mentee_id = ?1 ORDER BY id) p"
           " JOIN programmes pr ON pr.id = p.programme_id LEFT JOIN people partner"
           " ON partner.id = CASE WHEN p.mentor_id = ?1 THEN p.mentee_id ELSE p.mentor_id END"},
      {"sessions",
       "SELECT json_group_array(json_object('pair_id', s.pair_id, 'number', s.number,"
       " 'starts_at', " +
           iso("s.starts_at") + ", 'minutes', s.minutes, 'status', s.status, 'proposed_by_you', " +
           boolean("s.proposed_by = ?1") + ", 'recurring', " + boolean("s.series_id IS NOT NULL") +
           ")) FROM (SELECT s.* FROM sessions s JOIN pairs p ON p.id = s.pair_id"
           " WHERE p.mentor_id = ?1 OR p.mentee_id = ?1 ORDER BY s.starts_at, s.id) s"},
      {"goals",
       "SELECT json_group_array(json_object('pair_id', g.pair_id, 'specific', g.specific,"
       " 'measurable', g.measurable, 'achievable', g.achievable, 'relevant', g.relevant,"
       " 'due_date', g.due_date, 'status', g.status, 'progress', g.progress,"
       " 'proposed_by_you', " +
           boolean("g.proposed_by = ?1") + ", 'created_at', " + iso("g.created_at") +
           ")) FROM (SELECT g.* FROM goals g JOIN pairs p ON p.id = g.pair_id"
           " WHERE p.mentor_id = ?1 OR p.mentee_id = ?1 ORDER BY g.id) g"},
      {"checkins",
       "SELECT json_group_array(json_object('pair_id', s.pair_id, 'session_starts_at', " +
           iso("s.starts_at") +
           ", 'met', c.answer, 'learned', c.learned, 'actions', c.actions, 'answered_at', " +
           iso("c.answered_at") +
           ")) FROM (SELECT * FROM checkins WHERE person_id = ?1 ORDER BY answered_at) c"
           " JOIN sessions s ON s.id = c.session_id"},
      {"wrapups",
       "SELECT json_group_array(json_object('pair_id', pair_id, 'takeaways', takeaways,"
       " 'testimonial', testimonial, 'may_share_testimonial', " +
           boolean("may_share") + ", 'answered_at', " + iso("answered_at") +
           ")) FROM (SELECT * FROM wrapups WHERE person_id = ?1 ORDER BY answered_at)"},
      {"confidence_ratings",
       "SELECT json_group_array(json_object('programme', pr.name, 'phase', r.phase,"
       " 'about', r.label, 'rating', r.rating, 'rated_at', " +
           iso("r.rated_at") +
           ")) FROM (SELECT * FROM impact_ratings WHERE person_id = ?1"
           " ORDER BY rated_at, phase, label) r JOIN programmes pr ON pr.id = r.programme_id"},
      {"match_offers",
       "SELECT json_group_array(json_object('programme', pr.name,"
       " 'your_role', CASE WHEN o.mentor_id = ?1 THEN 'mentor' ELSE 'mentee' END,"
       " 'other_person', other.display_name, 'kind', o.kind, 'status', o.status,"
       " 'created_at', " +
           iso("o.created_at") + ", 'answered_at', " + iso("o.answered_at") +
           ")) FROM (SELECT * FROM offers WHERE mentor_id = ?1 OR mentee_id = ?1 ORDER BY id) o"
           " JOIN programmes pr ON pr.id = o.programme_id LEFT JOIN people other"
           " ON other.id = CASE WHEN o.mentor_id = ?1 THEN o.mentee_id ELSE o.mentor_id END"},
      {"pulse_invitations",
       "SELECT json_group_array(json_object('programme', pr.name, 'wave', v.wave,"
       " 'role', v.role, 'department', v.department, 'sent_at', " +
           iso("v.sent_at") + ", 'answered', " + boolean("v.answered") +
           ")) FROM (SELECT * FROM pulse_invites WHERE person_id = ?1 ORDER BY sent_at) v"
           " JOIN programmes pr ON pr.id = v.programme_id"},
      {"next_cohort_answers",
       "SELECT json_group_array(json_object('programme', pr.name, 'role', a.role,"
       " 'answer', a.answer, 'asked_at', " +
           iso("a.asked_at") + ", 'answered_at', " + iso("a.answered_at") +
           ")) FROM (SELECT * FROM next_cohort_answers WHERE person_id = ?1 ORDER BY asked_at) a"
           " JOIN programmes pr ON pr.id = a.programme_id"},
      // What they wrote in a mentor circle is stored without their name, so it cannot be found
      // for them (or given away as theirs): only that they were asked, and whether they answered.
      {"mentor_circle_invitations",
       "SELECT json_group_array(json_object('programme', pr.name, 'round', r.number,"
       " 'asked_at', " +
           iso("r.opened_at") + ", 'answered', " + boolean("i.answered") +
           ")) FROM (SELECT * FROM circle_invites WHERE person_id = ?1) i"
           " JOIN circle_rounds r ON r.id = i.round_id JOIN programmes pr"
           " ON pr.id = r.programme_id"},
      {"manager_roles",
       "SELECT json_object('programme_manager', " +
           boolean("EXISTS (SELECT 1 FROM managers WHERE person_id = ?1)") + ", 'added_at', (" +
           "SELECT " + iso("added_at") +
           " FROM managers WHERE person_id = ?1), 'programmes', json((SELECT"
           " json_group_array(name) FROM (SELECT pr.name FROM programme_managers pm"
           " JOIN programmes pr ON pr.id = pm.programme_id WHERE pm.person_id = ?1"
           " ORDER BY pr.name))))"},
  };
}

}  // namespace

std::vector<std::pair<std::string, std::string>> PrivacyRepository::export_sections(
    std::int64_t person_id) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, sql] : export_queries()) {
    auto& q = prepare(db_, sql);
    q.bind(1, person_id);
    if (!q.executeStep() || q.getColumn(0).isNull()) {
      out.emplace_back(name, "null");
    } else {
      out.emplace_back(name, q.getColumn(0).getString());
    }
  }
  return out;
}

}  // namespace flipside::storage
