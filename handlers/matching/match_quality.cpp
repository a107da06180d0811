#include "handlers/matching/match_quality.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "handlers/features.hpp"
#include "handlers/matching/cohort_loader.hpp"
#include "handlers/matching/quality_stats.hpp"
#include "handlers/matching/scoring.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "storage/match_quality.hpp"

namespace flipside::handlers {

namespace {

constexpr std::array<const char*, matching::kTermCount> kTermIds = {
    "skills",    "interests",    "learning_style", "personality",
    "diversity", "availability", "time_zone"};

matching::TermArray as_array(const matching::ScoreTerms& t) {
  return {t.skills,    t.interests,    t.learning_style, t.personality,
          t.diversity, t.availability, t.time_zone};
}

matching::TermArray as_array(const matching::Weights& w) {
  return {w.skills,    w.interests,    w.learning_style, w.personality,
          w.diversity, w.availability, w.time_zone};
}

const matching::Profile* profile_of(const std::vector<matching::Profile>& list, std::int64_t id) {
  auto it = std::find_if(list.begin(), list.end(),
                         [&](const matching::Profile& p) { return p.person_id == id; });
  return it == list.end() ? nullptr : &*it;
}

// What became of a pair, 0..1: half the share of the sessions it could have held (one per cadence
// between pairing and the programme's end, or today) that it held, half the share of its agreed
// goals it completed. Both are things the programme manager can check in `pair <email>`.
double outcome_of(const storage::PairOutcomeRow& row, const storage::Programme& programme,
                  TimePoint now) {
  const auto end = std::min(now, TimePoint{std::chrono::sys_days{programme_end(programme)}});
  const auto days = std::chrono::duration_cast<std::chrono::days>(end - row.paired_at).count();
  const double expected =
      std::max<double>(1.0, std::floor(static_cast<double>(days) / cadence_days(programme)));
  const double attendance = std::min(1.0, row.sessions_held / expected);
  const double goals =
      row.goals_agreed > 0 ? static_cast<double>(row.goals_done) / row.goals_agreed : 0.0;
  return (attendance + goals) / 2.0;
}

std::string signed_two_places(std::optional<double> v) {
  if (!v) return "n/a";
  return fmt::format("{:+.2f}", *v);
}

std::string two_places(double v) {
  return fmt::format("{:.2f}", v);
}

std::optional<storage::Programme> reported_programme(Context& ctx, const std::string& name) {
  if (!name.empty()) return ctx.programmes().find_by_name(name);
  for (const auto& p : ctx.programmes().all())  // newest first
    if (p.status == "running" || p.status == "ended") return p;
  return std::nullopt;
}

}  // namespace

void record_prediction(Context& ctx, const storage::Programme& programme, std::int64_t pair_id,
                       std::int64_t mentor_id, std::int64_t mentee_id) {
  const auto loaded = load_cohort(ctx, programme);
  const auto* mentor = profile_of(loaded.cohort.mentors, mentor_id);
  const auto* mentee = profile_of(loaded.cohort.mentees, mentee_id);
  if (!mentor || !mentee) return;
  const auto terms = matching::score_terms(*mentor, *mentee, loaded.cohort.rules);
  storage::PairPrediction prediction{pair_id, matching::total_score(terms, loaded.cohort.weights),
                                     as_array(terms)};
  storage::MatchQualityRepository(ctx.db()).record(prediction, ctx.now());
}

Reply match_quality(Context& ctx, const std::string& programme_name) {
  auto programme = reported_programme(ctx, programme_name);
  if (!programme) return say(ctx, "match.quality.no_programme");
  const auto rows = storage::MatchQualityRepository(ctx.db()).outcomes(programme->id);
  if (rows.empty()) return say(ctx, "match.quality.none", {{"programme", programme->name}});

  std::vector<matching::PairResult> results;
  for (const auto& row : rows)
    results.push_back(
        {row.prediction.score, row.prediction.terms, outcome_of(row, *programme, ctx.now())});
  matching::Weights weights;
  matching::Rules rules;
  apply_settings(programme->settings, weights, rules);
  const auto analysis = matching::analyse_quality(results, as_array(weights));
  spdlog::info("event=match_quality programme_id={} pairs={}", programme->id, analysis.pairs);

  auto m = ctx.message("match.quality");
  m.header(ctx.text("match.quality.title", {{"programme", programme->name}}));
  m.text(ctx.text("match.quality.summary",
                  {{"pairs", std::to_string(analysis.pairs)},
                   {"outcome", std::to_string(std::lround(analysis.mean_outcome * 100))},
                   {"correlation", signed_two_places(analysis.score_correlation)}}));
  std::string lines = ctx.text("match.quality.terms");
  for (const auto& t : analysis.terms) {
    const auto name = ctx.text(std::string("match.quality.term.") + kTermIds[t.term]);
    lines += "\n" + (t.correlation ? ctx.text("match.quality.term",
                                              {{"term", name},
                                               {"correlation", signed_two_places(t.correlation)},
                                               {"weight", two_places(t.weight)}})
                                   : ctx.text("match.quality.term_flat",
                                              {{"term", name}, {"weight", two_places(t.weight)}}));
  }
  m.text(lines);
  if (!analysis.enough_pairs) {
    m.text(ctx.text("match.quality.too_few",
                    {{"pairs", std::to_string(analysis.pairs)},
                     {"min", std::to_string(matching::kMinPairsForQuality)}}));
  } else if (analysis.suggests_change()) {
    std::string changes;
    for (const auto& t : analysis.terms) {
      if (t.suggested_weight == t.weight) continue;
      changes +=
          "\n" +
          ctx.text("match.quality.change",
                   {{"term", ctx.text(std::string("match.quality.term.") + kTermIds[t.term])},
                    {"from", two_places(t.weight)},
                    {"to", two_places(t.suggested_weight)},
                    {"correlation", signed_two_places(t.correlation)}});
    }
    m.text(ctx.text("match.quality.suggest", {{"changes", changes}}));
  } else {
    m.text(ctx.text("match.quality.no_suggestion"));
  }
  m.context(ctx.text("match.quality.how"));
  return Reply::say(std::move(m));
}

std::vector<templates::TemplateSpec> match_quality_templates() {
  std::vector<templates::TemplateSpec> specs = {
      {"match.quality.no_programme", {}},
      {"match.quality.none", {"programme"}},
      {"match.quality.title", {"programme"}},
      {"match.quality.summary", {"pairs", "outcome", "correlation"}},
      {"match.quality.terms", {}},
      {"match.quality.term", {"term", "correlation", "weight"}},
      {"match.quality.term_flat", {"term", "weight"}},
      {"match.quality.too_few", {"pairs", "min"}},
      {"match.quality.change", {"term", "from", "to", "correlation"}},
      {"match.quality.suggest", {"changes"}},
      {"match.quality.no_suggestion", {}},
      {"match.quality.how", {}}};
  for (const auto* id : kTermIds) specs.push_back({std::string("match.quality.term.") + id, {}});
  return specs;
}

}  // namespace flipside::handlers
