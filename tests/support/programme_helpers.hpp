#pragma once
// Helpers for tests that run a programme through the chat: read replies the way a person would,
// fill in the programme and intake forms, look at delivered messages.
#include <SQLiteCpp/Database.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/reply.hpp"
#include "storage/intakes.hpp"
#include "support/test_program.hpp"

namespace flipside::testing {

// Everything a person reads in the replies: text, fields and context lines.
std::string all_text(const Reply& r);
std::string text_of(const ui::Message& m);
std::vector<std::string> template_ids(const Reply& r);
const ui::Form* form_of(const Reply& r);  // points into `r`
std::map<std::string, std::string> initial_values(const ui::Form& f);
std::vector<ui::Button> buttons_in(const ui::Message& m);
bool has_template(const std::vector<ui::Message>& ms, const std::string& id);
std::size_t count_template(const std::vector<ui::Message>& ms, const std::string& id);
// The newest delivered message with this template, or fails the test.
ui::Message last_delivered(TestProgram& p, const std::string& user, const std::string& id);

Config with_admin(const std::string& user);
// A valid "new programme" form: "Spring pilot", from 2026-03-16, 4 months, biweekly, shortlist.
std::map<std::string, std::string> good_programme();
// A valid mentor intake (level 3, Asia/Calcutta, free Mon/Wed/Thu).
std::map<std::string, std::string> good_intake();

template <typename F>
auto in_db(TestProgram& p, F f) {
  return p.app->db().transact([&](SQLite::Database& db) { return f(db); });
}
std::int64_t person_id(TestProgram& p, const std::string& user);
void set_email(TestProgram& p, const std::string& user, const std::string& email);
std::optional<storage::Intake> intake_of(TestProgram& p, const std::string& user);

// Joins `user` with `role` and submits an intake: good_intake() with `changes`.
void join_with_intake(TestProgram& p, const std::string& user, const std::string& role,
                      std::map<std::string, std::string> changes);
// Three mentors (ana, bob, cat) and two mentees (lee, mia) who all fit each other.
void cohort_of_five(TestProgram& p, const std::string& mode = "shortlist");
std::size_t pairs_in(TestProgram& p);
// `pairs` mentors (m1, m2, ...) in `mentor_department` and as many mentees (s1, s2, ...) in
// `mentee_department`, all in Europe/Berlin, paired by a confirmed direct match (mi with si, for up
// to four pairs: each pair has a skill of its own) in Pat's "Spring
// pilot" (good_programme: 16 Mar - 16 Jul, so the midpoint is Sat 16 May, 09:00 Berlin). Pat must
// be an admin (with_admin("pat")).
void paired_cohort(TestProgram& p, int pairs, const std::string& mentor_department,
                   const std::string& mentee_department);
// In a paired_cohort: `mentor` proposes 10:00 Berlin on `date` (YYYY-MM-DD) for their pair,
// confirming it even outside usual hours; `mentee` accepts.
void book_at_ten(TestProgram& p, const std::string& mentor, const std::string& mentee,
                 const std::string& date);
// After a 10:00 Berlin session on 4 Mar 2026 (the clock moves to 10:00 UTC): `who` answers the
// check-in with button `button` (0 met, 1 missed, 2 moved).
void check_in_on_4_march(TestProgram& p, const std::string& who, int button);
// Answers the newest mentor-circle question delivered to `user`.
Reply answer_circle(TestProgram& p, const std::string& user, const std::string& worked,
                    const std::string& stuck);

}  // namespace flipside::testing
