#include "handlers/programmes/at_risk.hpp"

#include "handlers/pairs/pair_life.hpp"

namespace flipside::handlers {

namespace {

std::vector<std::string> risks(Context& ctx, const storage::PairHealth& h,
                               const storage::Programme& programme) {
  std::vector<std::string> out;
  if (h.missed_in_a_row > 0)
    out.push_back(ctx.text("at_risk.missed", {{"count", std::to_string(h.missed_in_a_row)}}));
  const auto since = h.last_held.value_or(h.created_at);
  const auto quiet = std::chrono::duration_cast<std::chrono::days>(ctx.now() - since);
  if (!h.next_planned && quiet >= std::chrono::days{2 * cadence_days(programme)})
    out.push_back(ctx.text(h.last_held ? "at_risk.quiet" : "at_risk.never",
                           {{"days", std::to_string(quiet.count())}}));
  if (h.someone_blocked) out.push_back(ctx.text("at_risk.blocked"));
  return out;
}

}  // namespace

std::vector<AtRiskPair> at_risk_pairs(Context& ctx, const storage::Programme& programme) {
  std::vector<AtRiskPair> out;
  for (auto& h :
       storage::ProgrammeStatusRepository(ctx.db()).pair_health(programme.id, ctx.now())) {
    if (h.paused) continue;
    auto why = risks(ctx, h, programme);
    if (why.empty()) continue;
    out.push_back({std::move(h), std::move(why)});
  }
  return out;
}

}  // namespace flipside::handlers
