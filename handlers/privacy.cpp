// Privacy controls (issue #7). `forget-me` asks first, then ends the person's pairs, deletes
// everything that names them (storage/privacy.cpp says what that covers) and tells their
// partners and the programme's managers without naming them. `my-data` replies with a
// single-use, expiring link to a JSON file of everything held about them (served by
// bot/privacy_route.cpp).
#include <spdlog/spdlog.h>

#include "features.hpp"
#include "handlers/context.hpp"
#include "handlers/notify.hpp"
#include "storage/offers.hpp"
#include "storage/privacy.hpp"
#include "storage/sessions.hpp"

namespace flipside::handlers {

namespace {

constexpr auto kLinkLifetime = std::chrono::hours{24};
// Delivered copies of these replies are deleted a little after delivery: a download link must
// not sit in the outbox or the console transcript, nor may the confirmation to someone who no
// longer exists (it is addressed to their platform user id).
constexpr auto kSweepDelay = std::chrono::minutes{10};
const std::vector<std::string>& swept_templates() {
  static const std::vector<std::string> kIds = {"privacy.forgotten", "privacy.already_forgotten",
                                                "privacy.export.ready"};
  return kIds;
}

// One sweep per ten minutes is enough however many people ask; it re-arms itself while a copy
// is still waiting to be delivered. No person: the one it was for may be gone.
void schedule_sweep(Context& ctx) {
  const auto bucket = to_unix(ctx.now()) / 600;
  storage::Job job;
  job.route = "privacy.sweep";
  job.due_at = ctx.now() + kSweepDelay;
  job.idempotency_key = "privacy.sweep:" + std::to_string(bucket);
  ctx.jobs().schedule(job);
}

// Whose data a confirmation button deletes: the id alone would not do, as SQLite may give a
// deleted person's id to the next new one.
std::string record_of(const storage::Person& p) {
  return std::to_string(p.id) + ":" + std::to_string(to_unix(p.created_at));
}

Reply ask(Context& ctx, const Event&) {
  auto m = ctx.message("privacy.forget.confirm");
  m.header(ctx.text("privacy.forget.title"));
  m.text(ctx.text("privacy.forget.body"));
  // The button carries whose data it deletes, so a click on it after the deletion (or replayed
  // by someone else) cannot delete a record created since.
  m.buttons({{ctx.text("privacy.button.forget"), "privacy.forget", record_of(ctx.person()),
              ui::Style::danger},
             {ctx.text("privacy.button.keep"), "privacy.keep", "", ui::Style::normal}});
  return Reply::say(std::move(m));
}

Reply keep(Context& ctx, const Event&) {
  return say(ctx, "privacy.kept");
}

// The partner hears it from us rather than from silence, and the managers can rematch them.
// Sent after the deletion, so nothing the deletion scans for can be in these messages.
void tell_about_ended_pairs(Context& ctx, const std::vector<storage::ActivePair>& ended,
                            std::int64_t me) {
  const auto nonce = storage::random_token();  // ids are reused once rows are deleted
  for (std::size_t i = 0; i < ended.size(); ++i) {
    const auto& pair = ended[i];
    const auto partner = pair.partner_of(me);
    const auto key = "privacy.forget:" + nonce + ":" + std::to_string(i);
    ctx.send(partner, ctx.message("privacy.partner_left").text(ctx.text("privacy.partner_left")),
             key + ":partner");
    auto partner_person = ctx.people().find(partner);
    auto programme = ctx.programmes().find(pair.programme_id);
    tell_managers(
        ctx, pair.programme_id,
        ctx.message("privacy.managers")
            .text(ctx.text("privacy.managers",
                           {{"programme", programme ? programme->name : "?"},
                            {"partner", partner_person ? partner_person->display_name : "?"}})),
        key + ":managers");
  }
}

Reply forget(Context& ctx, const Event& e) {
  const auto me = ctx.person().id;
  storage::PrivacyRepository privacy(ctx.db());
  if (e.args != record_of(ctx.person())) {
    // The record the button was for is gone. The click itself made a bare record (the dispatcher
    // creates one for anyone who writes): asked to delete everything, we delete that too. A
    // record with more in it (they came back and joined) needs a fresh confirmation.
    if (!privacy.only_contact_details(me)) return say(ctx, "privacy.stale");
    privacy.forget(me);
    schedule_sweep(ctx);
    spdlog::info("event=forgotten person_id={} stale_button=true", me);
    return say(ctx, "privacy.already_forgotten");
  }
  storage::OfferRepository offers(ctx.db());
  auto ended = storage::PairLifeRepository(ctx.db()).pairs_of(me);
  for (const auto& pair : ended)
    offers.end_pair(pair.programme_id, pair.mentor_id, pair.mentee_id, "forgotten", ctx.now());
  const auto report = privacy.forget(me);
  tell_about_ended_pairs(ctx, ended, me);
  schedule_sweep(ctx);
  spdlog::info(
      "event=forgotten person_id={} pairs_ended={} pairs_deleted={} outbox_rows={} "
      "transcript_rows={} jobs={} other_rows={}",
      me, ended.size(), report.pairs, report.outbox_rows, report.transcript_rows, report.jobs,
      report.other_rows);
  return say(ctx, "privacy.forgotten");
}

Reply my_data(Context& ctx, const Event&) {
  const auto token = storage::PrivacyRepository(ctx.db()).issue_export_link(
      ctx.person().id, ctx.now(), kLinkLifetime);
  auto m = ctx.message("privacy.export.ready");
  m.header(ctx.text("privacy.export.title"));
  m.text(ctx.text("privacy.export.ready", {{"link", ctx.public_url() + "/my-data/" + token},
                                           {"hours", std::to_string(kLinkLifetime.count())}}));
  schedule_sweep(ctx);
  spdlog::info("event=data_export_link person_id={}", ctx.person().id);
  return Reply::say(std::move(m));
}

Reply sweep(Context& ctx, const Event&) {
  const auto r = storage::PrivacyRepository(ctx.db()).sweep_delivered(swept_templates());
  if (r.waiting > 0) schedule_sweep(ctx);
  spdlog::info("event=privacy_sweep deleted={} waiting={}", r.deleted, r.waiting);
  return Reply::none();
}

}  // namespace

void register_privacy(Router& router) {
  router.command({"forget-me", "forget-me", "delete everything about me"}, ask);
  router.command({"my-data", "my-data", "download everything about me"}, my_data);
  router.action("privacy.forget", forget);
  router.action("privacy.keep", keep);
  router.job("privacy.sweep", sweep);
}

std::vector<templates::TemplateSpec> privacy_templates() {
  return {{"privacy.forget.title", {}},
          {"privacy.forget.body", {}},
          {"privacy.button.forget", {}},
          {"privacy.button.keep", {}},
          {"privacy.kept", {}},
          {"privacy.forgotten", {}},
          {"privacy.already_forgotten", {}},
          {"privacy.stale", {}},
          {"privacy.partner_left", {}},
          {"privacy.managers", {"programme", "partner"}},
          {"privacy.export.title", {}},
          {"privacy.export.ready", {"link", "hours"}},
          // Rendered into the downloaded file by bot/privacy_route.cpp.
          {"privacy.export.about", {"generated_at"}},
          {"privacy.export.pulse_note", {}},
          {"privacy.export.pairs_note", {}}};
}

}  // namespace flipside::handlers
