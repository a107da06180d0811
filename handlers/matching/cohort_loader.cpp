#include "handlers/matching/cohort_loader.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include <cmath>

#include "bot/core/time_zones.hpp"
#include "handlers/intake/survey_form.hpp"
#include "handlers/programmes/programme_form.hpp"
#include "storage/intakes.hpp"
#include "storage/pairs.hpp"

namespace flipside::handlers {

namespace {

using nlohmann::json;

// Interns skill and interest values to tag ids, remembering a readable label for each.
class TagTable {
 public:
  explicit TagTable(std::vector<std::string>& names) : names_(names) {}
  void label(const std::string& value, const std::string& text) { labels_[value] = text; }
  // Adds every value in a comma list (and free-text entries from `other`) to `set`.
  void add(const std::string& values, const std::string& other, matching::TagSet& set) {
    for (const auto& v : split_list(values)) put(v, set);
    for (const auto& text : split_list(other)) {
      const auto value = skill_value(text);
      if (value.empty()) continue;
      if (!labels_.contains(value)) labels_[value] = text;
      put(value, set);
    }
  }

 private:
  void put(const std::string& value, matching::TagSet& set) {
    auto it = ids_.find(value);
    if (it == ids_.end()) {
      if (names_.size() >= matching::kMaxTags) {
        // Far beyond any real skill list; the extra free-text entries just do not score.
        spdlog::warn("event=matching_tags_full dropped=\"{}\"", value);
        return;
      }
      it = ids_.emplace(value, names_.size()).first;
      auto label = labels_.find(value);
      names_.push_back(label == labels_.end() ? value : label->second);
    }
    set.set(it->second);
  }
  std::vector<std::string>& names_;
  std::map<std::string, std::size_t> ids_;
  std::map<std::string, std::string> labels_;
};

std::string answer(const json& answers, const char* id) {
  auto it = answers.find(id);
  return it != answers.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

int number(const json& answers, const char* id, int fallback) {
  try {
    auto text = answer(answers, id);
    return text.empty() ? fallback : std::stoi(text);
  } catch (const std::exception&) {
    return fallback;  // validated on submit; an edited database row must not stop matching
  }
}

matching::LearningStyle style_of(const std::string& s) {
  if (s == "hands_on") return matching::LearningStyle::hands_on;
  if (s == "reading") return matching::LearningStyle::reading;
  if (s == "visual") return matching::LearningStyle::visual;
  return matching::LearningStyle::discussion;
}

}  // namespace

matching::WeekHours availability_in_utc(const std::string& slots, int utc_offset_minutes) {
  static const std::map<std::string, int> kDays = {{"mon", 0}, {"tue", 1}, {"wed", 2}, {"thu", 3},
                                                   {"fri", 4}, {"sat", 5}, {"sun", 6}};
  const int shift = static_cast<int>(std::lround(utc_offset_minutes / 60.0));
  matching::WeekHours hours;
  for (const auto& slot : split_list(slots)) {
    if (slot.size() != 6 || slot[3] != '_') continue;
    auto day = kDays.find(slot.substr(0, 3));
    if (day == kDays.end()) continue;
    const auto part = slot.substr(4);
    const int from = part == "am" ? 9 : 13, to = part == "am" ? 12 : 17;
    if (part != "am" && part != "pm") continue;
    for (int h = from; h < to; ++h) {
      const int utc = ((day->second * 24 + h - shift) % 168 + 168) % 168;
      hours.set(static_cast<std::size_t>(utc));
    }
  }
  return hours;
}

void apply_settings(const std::string& settings_json, matching::Weights& w, matching::Rules& r) {
  auto s = json::parse(settings_json, nullptr, false);
  if (!s.is_object()) return;
  auto weights = s.value("weights", json::object());
  w.skills = weights.value("skills", w.skills);
  w.interests = weights.value("interests", w.interests);
  w.learning_style = weights.value("learning_style", w.learning_style);
  w.personality = weights.value("personality", w.personality);
  w.diversity = weights.value("diversity", w.diversity);
  w.availability = weights.value("availability", w.availability);
  w.time_zone = weights.value("time_zone", w.time_zone);
  auto rules = s.value("rules", json::object());
  r.min_level_gap = rules.value("min_level_gap", r.min_level_gap);
  r.max_time_zone_gap_hours = rules.value("max_time_zone_gap_hours", r.max_time_zone_gap_hours);
  r.require_shared_language = rules.value("require_shared_language", r.require_shared_language);
}

LoadedCohort load_cohort(Context& ctx, const storage::Programme& programme) {
  LoadedCohort out;
  auto& cohort = out.cohort;
  apply_settings(programme.settings, cohort.weights, cohort.rules);

  TagTable tags(cohort.tag_names);
  for (const auto& o : programme_skill_options(programme)) tags.label(o.value, o.label);
  for (const char* list : {"knowledge", "interests"})
    for (const auto& o : ctx.templates().option_list(list)) tags.label(o.value, o.label);
  for (const auto& o : ctx.templates().option_list("languages"))
    out.language_names[o.value] = o.label;

  // Offsets at the programme's start: what matters is the hours people will actually meet in.
  auto start = parse_date(programme.start_date);
  const TimePoint at =
      start ? TimePoint{std::chrono::sys_days{*start}} + std::chrono::hours{12} : ctx.now();

  std::map<std::int64_t, std::set<std::int64_t>> do_not_pair;
  storage::PairRepository pairs(ctx.db());
  for (auto [a, b] : pairs.do_not_pair()) {
    do_not_pair[a].insert(b);
    do_not_pair[b].insert(a);
  }
  for (auto [person, manager] : pairs.manager_links()) cohort.manager_of[person] = manager;
  for (auto p : pairs.earlier_pairs(programme.id)) cohort.previous_pairs.insert(p);

  for (const auto& intake : storage::IntakeRepository(ctx.db()).for_programme(programme.id)) {
    const bool mentor = intake.role == storage::Role::mentor;
    auto answers = json::parse(intake.answers, nullptr, false);
    if (!intake.complete || !answers.is_object()) {
      (mentor ? out.incomplete_mentors : out.incomplete_mentees).push_back(intake.person_id);
      continue;
    }
    auto person = ctx.people().find(intake.person_id);
    if (!person) continue;
    matching::Profile p;
    p.person_id = person->id;
    p.display_name = person->display_name;
    p.level = number(answers, "level", 0);
    p.department = answer(answers, "department");
    p.location = answer(answers, "location");
    p.time_zone = answer(answers, "time_zone");
    p.utc_offset_minutes = utc_offset_minutes(at, p.time_zone);
    tags.add(answer(answers, "teaches"), answer(answers, "teaches_other"), p.teaches);
    tags.add(answer(answers, "learns"), answer(answers, "learns_other"), p.learns);
    tags.add(answer(answers, "interests"), "", p.interests);
    for (const auto& code : split_list(answer(answers, "languages"))) p.languages.insert(code);
    p.learning_style = style_of(answer(answers, "learning_style"));
    p.extroversion = std::clamp(number(answers, "extroversion", 3), 1, 5);
    p.available = availability_in_utc(answer(answers, "availability"), p.utc_offset_minutes);
    p.capacity = mentor ? std::clamp(number(answers, "capacity", 1), 1, 3) : 1;
    if (auto it = do_not_pair.find(p.person_id); it != do_not_pair.end())
      p.do_not_pair = it->second;
    (mentor ? cohort.mentors : cohort.mentees).push_back(std::move(p));
  }
  // Participants who joined but never opened the survey have no intake row at all.
  for (auto [person_id, role] :
       storage::IntakeRepository(ctx.db()).participants_without_intake(programme.id)) {
    (role == storage::Role::mentor ? out.incomplete_mentors : out.incomplete_mentees)
        .push_back(person_id);
  }
  return out;
}

}  // namespace flipside::handlers
