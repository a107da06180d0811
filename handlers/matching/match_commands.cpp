// `match preview`: the optimal pairs for a programme's finished intakes, each with its score and
// why, everyone unmatched with a reason, and who was left out for an unfinished intake. Nothing is
// sent to anyone: the programme manager looks first. (`match run` follows: issue #5.)
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "handlers/features.hpp"
#include "handlers/matching/cohort_loader.hpp"
#include "handlers/matching/explain_text.hpp"
#include "handlers/matching/match_flow.hpp"
#include "handlers/matching/match_quality.hpp"
#include "handlers/matching/score_matrix.hpp"
#include "handlers/matching/solver.hpp"

namespace flipside::handlers {

namespace {

// Chat messages stay readable: the first pairs in full, then a count.
constexpr std::size_t kPairsShown = 25;

// The named programme, or the newest one still before its run.
std::optional<storage::Programme> programme_for(Context& ctx, const std::string& name) {
  if (!name.empty()) return ctx.programmes().find_by_name(name);
  for (const auto& p : ctx.programmes().all())
    if (p.status == "intake" || p.status == "matching") return p;
  return std::nullopt;
}

std::string names(Context& ctx, const std::vector<std::int64_t>& ids) {
  std::string out;
  for (auto id : ids) {
    auto p = ctx.people().find(id);
    if (p) out += (out.empty() ? "" : ", ") + p->display_name;
  }
  return out;
}

Reply preview(Context& ctx, const std::string& name) {
  auto programme = programme_for(ctx, name);
  if (!programme) return say(ctx, "match.no_programme");
  const auto started = std::chrono::steady_clock::now();
  auto loaded = load_cohort(ctx, *programme);
  const auto& cohort = loaded.cohort;
  const matching::Constraints constraints(cohort);
  const auto matrix = matching::build_score_matrix(cohort, constraints);
  const auto capacities = matching::capacities_of(cohort);
  const auto assignment = matching::assign(matrix, capacities);
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  spdlog::info("event=match_preview programme_id={} mentors={} mentees={} pairs={} ms={}",
               programme->id, cohort.mentors.size(), cohort.mentees.size(), assignment.matched,
               elapsed.count());

  auto m = ctx.message("match.preview");
  m.header(ctx.text("match.preview.title", {{"programme", programme->name}}));
  const double average = assignment.matched ? assignment.total_score / assignment.matched : 0;
  std::vector<std::size_t> unmatched_mentees;
  for (std::size_t i = 0; i < cohort.mentees.size(); ++i)
    if (assignment.mentor_of[i] < 0) unmatched_mentees.push_back(i);
  std::vector<std::size_t> unmatched_mentors;
  for (std::size_t j = 0; j < cohort.mentors.size(); ++j)
    if (assignment.load[j] == 0) unmatched_mentors.push_back(j);
  m.text(ctx.text("match.preview.summary",
                  {{"pairs", std::to_string(assignment.matched)},
                   {"average", std::to_string(static_cast<int>(std::lround(average)))},
                   {"mentors", std::to_string(cohort.mentors.size())},
                   {"mentees", std::to_string(cohort.mentees.size())},
                   {"unmatched_mentees", std::to_string(unmatched_mentees.size())},
                   {"unmatched_mentors", std::to_string(unmatched_mentors.size())}}));

  // Pairs, best fit first.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < cohort.mentees.size(); ++i)
    if (assignment.mentor_of[i] >= 0) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return matrix.score(a, static_cast<std::size_t>(assignment.mentor_of[a])) >
           matrix.score(b, static_cast<std::size_t>(assignment.mentor_of[b]));
  });
  for (std::size_t k = 0; k < order.size() && k < kPairsShown; ++k) {
    const auto mentee = order[k];
    const auto mentor = static_cast<std::size_t>(assignment.mentor_of[mentee]);
    m.text(ctx.text(
        "match.preview.pair",
        {{"mentee", cohort.mentees[mentee].display_name},
         {"mentor", cohort.mentors[mentor].display_name},
         {"score", std::to_string(static_cast<int>(std::lround(matrix.score(mentee, mentor))))},
         {"why", pair_why(ctx, loaded, mentor, mentee)}}));
  }
  if (order.size() > kPairsShown)
    m.context(
        ctx.text("match.preview.more", {{"count", std::to_string(order.size() - kPairsShown)}}));

  for (auto i : unmatched_mentees) {
    auto reason = matching::explain_unmatched_mentee(constraints, capacities, i);
    m.text(ctx.text("match.preview.unmatched",
                    {{"name", cohort.mentees[i].display_name},
                     {"role", ctx.text("match.role.mentee")},
                     {"why", unmatched_why(ctx, loaded, reason, true, i)}}));
  }
  for (auto j : unmatched_mentors) {
    auto reason = matching::explain_unmatched_mentor(constraints, j);
    if (reason.kind == matching::UnmatchedKind::no_feasible_partner ||
        reason.kind == matching::UnmatchedKind::no_one_on_other_side || reason.feasible_partners)
      m.text(ctx.text("match.preview.unmatched",
                      {{"name", cohort.mentors[j].display_name},
                       {"role", ctx.text("match.role.mentor")},
                       {"why", unmatched_why(ctx, loaded, reason, false, j)}}));
  }
  auto incomplete = loaded.incomplete_mentors;
  incomplete.insert(incomplete.end(), loaded.incomplete_mentees.begin(),
                    loaded.incomplete_mentees.end());
  if (!incomplete.empty())
    m.context(ctx.text("match.preview.incomplete", {{"count", std::to_string(incomplete.size())},
                                                    {"names", names(ctx, incomplete)}}));
  m.context(ctx.text("match.preview.nothing_sent"));
  return Reply::say(std::move(m));
}

Reply command(Context& ctx, const Event& e) {
  const auto space = e.args.find(' ');
  const std::string verb = e.args.substr(0, space);
  const std::string rest = space == std::string::npos ? "" : e.args.substr(space + 1);
  if (verb == "preview") return preview(ctx, rest);
  if (verb == "run") {
    auto programme = programme_for(ctx, rest);
    if (!programme) return say(ctx, "match.no_programme");
    return run_matching(ctx, *programme);
  }
  if (verb == "quality") return match_quality(ctx, rest);
  return say(ctx, "match.usage");
}

}  // namespace

void register_matching(Router& router) {
  router.command({"match", "match preview|run|quality [programme]", "match people", true}, command);
  register_match_flow(router);
}

std::vector<templates::TemplateSpec> matching_templates() {
  auto specs = explain_templates();
  for (auto& s : match_flow_templates()) specs.push_back(std::move(s));
  for (auto& s : match_quality_templates()) specs.push_back(std::move(s));
  std::vector<templates::TemplateSpec> own = {
      {"match.no_programme", {}},
      {"match.usage", {}},
      {"match.preview.title", {"programme"}},
      {"match.preview.summary",
       {"pairs", "average", "mentors", "mentees", "unmatched_mentees", "unmatched_mentors"}},
      {"match.preview.pair", {"mentee", "mentor", "score", "why"}},
      {"match.preview.more", {"count"}},
      {"match.preview.unmatched", {"name", "role", "why"}},
      {"match.preview.incomplete", {"count", "names"}},
      {"match.preview.nothing_sent", {}},
      {"match.role.mentor", {}},
      {"match.role.mentee", {}}};
  specs.insert(specs.end(), own.begin(), own.end());
  return specs;
}

}  // namespace flipside::handlers
