// `pair` and `unpair`: a programme manager's manual overrides, each with a reason that is kept
// with the pair. A manual pair replaces the mentee's open requests; both people are told.
#include <spdlog/spdlog.h>

#include "bot/core/time_zones.hpp"
#include "handlers/audit.hpp"
#include "handlers/context.hpp"
#include "handlers/features.hpp"
#include "handlers/matching/match_quality.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "storage/offers.hpp"
#include "storage/programme_status.hpp"
#include "storage/sessions.hpp"

namespace flipside::handlers {

namespace {

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    auto end = text.find(' ', i);
    if (i < text.size()) out.push_back(text.substr(i, end == std::string::npos ? end : end - i));
    i = end == std::string::npos ? text.size() : end;
  }
  return out;
}

std::string rest_after(const std::vector<std::string>& w, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < w.size(); ++i) out += (out.empty() ? "" : " ") + w[i];
  return out;
}

// The newest programme whose matching has started.
std::optional<storage::Programme> current(Context& ctx) {
  for (const auto& p : ctx.programmes().all())
    if (p.status == "matching" || p.status == "running") return p;
  return std::nullopt;
}

struct Member {
  storage::Person person;
  storage::Role role;
};

std::variant<Member, Reply> member(Context& ctx, const storage::Programme& programme,
                                   const std::string& email) {
  auto person = ctx.people().find_by_email(email);
  if (!person) return say(ctx, "pair.unknown", {{"email", email}});
  auto participant = ctx.people().participant(person->id);
  if (!participant || participant->programme_id != programme.id)
    return say(ctx, "pair.not_in_programme",
               {{"name", person->display_name}, {"programme", programme.name}});
  return Member{*person, participant->role};
}

void tell(Context& ctx, std::int64_t person_id, const std::string& id, const templates::Vars& vars,
          const std::string& key) {
  ctx.send(person_id, ctx.message(id).text(ctx.text(id, vars)), key);
}

// `pair <email>`: everything about the person's pairs a manager may need before acting: each
// pair's programme, partner, state, sessions and goals (never pulse answers, which are anonymous).
Reply history(Context& ctx, const std::string& email) {
  auto person = ctx.people().find_by_email(email);
  if (!person) return say(ctx, "pair.unknown", {{"email", email}});
  const auto pairs = storage::ProgrammeStatusRepository(ctx.db()).pair_history(person->id);
  auto m = ctx.message("pair.history");
  m.header(ctx.text("pair.history.title", {{"name", person->display_name}}));
  if (auto participant = ctx.people().participant(person->id)) {
    const auto& acked = participant->orientation_acknowledged_at;
    m.context(acked ? ctx.text("pair.history.orientation_done",
                               {{"when", format_day(local_date(*acked, ctx.person().time_zone))}})
                    : ctx.text("pair.history.orientation_pending"));
  }
  if (pairs.empty()) {
    m.text(ctx.text("pair.history.none", {{"name", person->display_name}}));
    return Reply::say(std::move(m));
  }
  storage::PairLifeRepository life(ctx.db());
  const auto zone = ctx.person().time_zone;
  for (const auto& r : pairs) {
    std::string state = r.ended_at ? ctx.text("pair.history.ended",
                                              {{"when", format_day(local_date(*r.ended_at, zone))},
                                               {"reason", r.end_reason}})
                        : r.paused ? ctx.text("pair.history.paused")
                                   : ctx.text("pair.history.active");
    std::string text = ctx.text(
        "pair.history.pair",
        {{"programme", r.programme},
         {"mentor", person_name(ctx, r.mentor_id)},
         {"mentee", person_name(ctx, r.mentee_id)},
         {"since", format_day(local_date(r.created_at, zone))},
         {"how", r.source == "manual" ? ctx.text("pair.history.manual", {{"reason", r.reason}})
                                      : ctx.text("pair.history.matched")},
         {"state", state}});
    for (const auto& s : life.sessions(r.pair_id))
      text += "\n" + ctx.text("pair.history.session",
                              {{"when", format_local(s.starts_at, zone)},
                               {"status", ctx.text("session.status." + s.status)}});
    for (const auto& g : life.goals(r.pair_id, false))
      if (g.status != "replaced")
        text += "\n" + ctx.text("pair.history.goal", {{"goal", g.specific},
                                                      {"status", g.status},
                                                      {"progress", std::to_string(g.progress)}});
    m.text(text);
  }
  return Reply::say(std::move(m));
}

Reply pair(Context& ctx, const Event& e) {
  const auto w = words(e.args);
  if (w.size() == 1) return history(ctx, w[0]);
  if (w.size() < 3) return say(ctx, "pair.usage");
  auto programme = current(ctx);
  if (!programme) return say(ctx, "pair.no_programme");
  auto a = member(ctx, *programme, w[0]);
  if (auto* r = std::get_if<Reply>(&a)) return std::move(*r);
  auto b = member(ctx, *programme, w[1]);
  if (auto* r = std::get_if<Reply>(&b)) return std::move(*r);
  auto mentor = std::get<Member>(a), mentee = std::get<Member>(b);
  if (mentor.role != storage::Role::mentor || mentee.role != storage::Role::mentee)
    return say(ctx, "pair.roles",
               {{"mentor", mentor.person.display_name}, {"mentee", mentee.person.display_name}});
  const auto reason = rest_after(w, 2);
  storage::OfferRepository offers(ctx.db());
  if (!offers.partners(programme->id, mentee.person.id).empty())
    return say(ctx, "pair.mentee_taken", {{"mentee", mentee.person.display_name}});
  for (const auto& o : offers.withdraw_pending(programme->id, mentee.person.id, ctx.now()))
    tell(ctx, o.mentor_id, "pair.request_withdrawn", {{"mentee", mentee.person.display_name}},
         "pair.withdrawn:" + std::to_string(o.id));
  const auto id = offers.create_pair(programme->id, mentor.person.id, mentee.person.id, "manual",
                                     reason, ctx.person().id, ctx.now());
  spdlog::info("event=manual_pair pair_id={} programme_id={} by={}", id, programme->id,
               ctx.person().id);
  audit(ctx, "pair.manual", {.programme_id = programme->id, .pair_id = id}, reason);
  // What the matcher would have said of this pair: manual pairs belong in the quality report too.
  record_prediction(ctx, *programme, id, mentor.person.id, mentee.person.id);
  const auto key = "pair.manual:" + std::to_string(id);
  for (bool to_mentor : {true, false}) {
    // The same "you have a match" message as an accepted request.
    auto m = ctx.message("match.paired");
    m.header(ctx.text("match.paired.title"));
    m.text(ctx.text(to_mentor ? "match.paired.mentor" : "match.paired.mentee",
                    {{"name", (to_mentor ? mentee : mentor).person.display_name},
                     {"programme", programme->name}}));
    ctx.send((to_mentor ? mentor : mentee).person.id, m, key + (to_mentor ? ":mentor" : ":mentee"));
  }
  start_pair(ctx, *programme, id);
  return say(ctx, "pair.done",
             {{"mentor", mentor.person.display_name},
              {"mentee", mentee.person.display_name},
              {"reason", reason}});
}

Reply unpair(Context& ctx, const Event& e) {
  const auto w = words(e.args);
  if (w.size() < 2) return say(ctx, "unpair.usage");
  auto programme = current(ctx);
  if (!programme) return say(ctx, "pair.no_programme");
  auto found = member(ctx, *programme, w[0]);
  if (auto* r = std::get_if<Reply>(&found)) return std::move(*r);
  const auto who = std::get<Member>(found);
  const auto reason = rest_after(w, 1);
  storage::OfferRepository offers(ctx.db());
  const auto partners = offers.partners(programme->id, who.person.id);
  if (partners.empty()) return say(ctx, "unpair.none", {{"name", who.person.display_name}});
  std::string names;
  for (auto partner : partners) {
    const bool is_mentor = who.role == storage::Role::mentor;
    offers.end_pair(programme->id, is_mentor ? who.person.id : partner,
                    is_mentor ? partner : who.person.id, reason, ctx.now());
    auto other = ctx.people().find(partner);
    names += (names.empty() ? "" : ", ") + (other ? other->display_name : "?");
    const auto key = "unpair:" + std::to_string(programme->id) + ":" +
                     std::to_string(who.person.id) + ":" + std::to_string(partner) + ":" +
                     std::to_string(to_unix(ctx.now()));
    tell(ctx, partner, "unpair.told", {{"name", who.person.display_name}}, key + ":a");
    tell(ctx, who.person.id, "unpair.told", {{"name", other ? other->display_name : "?"}},
         key + ":b");
  }
  spdlog::info("event=unpaired programme_id={} person_id={} by={}", programme->id, who.person.id,
               ctx.person().id);
  audit(ctx, "pair.unpair", {.programme_id = programme->id, .person_id = who.person.id}, reason);
  return say(ctx, "unpair.done", {{"name", who.person.display_name}, {"partners", names}});
}

}  // namespace

void register_manual_pairs(Router& router) {
  router.command({"pair", "pair <email> | pair <mentor email> <mentee email> <reason>",
                  "someone's pair history, or pair two people by hand", true},
                 pair);
  router.command({"unpair", "unpair <email> <reason>", "end someone's pair", true}, unpair);
}

std::vector<templates::TemplateSpec> manual_pair_templates() {
  return {{"pair.usage", {}},
          {"pair.history", {}},
          {"pair.history.title", {"name"}},
          {"pair.history.none", {"name"}},
          {"pair.history.ended", {"when", "reason"}},
          {"pair.history.paused", {}},
          {"pair.history.active", {}},
          {"pair.history.pair", {"programme", "mentor", "mentee", "since", "how", "state"}},
          {"pair.history.manual", {"reason"}},
          {"pair.history.matched", {}},
          {"pair.history.session", {"when", "status"}},
          {"pair.history.goal", {"goal", "status", "progress"}},
          {"pair.history.orientation_done", {"when"}},
          {"pair.history.orientation_pending", {}},
          {"unpair.usage", {}},
          {"pair.no_programme", {}},
          {"pair.unknown", {"email"}},
          {"pair.not_in_programme", {"name", "programme"}},
          {"pair.roles", {"mentor", "mentee"}},
          {"pair.mentee_taken", {"mentee"}},
          {"pair.request_withdrawn", {"mentee"}},
          {"pair.done", {"mentor", "mentee", "reason"}},
          {"unpair.none", {"name"}},
          {"unpair.told", {"name"}},
          {"unpair.done", {"name", "partners"}}};
}

}  // namespace flipside::handlers
