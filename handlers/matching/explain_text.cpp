#include "handlers/matching/explain_text.hpp"

#include <cmath>

namespace flipside::handlers {

namespace {

using matching::ReasonKind;

std::string tag_list(const matching::Cohort& cohort, const std::vector<std::size_t>& tags,
                     std::size_t max = 3) {
  std::string out;
  for (std::size_t i = 0; i < tags.size() && i < max; ++i) {
    if (!out.empty()) out += i + 1 == std::min(tags.size(), max) ? " and " : ", ";
    out += tags[i] < cohort.tag_names.size() ? cohort.tag_names[tags[i]] : "?";
  }
  return out;
}

std::string style_name(Context& ctx, matching::LearningStyle s) {
  switch (s) {
    case matching::LearningStyle::hands_on:
      return ctx.text("match.style.hands_on");
    case matching::LearningStyle::reading:
      return ctx.text("match.style.reading");
    case matching::LearningStyle::visual:
      return ctx.text("match.style.visual");
    case matching::LearningStyle::discussion:
      break;
  }
  return ctx.text("match.style.discussion");
}

std::string hours(int minutes) {
  const double h = minutes / 60.0;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, std::fmod(h, 1.0) == 0 ? "%.0f" : "%.1f", h);
  return buffer;
}

std::string reason_text(Context& ctx, const matching::Cohort& cohort, const matching::PairReason& r,
                        const std::string& mentee_name) {
  switch (r.kind) {
    case ReasonKind::skills: {
      std::string s;
      if (!r.tags.empty())
        s = ctx.text("match.why.skills",
                     {{"skills", tag_list(cohort, r.tags)}, {"mentee", mentee_name}});
      if (!r.reverse_tags.empty()) {
        if (!s.empty()) s += ", ";
        s += ctx.text("match.why.skills_back", {{"skills", tag_list(cohort, r.reverse_tags)}});
      }
      return s;
    }
    case ReasonKind::interests:
      return ctx.text("match.why.interests", {{"interests", tag_list(cohort, r.tags)}});
    case ReasonKind::learning_style:
      return r.mentor_style == r.mentee_style
                 ? ctx.text("match.why.same_style", {{"style", style_name(ctx, r.mentee_style)}})
                 : ctx.text("match.why.styles_fit");
    case ReasonKind::personality:
      return ctx.text("match.why.personality");
    case ReasonKind::diversity: {
      std::string s;
      if (r.different_department) s = r.mentor_department + " ↔ " + r.mentee_department;
      if (r.different_location)
        s += (s.empty() ? "" : ", ") + r.mentor_location + " ↔ " + r.mentee_location;
      return s;
    }
    case ReasonKind::availability:
      return ctx.text("match.why.availability", {{"hours", std::to_string(r.overlap_hours)}});
    case ReasonKind::time_zone:
      return r.gap_minutes == 0 ? ctx.text("match.why.same_zone")
                                : ctx.text("match.why.zone_gap", {{"hours", hours(r.gap_minutes)}});
  }
  return {};
}

std::string languages_of(const LoadedCohort& loaded, const matching::Profile& p) {
  std::string out;
  std::size_t i = 0;
  for (const auto& code : p.languages) {
    if (i++) out += i == p.languages.size() ? " or " : ", ";
    auto it = loaded.language_names.find(code);
    out += it == loaded.language_names.end() ? code : it->second;
  }
  return out;
}

}  // namespace

std::string pair_why(Context& ctx, const LoadedCohort& loaded, std::size_t mentor,
                     std::size_t mentee, std::size_t max_reasons) {
  const auto& cohort = loaded.cohort;
  const auto reasons = matching::explain_pair(cohort, mentor, mentee);
  std::string out;
  std::size_t shown = 0;
  for (const auto& r : reasons) {
    if (shown == max_reasons) break;
    auto text = reason_text(ctx, cohort, r, cohort.mentees[mentee].display_name);
    if (text.empty()) continue;
    out += (out.empty() ? "" : "; ") + text;
    ++shown;
  }
  return out.empty() ? ctx.text("match.why.nothing_special") : out;
}

std::string unmatched_why(Context& ctx, const LoadedCohort& loaded,
                          const matching::UnmatchedReason& reason, bool is_mentee,
                          std::size_t index) {
  const std::string side = is_mentee ? "mentor" : "mentee";
  switch (reason.kind) {
    case matching::UnmatchedKind::no_one_on_other_side:
      return ctx.text("match.unmatched.nobody." + side);
    case matching::UnmatchedKind::partners_taken:
      return ctx.text("match.unmatched.taken." + side,
                      {{"count", std::to_string(reason.feasible_partners)}});
    case matching::UnmatchedKind::no_feasible_partner:
      break;
  }
  const auto& self = is_mentee ? loaded.cohort.mentees[index] : loaded.cohort.mentors[index];
  std::string conditions;
  for (std::size_t i = 0; i < reason.constraints.size(); ++i) {
    const auto name = std::string(matching::violation_name(reason.constraints[i]));
    auto phrase =
        ctx.text("match.needs." + side + "." + name, {{"languages", languages_of(loaded, self)}});
    if (i > 0) conditions += i + 1 == reason.constraints.size() ? " and " : ", ";
    conditions += phrase;
  }
  return ctx.text("match.unmatched.none." + side, {{"conditions", conditions}});
}

std::vector<templates::TemplateSpec> explain_templates() {
  std::vector<templates::TemplateSpec> specs = {{"match.why.skills", {"skills", "mentee"}},
                                                {"match.why.skills_back", {"skills"}},
                                                {"match.why.interests", {"interests"}},
                                                {"match.why.same_style", {"style"}},
                                                {"match.why.styles_fit", {}},
                                                {"match.why.personality", {}},
                                                {"match.why.availability", {"hours"}},
                                                {"match.why.same_zone", {}},
                                                {"match.why.zone_gap", {"hours"}},
                                                {"match.why.nothing_special", {}},
                                                {"match.style.hands_on", {}},
                                                {"match.style.discussion", {}},
                                                {"match.style.reading", {}},
                                                {"match.style.visual", {}}};
  for (const char* side : {"mentor", "mentee"}) {
    const std::string s = side;
    specs.push_back({"match.unmatched.nobody." + s, {}});
    specs.push_back({"match.unmatched.taken." + s, {"count"}});
    specs.push_back({"match.unmatched.none." + s, {"conditions"}});
    for (auto v : matching::all_violations())
      specs.push_back(
          {"match.needs." + s + "." + std::string(matching::violation_name(v)), {"languages"}});
  }
  return specs;
}

}  // namespace flipside::handlers
