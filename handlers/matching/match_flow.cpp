// `match run` and what follows it. Shortlist mode: each mentee gets up to N feasible mentors (their
// optimal-assignment mentor first) and picks one; the mentor accepts or declines; silence for
// `answer_days` moves the request to the mentee's next available option. Direct mode: the optimal
// pair is proposed to both, and a pair forms when both say yes. A mentor is never asked beyond
// their capacity: requests are first come, first served, and a mentee who picks someone taken
// meanwhile is told so and shown their remaining options. Whoever runs out of options is told, and
// so are the programme's managers.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "bot/core/time_zones.hpp"
#include "handlers/features.hpp"
#include "handlers/matching/cohort_loader.hpp"
#include "handlers/matching/explain_text.hpp"
#include "handlers/matching/match_flow.hpp"
#include "handlers/matching/match_quality.hpp"
#include "handlers/matching/score_matrix.hpp"
#include "handlers/matching/shortlist.hpp"
#include "handlers/matching/solver.hpp"
#include "handlers/notify.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "storage/intakes.hpp"
#include "storage/offers.hpp"

namespace flipside::handlers {

namespace {

using nlohmann::json;
using storage::Offer;
using storage::OfferRepository;
using storage::ShortlistOption;

std::string name_of(Context& ctx, std::int64_t person_id) {
  auto p = ctx.people().find(person_id);
  return p ? p->display_name : "?";
}

std::string key(const std::string& what, std::int64_t a, std::int64_t b = 0) {
  return "match." + what + ":" + std::to_string(a) + ":" + std::to_string(b);
}

int capacity_of(Context& ctx, std::int64_t programme_id, std::int64_t mentor_id) {
  auto intake = storage::IntakeRepository(ctx.db()).find(mentor_id, programme_id);
  if (!intake) return 1;
  auto answers = json::parse(intake->answers, nullptr, false);
  try {
    return std::clamp(std::stoi(answers.value("capacity", std::string("1"))), 1, 3);
  } catch (const std::exception&) {
    return 1;
  }
}

bool has_room(Context& ctx, std::int64_t programme_id, std::int64_t mentor_id) {
  return OfferRepository(ctx.db()).commitments(programme_id, mentor_id) <
         capacity_of(ctx, programme_id, mentor_id);
}

std::string answer_by(Context& ctx, const Offer& offer, std::int64_t person_id) {
  auto p = ctx.people().find(person_id);
  return format_local(offer.expires_at, p ? p->time_zone : "");
}

// The mentee's options that are still open: not refused, and the mentor has room (or is the one
// they are already waiting for).
std::vector<ShortlistOption> open_options(Context& ctx, std::int64_t programme_id,
                                          std::int64_t mentee_id) {
  OfferRepository offers(ctx.db());
  const auto refused = offers.refused_mentors(programme_id, mentee_id);
  std::vector<ShortlistOption> out;
  for (const auto& o : offers.shortlist(programme_id, mentee_id)) {
    if (refused.contains(o.mentor_id)) continue;
    if (!has_room(ctx, programme_id, o.mentor_id)) continue;
    out.push_back(o);
  }
  return out;
}

void add_options(Context& ctx, ui::Message& m, std::int64_t programme_id,
                 const std::vector<ShortlistOption>& options) {
  storage::IntakeRepository intakes(ctx.db());
  for (const auto& o : options) {
    const auto org = intakes.org_answers(o.mentor_id);
    const auto name = name_of(ctx, o.mentor_id);
    m.text(
        ctx.text("match.option", {{"name", name},
                                  {"title", org.title},
                                  {"department", org.department},
                                  {"score", std::to_string(static_cast<int>(std::lround(o.score)))},
                                  {"why", o.why}}));
    m.buttons(
        {{ctx.text("match.button.choose", {{"name", name}}), "match.pick",
          std::to_string(programme_id) + ":" + std::to_string(o.mentor_id), ui::Style::primary}});
  }
}

ui::Message out_of_options(Context& ctx, const storage::Programme& programme,
                           std::int64_t mentee_id) {
  tell_managers(ctx, programme.id,
                ctx.message("match.manager.stuck")
                    .text(ctx.text("match.manager.stuck", {{"mentee", name_of(ctx, mentee_id)},
                                                           {"programme", programme.name}})),
                key("stuck", programme.id, mentee_id) + ":" + std::to_string(to_unix(ctx.now())));
  return ctx.message("match.no_options").text(ctx.text("match.no_options"));
}

Offer make_offer(Context& ctx, const storage::Programme& programme, std::int64_t mentor_id,
                 std::int64_t mentee_id, double score, const std::string& kind) {
  Offer o;
  o.programme_id = programme.id;
  o.mentor_id = mentor_id;
  o.mentee_id = mentee_id;
  o.kind = kind;
  o.mentee_confirmed = kind == "pick";
  o.score = score;
  o.created_at = ctx.now();
  o.expires_at = ctx.now() + std::chrono::days{programme.answer_days};
  o.id = OfferRepository(ctx.db()).create(o);
  ctx.schedule("match.offer_expiry", mentee_id, o.expires_at, key("expiry", o.id),
               json{{"offer_id", o.id}}.dump());
  return o;
}

// Asks the mentor; `why` is what the mentee was shown.
void send_request(Context& ctx, const storage::Programme& programme, const Offer& offer,
                  const std::string& why) {
  const auto org = storage::IntakeRepository(ctx.db()).org_answers(offer.mentee_id);
  auto m = ctx.message("match.request");
  m.header(ctx.text("match.request.title", {{"programme", programme.name}}));
  m.text(ctx.text(offer.kind == "pick" ? "match.request.pick" : "match.request.proposal",
                  {{"mentee", name_of(ctx, offer.mentee_id)},
                   {"title", org.title},
                   {"why", why},
                   {"by", answer_by(ctx, offer, offer.mentor_id)}}));
  m.buttons({{ctx.text("match.button.accept"), "match.accept", std::to_string(offer.id),
              ui::Style::primary},
             {ctx.text("match.button.decline"), "match.decline", std::to_string(offer.id),
              ui::Style::danger}});
  ctx.send(offer.mentor_id, m, key("request", offer.id));
}

// Both said yes: the pair exists; each hears about the other.
void form_pair(Context& ctx, const storage::Programme& programme, const Offer& offer) {
  const auto pair_id = OfferRepository(ctx.db()).create_pair(
      programme.id, offer.mentor_id, offer.mentee_id, "matched", "", std::nullopt, ctx.now());
  spdlog::info("event=pair_formed programme_id={} offer_id={}", programme.id, offer.id);
  record_prediction(ctx, programme, pair_id, offer.mentor_id, offer.mentee_id);
  for (bool to_mentor : {true, false}) {
    const auto me = to_mentor ? offer.mentor_id : offer.mentee_id;
    const auto other = to_mentor ? offer.mentee_id : offer.mentor_id;
    auto m = ctx.message("match.paired");
    m.header(ctx.text("match.paired.title"));
    m.text(ctx.text(to_mentor ? "match.paired.mentor" : "match.paired.mentee",
                    {{"name", name_of(ctx, other)}, {"programme", programme.name}}));
    ctx.send(me, m, key("paired", offer.id, me));
  }
  start_pair(ctx, programme, pair_id);
}

std::optional<storage::Programme> matching_programme(Context& ctx, std::int64_t id) {
  auto p = ctx.programmes().find(id);
  if (!p || p->status != "matching") return std::nullopt;
  return p;
}

std::int64_t id_from(const std::string& text) {
  try {
    return std::stoll(text);
  } catch (const std::exception&) {
    return 0;
  }
}

Reply stale(Context& ctx) {
  return say(ctx, "router.stale_action");
}

// --- the mentee picks ----------------------------------------------------------------------------

Reply pick(Context& ctx, const Event& e) {
  const auto colon = e.args.find(':');
  if (colon == std::string::npos) return stale(ctx);
  auto programme = matching_programme(ctx, id_from(e.args.substr(0, colon)));
  if (!programme) return stale(ctx);
  const auto mentor_id = id_from(e.args.substr(colon + 1));
  const auto mentee_id = ctx.person().id;
  OfferRepository offers(ctx.db());
  if (!offers.partners(programme->id, mentee_id).empty()) return say(ctx, "match.already_paired");
  if (auto pending = offers.pending_for_mentee(programme->id, mentee_id)) {
    return say(ctx, "match.already_waiting", {{"mentor", name_of(ctx, pending->mentor_id)}});
  }
  const auto shortlist = offers.shortlist(programme->id, mentee_id);
  auto chosen = std::find_if(shortlist.begin(), shortlist.end(),
                             [&](const ShortlistOption& o) { return o.mentor_id == mentor_id; });
  if (chosen == shortlist.end()) return stale(ctx);

  const bool refused = offers.refused_mentors(programme->id, mentee_id).contains(mentor_id);
  if (refused || !has_room(ctx, programme->id, mentor_id)) {
    auto options = open_options(ctx, programme->id, mentee_id);
    if (options.empty()) return Reply::say(out_of_options(ctx, *programme, mentee_id));
    auto m = ctx.message("match.unavailable");
    m.text(ctx.text(refused ? "match.unavailable.refused" : "match.unavailable.taken",
                    {{"mentor", name_of(ctx, mentor_id)}}));
    add_options(ctx, m, programme->id, options);
    return Reply::say(std::move(m));
  }
  auto offer = make_offer(ctx, *programme, mentor_id, mentee_id, chosen->score, "pick");
  send_request(ctx, *programme, offer, chosen->why);
  spdlog::info("event=mentor_picked programme_id={} offer_id={}", programme->id, offer.id);
  return say(ctx, "match.asked",
             {{"mentor", name_of(ctx, mentor_id)}, {"by", answer_by(ctx, offer, mentee_id)}});
}

// --- answers -------------------------------------------------------------------------------------

struct OfferContext {
  Offer offer;
  storage::Programme programme;
};

std::optional<OfferContext> offer_for(Context& ctx, const Event& e, bool as_mentor) {
  auto offer = OfferRepository(ctx.db()).find(id_from(e.args));
  if (!offer) return std::nullopt;
  if ((as_mentor ? offer->mentor_id : offer->mentee_id) != ctx.person().id) return std::nullopt;
  auto programme = ctx.programmes().find(offer->programme_id);
  if (!programme) return std::nullopt;
  return OfferContext{*offer, *programme};
}

Reply already_answered(Context& ctx, const Offer& offer) {
  return say(ctx, "match.answered." + offer.status);
}

Reply accept(Context& ctx, const Event& e, bool as_mentor) {
  auto found = offer_for(ctx, e, as_mentor);
  if (!found) return stale(ctx);
  auto& [offer, programme] = *found;
  if (offer.status != "pending") return already_answered(ctx, offer);
  OfferRepository offers(ctx.db());
  offer = offers.confirm(offer.id, as_mentor);
  const auto other = as_mentor ? offer.mentee_id : offer.mentor_id;
  if (!(offer.mentor_confirmed && offer.mentee_confirmed)) {
    return say(ctx, "match.waiting_for_other", {{"name", name_of(ctx, other)}});
  }
  offers.finish(offer.id, "accepted", ctx.now());
  form_pair(ctx, programme, offer);
  return Reply::none();  // both get the "paired" message through the outbox
}

Reply decline(Context& ctx, const Event& e, bool as_mentor) {
  auto found = offer_for(ctx, e, as_mentor);
  if (!found) return stale(ctx);
  auto& [offer, programme] = *found;
  if (!OfferRepository(ctx.db()).finish(offer.id, "declined", ctx.now()))
    return already_answered(ctx, *OfferRepository(ctx.db()).find(offer.id));
  spdlog::info("event=offer_declined offer_id={} by={}", offer.id, as_mentor ? "mentor" : "mentee");
  const auto stamp = std::to_string(offer.id);
  if (offer.kind == "pick") {
    // The mentee chooses again from what is left.
    auto options = open_options(ctx, programme.id, offer.mentee_id);
    ui::Message m;
    if (options.empty()) {
      m = out_of_options(ctx, programme, offer.mentee_id);
    } else {
      m = ctx.message("match.declined");
      m.text(ctx.text("match.declined", {{"mentor", name_of(ctx, offer.mentor_id)}}));
      add_options(ctx, m, programme.id, options);
    }
    ctx.send(offer.mentee_id, m, key("declined", offer.id));
  } else {
    // A direct proposal has no second option: the other side hears, the managers pair by hand.
    const auto other = as_mentor ? offer.mentee_id : offer.mentor_id;
    ctx.send(other,
             ctx.message("match.proposal_declined")
                 .text(ctx.text("match.proposal_declined", {{"name", ctx.person().display_name}})),
             key("proposal_declined", offer.id));
    tell_managers(
        ctx, programme.id,
        ctx.message("match.manager.declined")
            .text(ctx.text("match.manager.declined", {{"mentor", name_of(ctx, offer.mentor_id)},
                                                      {"mentee", name_of(ctx, offer.mentee_id)},
                                                      {"programme", programme.name}})),
        key("manager_declined", offer.id));
  }
  return say(ctx, "match.decline_noted");
}

// --- nobody answered -----------------------------------------------------------------------------

Reply expire(Context& ctx, const Event& e) {
  auto payload = json::parse(e.args, nullptr, false);
  if (!payload.is_object()) throw std::runtime_error("match.offer_expiry: bad payload");
  OfferRepository offers(ctx.db());
  auto offer = offers.find(payload.value("offer_id", std::int64_t{0}));
  if (!offer || !offers.finish(offer->id, "expired", ctx.now())) return Reply::none();
  auto programme = ctx.programmes().find(offer->programme_id);
  if (!programme) return Reply::none();
  spdlog::info("event=offer_expired offer_id={}", offer->id);
  const auto silent = offer->mentor_confirmed ? offer->mentee_id : offer->mentor_id;
  ctx.send(silent,
           ctx.message("match.expired.silent")
               .text(ctx.text("match.expired.silent",
                              {{"days", std::to_string(programme->answer_days)}})),
           key("expired_silent", offer->id));
  if (offer->kind != "pick") {
    tell_managers(
        ctx, programme->id,
        ctx.message("match.manager.expired")
            .text(ctx.text("match.manager.expired", {{"mentor", name_of(ctx, offer->mentor_id)},
                                                     {"mentee", name_of(ctx, offer->mentee_id)},
                                                     {"programme", programme->name}})),
        key("manager_expired", offer->id));
    return Reply::none();
  }
  // Move on to the mentee's next available option, in shortlist order.
  auto options = open_options(ctx, programme->id, offer->mentee_id);
  if (options.empty()) return Reply::say(out_of_options(ctx, *programme, offer->mentee_id));
  const auto& next = options.front();
  auto next_offer =
      make_offer(ctx, *programme, next.mentor_id, offer->mentee_id, next.score, "pick");
  send_request(ctx, *programme, next_offer, next.why);
  return say(ctx, "match.moved_on",
             {{"mentor", name_of(ctx, offer->mentor_id)},
              {"days", std::to_string(programme->answer_days)},
              {"next", name_of(ctx, next.mentor_id)},
              {"by", answer_by(ctx, next_offer, offer->mentee_id)}});
}

}  // namespace

// --- the run -------------------------------------------------------------------------------------

Reply run_matching(Context& ctx, const storage::Programme& programme) {
  if (programme.status != "intake")
    return say(ctx, "match.already_run", {{"programme", programme.name}});
  auto loaded = load_cohort(ctx, programme);
  const auto& cohort = loaded.cohort;
  const matching::Constraints constraints(cohort);
  const auto matrix = matching::build_score_matrix(cohort, constraints);
  const auto capacities = matching::capacities_of(cohort);
  const auto assignment = matching::assign(matrix, capacities);
  ctx.programmes().set_status(programme.id, "matching");
  auto running = *ctx.programmes().find(programme.id);

  OfferRepository offers(ctx.db());
  int shortlists = 0, proposals = 0, without = 0;
  for (std::size_t i = 0; i < cohort.mentees.size(); ++i) {
    const auto mentee_id = cohort.mentees[i].person_id;
    if (running.matching_mode == "direct") {
      if (assignment.mentor_of[i] < 0) continue;  // told below
      const auto j = static_cast<std::size_t>(assignment.mentor_of[i]);
      auto offer = make_offer(ctx, running, cohort.mentors[j].person_id, mentee_id,
                              matrix.score(i, j), "proposal");
      const auto why = pair_why(ctx, loaded, j, i);
      send_request(ctx, running, offer, why);
      auto m = ctx.message("match.proposal");
      m.header(ctx.text("match.proposal.title", {{"programme", running.name}}));
      m.text(ctx.text("match.proposal", {{"mentor", cohort.mentors[j].display_name},
                                         {"why", why},
                                         {"by", answer_by(ctx, offer, mentee_id)}}));
      m.buttons({{ctx.text("match.button.confirm"), "match.confirm", std::to_string(offer.id),
                  ui::Style::primary},
                 {ctx.text("match.button.decline"), "match.reject", std::to_string(offer.id),
                  ui::Style::danger}});
      ctx.send(mentee_id, m, key("proposal", offer.id));
      ++proposals;
      continue;
    }
    const auto entries = matching::shortlist(matrix, assignment, i,
                                             static_cast<std::size_t>(running.shortlist_size));
    if (entries.empty()) continue;
    std::vector<ShortlistOption> options;
    for (const auto& entry : entries) {
      options.push_back({static_cast<int>(options.size()) + 1,
                         cohort.mentors[entry.mentor].person_id, entry.score,
                         pair_why(ctx, loaded, entry.mentor, i)});
    }
    offers.save_shortlist(running.id, mentee_id, options);
    auto m = ctx.message("match.shortlist");
    m.header(ctx.text("match.shortlist.title", {{"programme", running.name}}));
    m.text(ctx.text("match.shortlist.intro", {{"count", std::to_string(options.size())},
                                              {"days", std::to_string(running.answer_days)}}));
    add_options(ctx, m, running.id, options);
    ctx.send(mentee_id, m, key("shortlist", running.id, mentee_id));
    ++shortlists;
  }
  // Mentees nobody can mentor hear why, now, rather than waiting in silence.
  for (std::size_t i = 0; i < cohort.mentees.size(); ++i) {
    const bool has_any = running.matching_mode == "direct"
                             ? assignment.mentor_of[i] >= 0
                             : !matching::shortlist(matrix, assignment, i, 1).empty();
    if (has_any) continue;
    ++without;
    auto reason = matching::explain_unmatched_mentee(constraints, capacities, i);
    auto m = ctx.message("match.no_match");
    m.text(ctx.text("match.no_match", {{"why", unmatched_why(ctx, loaded, reason, true, i)}}));
    ctx.send(cohort.mentees[i].person_id, m,
             key("no_match", running.id, cohort.mentees[i].person_id));
  }
  // Mentors nobody can be paired with hear why too (others may still be picked from a shortlist).
  for (std::size_t j = 0; j < cohort.mentors.size(); ++j) {
    auto reason = matching::explain_unmatched_mentor(constraints, j);
    if (reason.feasible_partners > 0) continue;
    const auto id = cohort.mentors[j].person_id;
    ctx.send(id,
             ctx.message("match.no_match")
                 .text(ctx.text("match.no_match.mentor",
                                {{"why", unmatched_why(ctx, loaded, reason, false, j)}})),
             key("no_match", running.id, id));
  }
  // Never matched on half an answer: people with an unfinished intake hear what is missing.
  for (const auto& ids : {loaded.incomplete_mentors, loaded.incomplete_mentees}) {
    for (auto id : ids) {
      ctx.send(id,
               ctx.message("match.left_out")
                   .text(ctx.text("match.left_out", {{"programme", running.name}})),
               key("left_out", running.id, id));
    }
  }
  spdlog::info("event=match_run programme_id={} mode={} shortlists={} proposals={} without={}",
               running.id, running.matching_mode, shortlists, proposals, without);
  const auto left_out = loaded.incomplete_mentors.size() + loaded.incomplete_mentees.size();
  return say(ctx, running.matching_mode == "direct" ? "match.run.direct" : "match.run.shortlist",
             {{"programme", running.name},
              {"sent", std::to_string(running.matching_mode == "direct" ? proposals : shortlists)},
              {"without", std::to_string(without)},
              {"left_out", std::to_string(left_out)}});
}

void register_match_flow(Router& router) {
  router.action("match.pick", pick);
  router.action("match.accept", [](Context& c, const Event& e) { return accept(c, e, true); });
  router.action("match.decline", [](Context& c, const Event& e) { return decline(c, e, true); });
  router.action("match.confirm", [](Context& c, const Event& e) { return accept(c, e, false); });
  router.action("match.reject", [](Context& c, const Event& e) { return decline(c, e, false); });
  router.job("match.offer_expiry", expire);
}

std::vector<templates::TemplateSpec> match_flow_templates() {
  return {{"match.already_run", {"programme"}},
          {"match.option", {"name", "title", "department", "score", "why"}},
          {"match.button.choose", {"name"}},
          {"match.button.accept", {}},
          {"match.button.decline", {}},
          {"match.button.confirm", {}},
          {"match.shortlist.title", {"programme"}},
          {"match.shortlist.intro", {"count", "days"}},
          {"match.request.title", {"programme"}},
          {"match.request.pick", {"mentee", "title", "why", "by"}},
          {"match.request.proposal", {"mentee", "title", "why", "by"}},
          {"match.proposal.title", {"programme"}},
          {"match.proposal", {"mentor", "why", "by"}},
          {"match.asked", {"mentor", "by"}},
          {"match.already_paired", {}},
          {"match.already_waiting", {"mentor"}},
          {"match.unavailable.refused", {"mentor"}},
          {"match.unavailable.taken", {"mentor"}},
          {"match.no_options", {}},
          {"match.manager.stuck", {"mentee", "programme"}},
          {"match.manager.declined", {"mentor", "mentee", "programme"}},
          {"match.manager.expired", {"mentor", "mentee", "programme"}},
          {"match.paired.title", {}},
          {"match.paired.mentor", {"name", "programme"}},
          {"match.paired.mentee", {"name", "programme"}},
          {"match.waiting_for_other", {"name"}},
          {"match.answered.accepted", {}},
          {"match.answered.declined", {}},
          {"match.answered.expired", {}},
          {"match.answered.withdrawn", {}},
          {"match.answered.pending", {}},
          {"match.declined", {"mentor"}},
          {"match.proposal_declined", {"name"}},
          {"match.decline_noted", {}},
          {"match.expired.silent", {"days"}},
          {"match.moved_on", {"mentor", "days", "next", "by"}},
          {"match.no_match", {"why"}},
          {"match.no_match.mentor", {"why"}},
          {"match.left_out", {"programme"}},
          {"match.run.shortlist", {"programme", "sent", "without", "left_out"}},
          {"match.run.direct", {"programme", "sent", "without", "left_out"}}};
}

}  // namespace flipside::handlers
