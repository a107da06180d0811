#include "support/programme_helpers.hpp"

#include <catch2/catch.hpp>

#include <SQLiteCpp/Statement.h>

#include "storage/people.hpp"
#include "storage/programmes.hpp"

namespace flipside::testing {

// Everything a person reads in the replies: text, fields and context lines.
std::string all_text(const Reply& r) {
  std::string out;
  for (const auto& m : r.messages) {
    out += m.fallback_text() + "\n";
    for (const auto& b : m.blocks) {
      if (auto* f = std::get_if<ui::Fields>(&b))
        for (const auto& item : f->items) out += item.label + ": " + item.value + "\n";
      if (auto* c = std::get_if<ui::Context>(&b))
        for (const auto& line : c->items) out += line + "\n";
    }
  }
  return out;
}

std::vector<std::string> template_ids(const Reply& r) {
  std::vector<std::string> out;
  for (const auto& m : r.messages) out.push_back(m.template_id);
  return out;
}

const ui::Form* form_of(const Reply& r) {
  for (const auto& m : r.messages)
    for (const auto& b : m.blocks)
      if (auto* f = std::get_if<ui::Form>(&b)) return f;
  return nullptr;
}

std::map<std::string, std::string> initial_values(const ui::Form& f) {
  std::map<std::string, std::string> out;
  for (const auto& in : f.inputs) out[in.id] = in.initial;
  return out;
}

Config with_admin(const std::string& user) {
  Config c;
  c.admins = {user};
  return c;
}

std::map<std::string, std::string> good_programme() {
  return {{"name", "Spring pilot"},
          {"focus_areas", "digital_skills,ai_data"},
          {"skills", "Generative AI, Data visualisation, Social media, Automation"},
          {"start_date", "2026-03-16"},
          {"length_months", "4"},
          {"cadence", "biweekly"},
          {"session_minutes", "45"},
          {"matching_mode", "shortlist"},
          {"co_managers", ""}};
}

std::map<std::string, std::string> good_intake() {
  return {{"title", "Data analyst"},
          {"level", "3"},
          {"department", "Finance"},
          {"location", "Berlin"},
          {"manager_email", "Boss@Example.com"},
          {"teaches", "generative_ai,data_visualisation"},
          {"teaches_other", "Notion"},
          {"learns", "strategy,stakeholders"},
          {"learns_other", ""},
          {"interests", "photography,running"},
          {"learning_style", "hands_on"},
          {"extroversion", "4"},
          {"cadence", "biweekly"},
          {"session_minutes", "45"},
          {"availability", "mon_am,wed_pm,thu_am"},
          {"time_zone", "Asia/Calcutta"},
          {"languages", "en,de"},
          {"goals", "Get better at explaining data to leaders."},
          {"capacity", "1"}};
}

std::int64_t person_id(TestProgram& p, const std::string& user) {
  return in_db(p, [&](SQLite::Database& db) {
    return storage::PeopleRepository(db)
        .find_by_identity({Platform::console, "local", user, "", "", ""})
        ->id;
  });
}

void set_email(TestProgram& p, const std::string& user, const std::string& email) {
  const auto id = person_id(p, user);
  in_db(p, [&](SQLite::Database& db) {
    SQLite::Statement q(db, "UPDATE people SET email = ? WHERE id = ?");
    q.bind(1, email);
    q.bind(2, id);
    return q.exec();
  });
}

std::optional<storage::Intake> intake_of(TestProgram& p, const std::string& user) {
  const auto id = person_id(p, user);
  return in_db(p, [&](SQLite::Database& db) -> std::optional<storage::Intake> {
    auto programmes = storage::ProgrammeRepository(db).all();
    if (programmes.empty()) return std::nullopt;
    return storage::IntakeRepository(db).find(id, programmes.front().id);
  });
}

bool has_template(const std::vector<ui::Message>& ms, const std::string& id) {
  return std::any_of(ms.begin(), ms.end(), [&](const auto& m) { return m.template_id == id; });
}

std::size_t count_template(const std::vector<ui::Message>& ms, const std::string& id) {
  return static_cast<std::size_t>(
      std::count_if(ms.begin(), ms.end(), [&](const auto& m) { return m.template_id == id; }));
}

// Joins `user` with `role` and submits an intake: good_intake() with `changes`.
void join_with_intake(TestProgram& p, const std::string& user, const std::string& role,
                      std::map<std::string, std::string> changes) {
  p.say(user, "join " + role);
  auto opened = p.press(user, "intake.open");
  const auto* form = form_of(opened);
  REQUIRE(form);
  auto answers = good_intake();
  if (role == "mentee") {
    answers.erase("capacity");
    answers["level"] = "8";
    answers["teaches"] = "strategy";
    answers["learns"] = "generative_ai";
  }
  answers["manager_email"] = "";
  for (auto& [k, v] : changes) answers[k] = v;
  auto r = p.submit(user, form->form_id, answers);
  REQUIRE(r.form_errors.empty());
}

std::vector<ui::Button> buttons_in(const ui::Message& m) {
  std::vector<ui::Button> out;
  for (const auto& b : m.blocks)
    if (auto* a = std::get_if<ui::Actions>(&b))
      for (const auto& item : a->items)
        if (auto* button = std::get_if<ui::Button>(&item)) out.push_back(*button);
  return out;
}

// The newest delivered message with this template, or fails the test.
ui::Message last_delivered(TestProgram& p, const std::string& user, const std::string& id) {
  auto all = p.delivered_to(user);
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if (it->template_id == id) return *it;
  FAIL("no " << id << " delivered to " << user);
  return {};
}

std::string text_of(const ui::Message& m) {
  Reply r;
  r.messages.push_back(m);
  return all_text(r);
}

// Three mentors and two mentees who all fit each other; `mode` is shortlist or direct.
void cohort_of_five(TestProgram& p, const std::string& mode) {
  auto programme = good_programme();
  programme["matching_mode"] = mode;
  REQUIRE(p.submit("pat", "programme.create", programme).form_errors.empty());
  join_with_intake(p, "ana", "mentor", {{"teaches", "generative_ai"}});
  join_with_intake(p, "bob", "mentor", {{"teaches", "data_visualisation"}});
  join_with_intake(p, "cat", "mentor", {{"teaches", "social_media"}});
  join_with_intake(p, "lee", "mentee", {{"learns", "generative_ai"}});
  join_with_intake(p, "mia", "mentee", {{"learns", "data_visualisation"}});
  p.run_due_jobs();
}

std::size_t pairs_in(TestProgram& p) {
  return static_cast<std::size_t>(in_db(p, [](SQLite::Database& db) {
    return db.execAndGet("SELECT count(*) FROM pairs WHERE ended_at IS NULL").getInt64();
  }));
}

void paired_cohort(TestProgram& p, int pairs, const std::string& mentor_department,
                   const std::string& mentee_department) {
  p.say("pat", "hi");
  auto programme = good_programme();
  programme["matching_mode"] = "direct";
  REQUIRE(p.submit("pat", "programme.create", programme).form_errors.empty());
  for (int i = 1; i <= pairs; ++i) {
    // mi teaches what si wants to learn, so the optimal match pairs them (up to four pairs).
    static const char* kSkills[] = {"generative_ai", "data_visualisation", "social_media",
                                    "automation"};
    const std::string skill = kSkills[(i - 1) % 4];
    join_with_intake(
        p, "m" + std::to_string(i), "mentor",
        {{"department", mentor_department}, {"time_zone", "Europe/Berlin"}, {"teaches", skill}});
    join_with_intake(
        p, "s" + std::to_string(i), "mentee",
        {{"department", mentee_department}, {"time_zone", "Europe/Berlin"}, {"learns", skill}});
  }
  p.say("pat", "match run");
  p.run_due_jobs();
  for (int i = 1; i <= pairs; ++i) {
    auto to_mentee = buttons_in(last_delivered(p, "s" + std::to_string(i), "match.proposal"));
    p.press("s" + std::to_string(i), to_mentee[0].action_id, to_mentee[0].value);
  }
  for (int i = 1; i <= pairs; ++i) {
    auto to_mentor = buttons_in(last_delivered(p, "m" + std::to_string(i), "match.request"));
    p.press("m" + std::to_string(i), to_mentor[0].action_id, to_mentor[0].value);
  }
  REQUIRE(pairs_in(p) == static_cast<std::size_t>(pairs));
  p.run_due_jobs();
}

void book_at_ten(TestProgram& p, const std::string& mentor, const std::string& mentee,
                 const std::string& date) {
  const auto pair = buttons_in(last_delivered(p, mentor, "pair.kickoff"))[0].value;
  auto form = p.press(mentor, "session.propose", pair);
  REQUIRE(form_of(form));
  const std::string form_id = form_of(form)->form_id;
  REQUIRE(p.submit(mentor, form_id,
                   {{"date", date}, {"time", "10:00"}, {"minutes", "45"}, {"anyway", "yes"}})
              .form_errors.empty());
  p.run_due_jobs();
  auto accept = buttons_in(last_delivered(p, mentee, "session.proposed"))[0];
  p.press(mentee, accept.action_id, accept.value);
  p.run_due_jobs();
}

void check_in_on_4_march(TestProgram& p, const std::string& who, int button) {
  // 10:00 Berlin (UTC+1) + 45 min + 15 min = 10:00 UTC.
  p.clock.set(TimePoint{std::chrono::sys_days{std::chrono::year{2026} / 3 / 4}} +
              std::chrono::hours{10});
  p.run_due_jobs();
  auto ask = buttons_in(last_delivered(p, who, "checkin.ask"));
  REQUIRE(ask.size() == 3);
  p.press(who, ask[button].action_id, ask[button].value);
  p.run_due_jobs();
}

Reply answer_circle(TestProgram& p, const std::string& user, const std::string& worked,
                    const std::string& stuck) {
  Reply asked;
  asked.messages.push_back(last_delivered(p, user, "circle.ask"));
  const auto* form = form_of(asked);
  REQUIRE(form);
  return p.submit(user, form->form_id, {{"worked", worked}, {"stuck", stuck}});
}

}  // namespace flipside::testing
