#include "bot/demo_data.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <set>

#include "bot/core/time_zones.hpp"
#include "bot/core/ui.hpp"
#include "handlers/intake/survey_form.hpp"
#include "handlers/programmes/programme_form.hpp"
#include "storage/intakes.hpp"
#include "storage/org_directory.hpp"
#include "storage/programmes.hpp"

namespace flipside {

namespace {

using matching::DemoPerson;
using nlohmann::json;
using templates::SurveyOption;

// The generator's institutional skills in the words of the survey's "knowledge" list. Skills
// with no counterpart ("hiring") are kept as free text in teaches_other / learns_other.
const std::map<std::string, std::string> kKnowledgeAliases = {
    {"stakeholder_management", "stakeholders"},
    {"budgeting", "business_cases"},
    {"navigating_the_organisation", "navigating_org"},
    {"leading_teams", "leading_change"},
    {"change_management", "leading_change"},
    {"career_planning", "career"},
    {"public_speaking", "executive_presence"},
    {"board_presentations", "executive_presence"},
    {"client_relationships", "customers"},
};

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// The option `text` names: by value, by the slug of its label, or (with aliases) by a synonym.
const SurveyOption* option_for(const std::string& text, const std::vector<SurveyOption>& options,
                               const std::map<std::string, std::string>* aliases = nullptr) {
  const auto slug = handlers::skill_value(text);
  for (const auto& o : options)
    if (o.value == text || o.value == slug || handlers::skill_value(o.label) == slug) return &o;
  if (aliases) {
    if (auto it = aliases->find(slug); it != aliases->end())
      for (const auto& o : options)
        if (o.value == it->second) return &o;
  }
  return nullptr;
}

// The chosen values (each once, in the person's order) and the free text the options lack.
struct Choice {
  std::vector<std::string> values;
  std::vector<std::string> other;
};
Choice choose(const std::vector<std::string>& texts, const std::vector<SurveyOption>& options,
              const std::map<std::string, std::string>* aliases = nullptr) {
  Choice c;
  for (const auto& text : texts) {
    if (const auto* o = option_for(text, options, aliases)) {
      if (std::find(c.values.begin(), c.values.end(), o->value) == c.values.end())
        c.values.push_back(o->value);
    } else {
      c.other.push_back(text);
    }
  }
  return c;
}

// A required list must not come out empty: `fallback` if offered, else the first option.
void ensure_one(Choice& c, const std::vector<SurveyOption>& options, const std::string& fallback) {
  if (!c.values.empty() || options.empty()) return;
  c.values.push_back(option_for(fallback, options) ? fallback : options.front().value);
}

// The am (9-12) / pm (13-17) slots the windows overlap, in the list's order. A window between
// the two (12-13) or before 9 counts for the nearer half-day; the survey wants at least two
// slots, so a single one gains the other half of its day.
std::string availability_answer(const std::vector<matching::DemoWindow>& windows,
                                const std::vector<SurveyOption>& options) {
  static const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  std::set<std::string> slots;
  for (const auto& w : windows) {
    if (w.weekday < 0 || w.weekday > 6) continue;
    const std::string day = kDays[w.weekday];
    const bool am = w.start_hour < 12 && w.end_hour > 9;
    const bool pm = w.start_hour < 17 && w.end_hour > 13;
    if (am) slots.insert(day + "_am");
    if (pm) slots.insert(day + "_pm");
    if (!am && !pm) slots.insert(day + (w.end_hour <= 12 ? "_am" : "_pm"));
  }
  auto offered = [&](const std::string& v) { return option_for(v, options) != nullptr; };
  std::erase_if(slots, [&](const std::string& s) { return !offered(s); });
  if (slots.size() == 1) {
    const auto only = *slots.begin();
    const auto other = only.substr(0, 4) + (only.ends_with("_am") ? "pm" : "am");
    if (offered(other)) slots.insert(other);
  }
  if (slots.empty() && options.size() >= 2) {
    slots.insert(options[0].value);
    slots.insert(options[1].value);
  }
  std::vector<std::string> ordered;
  for (const auto& o : options)
    if (slots.contains(o.value)) ordered.push_back(o.value);
  return join(ordered, ",");
}

std::string goals_for(const DemoPerson& p, storage::Role role) {
  const auto first = [](const std::vector<std::string>& v, const char* none) {
    return v.empty() ? std::string(none) : v.front();
  };
  if (role == storage::Role::mentor)
    return "Help a senior leader get hands-on with " + first(p.skills_to_teach, "new tools") +
           ", and learn about " + first(p.skills_to_learn, "the organisation") +
           " from someone who has done it.";
  return "Understand " + first(p.skills_to_learn, "new ways of working") +
         " from someone who lives it, and pass on what I know about " +
         first(p.skills_to_teach, "leading teams") + ".";
}

std::string survey_id(storage::Role role) {
  return role == storage::Role::mentor ? "intake.mentor" : "intake.mentee";
}

// The programme's skill list: every skill a junior teaches or a senior wants to learn, in order
// of first mention, after the ones `existing` already offers.
std::string programme_skills(const std::vector<const DemoPerson*>& mentors,
                             const std::vector<const DemoPerson*>& mentees,
                             const std::string& existing) {
  auto labels = handlers::split_list(existing);
  std::set<std::string> have;
  for (const auto& l : labels) have.insert(handlers::skill_value(l));
  auto add = [&](const std::vector<std::string>& skills) {
    for (const auto& s : skills)
      if (have.insert(handlers::skill_value(s)).second) labels.push_back(s);
  };
  for (const auto* p : mentors) add(p->skills_to_teach);
  for (const auto* p : mentees) add(p->skills_to_learn);
  return join(labels, ", ");
}

std::chrono::year_month_day monday_after(TimePoint now) {
  auto day = std::chrono::sys_days{local_date(now, "UTC")} + std::chrono::days{1};
  while (std::chrono::weekday{day} != std::chrono::Monday) day += std::chrono::days{1};
  return std::chrono::year_month_day{day};
}

// What the survey form checks on submit (handlers/intake): each input's own rules, at least two
// free slots, and a manager email that is not the person's own.
void check_valid(const ui::Form& form, const DemoPerson& p,
                 const std::map<std::string, std::string>& answers) {
  auto errors = ui::validate(form, answers);
  const auto& slots = answers.at("availability");
  if (std::count(slots.begin(), slots.end(), ',') < 1)
    errors["availability"] = "fewer than two slots";
  if (answers.at("manager_email") == storage::lower_ascii(p.email))
    errors["manager_email"] = "their own email";
  if (errors.empty()) return;
  std::string problems;
  for (const auto& [id, message] : errors)
    problems += (problems.empty() ? "" : "; ") + id + " \"" +
                (answers.contains(id) ? answers.at(id) : "") + "\": " + message;
  throw DemoDataError("the generated intake of " + p.email + " does not validate: " + problems);
}

}  // namespace

std::map<std::string, std::string> demo_intake_answers(const DemoPerson& p, storage::Role role,
                                                       const std::string& skills,
                                                       const templates::TemplateStore& store) {
  const auto* survey = store.survey(survey_id(role));
  if (!survey) throw DemoDataError("the templates have no " + survey_id(role) + " survey");
  storage::Programme programme;
  programme.skills = skills;
  const auto programme_skills = handlers::programme_skill_options(programme);
  const auto& knowledge = store.option_list("knowledge");
  const bool mentor = role == storage::Role::mentor;
  // Mentors teach from the programme's skills and learn from the knowledge list; mentees the
  // other way round.
  const auto& teach_options = mentor ? programme_skills : knowledge;
  const auto& learn_options = mentor ? knowledge : programme_skills;
  auto teaches = choose(p.skills_to_teach, teach_options, mentor ? nullptr : &kKnowledgeAliases);
  auto learns = choose(p.skills_to_learn, learn_options, mentor ? &kKnowledgeAliases : nullptr);
  ensure_one(teaches, teach_options, "leading_change");
  ensure_one(learns, learn_options, "career");
  const auto interests = choose(p.interests, store.option_list("interests"));
  const auto languages = choose(p.languages, store.option_list("languages"));

  std::map<std::string, std::string> values = {
      {"title", p.title},
      {"level", std::to_string(p.level)},
      {"department", p.department},
      {"location", p.location},
      {"manager_email", storage::lower_ascii(p.manager_email)},
      {"teaches", join(teaches.values, ",")},
      {"teaches_other", join(teaches.other, ", ")},
      {"learns", join(learns.values, ",")},
      {"learns_other", join(learns.other, ", ")},
      {"interests", join(interests.values, ",")},  // ones the list lacks are dropped
      {"learning_style", p.learning_style},
      {"extroversion", std::to_string(std::clamp(p.extroversion, 1, 5))},
      {"cadence", "biweekly"},
      {"session_minutes", "45"},
      {"availability", availability_answer(p.availability, store.option_list("availability"))},
      {"time_zone", canonical_time_zone(p.time_zone)},
      {"languages", join(languages.values, ",")},  // ones the list lacks are dropped
      {"goals", goals_for(p, role)},
      {"capacity", std::to_string(std::clamp(p.capacity, 1, 3))},
  };
  // Exactly the survey's questions, as a submitted form stores them ("" for one left empty).
  std::map<std::string, std::string> answers;
  for (const auto& q : survey->questions) {
    auto it = values.find(q.id);
    answers[q.id] = it == values.end() ? std::string{} : it->second;
  }
  return answers;
}

DemoDataReport load_demo_data(storage::Database& db, const templates::TemplateStore& templates,
                              std::size_t count, std::uint64_t seed, TimePoint now) {
  for (auto role : {storage::Role::mentor, storage::Role::mentee})
    if (!templates.survey(survey_id(role)))
      throw DemoDataError("the templates have no " + survey_id(role) + " survey");
  const auto people = matching::generate_demo_people(count, seed);
  std::vector<const DemoPerson*> mentors, mentees;
  for (const auto& p : people) {
    if (p.level <= matching::kDemoMaxMentorLevel) mentors.push_back(&p);
    if (p.level >= matching::kDemoMinMenteeLevel) mentees.push_back(&p);
  }

  return db.transact([&](SQLite::Database& c) {
    DemoDataReport report;
    report.people = static_cast<int>(people.size());

    storage::OrgDirectory directory(c);
    std::map<std::string, std::int64_t> id_of;
    for (const auto& p : people) {
      storage::OrgRecord r{p.email,    p.name,  p.title,         p.department,
                           p.location, p.level, p.manager_email, p.languages};
      switch (directory.upsert(r, now)) {
        case storage::UpsertOutcome::created:
          ++report.people_created;
          break;
        case storage::UpsertOutcome::updated:
          ++report.people_updated;
          break;
        case storage::UpsertOutcome::unchanged:
          ++report.people_unchanged;
          break;
      }
      id_of[p.email] = *directory.find_by_email(p.email);
    }

    storage::ProgrammeRepository programmes(c);
    auto programme = programmes.find_by_name(kDemoProgrammeName);
    if (!programme) {
      storage::Programme p;
      p.name = kDemoProgrammeName;
      p.focus_areas = "digital_skills";
      p.skills = programme_skills(mentors, mentees, "");
      p.start_date = date_text(monday_after(now));
      p.length_months = 4;
      p.cadence = "biweekly";
      p.session_minutes = 45;
      p.matching_mode = "shortlist";
      p.status = "intake";
      p.created_at = now;
      p.id = programmes.create(p);
      programme = p;
      report.programme_created = true;
    } else {
      const auto skills = programme_skills(mentors, mentees, programme->skills);
      if (skills != programme->skills) {
        programme->skills = skills;
        programmes.update(*programme);
        report.programme_updated = true;
      }
    }
    report.programme_id = programme->id;

    const auto skill_options = handlers::programme_skill_options(*programme);
    const auto form_for = [&](storage::Role role) {
      return handlers::survey_to_form(*templates.survey(survey_id(role)), templates, skill_options,
                                      "demo", {});
    };
    const ui::Form mentor_form = form_for(storage::Role::mentor);
    const ui::Form mentee_form = form_for(storage::Role::mentee);
    storage::PeopleRepository participants(c);
    storage::IntakeRepository intakes(c);
    auto enrol = [&](const DemoPerson& p, storage::Role role) {
      const auto person_id = id_of.at(p.email);
      if (!participants.add_participant(person_id, role, now, programme->id)) {
        auto existing = participants.participant(person_id);
        if (!existing || existing->programme_id != programme->id) {
          ++report.skipped;  // someone else's programme (or waiting for one): not ours to move
          return;
        }
        if (existing->role != role) {
          participants.set_role(person_id, role);
          ++report.enrolled;
        }
      } else {
        ++report.enrolled;
      }
      ++(role == storage::Role::mentor ? report.mentors : report.mentees);

      const auto values = demo_intake_answers(p, role, programme->skills, templates);
      check_valid(role == storage::Role::mentor ? mentor_form : mentee_form, p, values);
      json answers = json::object();
      for (const auto& [id, v] : values) answers[id] = v;
      const auto text = answers.dump();
      auto before = intakes.find(person_id, programme->id);
      if (before && before->complete && before->role == role && before->answers == text) return;
      intakes.save({person_id, programme->id, role, text, true, 0, now});
      // As a submitted intake does; the same org facts the directory already holds, plus the
      // time zone (the directory does not keep one).
      intakes.apply_org_answers(
          person_id,
          {p.title, p.department, p.location, p.level, storage::lower_ascii(p.manager_email),
           join(p.languages, ","), canonical_time_zone(p.time_zone)},
          now);
      ++report.intakes_written;
    };
    for (const auto* p : mentors) enrol(*p, storage::Role::mentor);
    for (const auto* p : mentees) enrol(*p, storage::Role::mentee);

    if (programme->status != "intake" && report.changed())
      throw DemoDataError(std::string("\"") + kDemoProgrammeName + "\" is already " +
                          programme->status +
                          "; demo data can only change it while it takes intakes");
    spdlog::info(
        "event=demo_data_loaded seed={} people={} created={} updated={} programme_id={} "
        "mentors={} mentees={} intakes_written={}",
        seed, report.people, report.people_created, report.people_updated, report.programme_id,
        report.mentors, report.mentees, report.intakes_written);
    return report;
  });
}

std::string summary(const DemoDataReport& r) {
  std::string out = "demo data: " + std::to_string(r.people) + " people (" +
                    std::to_string(r.people_created) + " new, " + std::to_string(r.people_updated) +
                    " updated, " + std::to_string(r.people_unchanged) + " unchanged); \"" +
                    kDemoProgrammeName + "\" (id " + std::to_string(r.programme_id) +
                    (r.programme_created   ? ", created"
                     : r.programme_updated ? ", skills extended"
                                           : "") +
                    "): " + std::to_string(r.mentors) + " mentors and " +
                    std::to_string(r.mentees) + " mentees with complete intakes (" +
                    std::to_string(r.enrolled) + " newly enrolled, " +
                    std::to_string(r.intakes_written) + " intakes written)";
  if (r.skipped > 0)
    out += "; " + std::to_string(r.skipped) + (r.skipped == 1 ? " person" : " people") +
           " skipped: already in another programme";
  return out;
}

}  // namespace flipside
