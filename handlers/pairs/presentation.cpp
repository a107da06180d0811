// `presentation <email>`: a programme manager schedules a short final presentation for that
// person's pair (issue #8). The manager types the date and time on their own clock; each partner
// is told the slot on theirs. Scheduling again moves the slot and tells both again.
#include <spdlog/spdlog.h>

#include "bot/core/local_time.hpp"
#include "bot/core/text.hpp"
#include "bot/core/time_zones.hpp"
#include "handlers/features.hpp"
#include "handlers/pairs/pair_life.hpp"
#include "storage/presentations.hpp"

namespace flipside::handlers {

namespace {

std::string zone_of(Context& ctx) {
  return ctx.person().time_zone.empty() ? std::string("UTC") : ctx.person().time_zone;
}

ui::Form presentation_form(Context& ctx, std::int64_t pair_id) {
  ui::Form f;
  f.form_id = "presentation.schedule:" + std::to_string(pair_id);
  f.title = ctx.text("presentation.form.title");
  f.submit_label = ctx.text("presentation.form.submit");
  f.inputs = {
      {.id = "date", .label = ctx.text("presentation.form.date"), .kind = ui::InputKind::date},
      {.id = "time",
       .label = ctx.text("presentation.form.time"),
       .hint = ctx.text("presentation.form.time_hint", {{"zone", zone_of(ctx)}}),
       .placeholder = "15:00",
       .max_length = 5},
      {.id = "minutes",
       .label = ctx.text("presentation.form.minutes"),
       .kind = ui::InputKind::select,
       .initial = "15",
       .options = {{"10 min", "10"}, {"15 min", "15"}, {"20 min", "20"}, {"30 min", "30"}}}};
  return f;
}

Reply open(Context& ctx, const Event& e) {
  const auto email = trim(e.args);
  if (email.empty()) return say(ctx, "presentation.usage");
  auto person = ctx.people().find_by_email(email);
  if (!person) return say(ctx, "presentation.unknown", {{"email", email}});
  storage::PresentationRepository presentations(ctx.db());
  auto pair_id = presentations.newest_pair_of(person->id);
  if (!pair_id) return say(ctx, "presentation.no_pair", {{"name", person->display_name}});
  auto pair = *storage::PairLifeRepository(ctx.db()).any_pair(*pair_id);
  auto m = ctx.message("presentation.form");
  m.text(ctx.text("presentation.form.intro", {{"mentor", person_name(ctx, pair.mentor_id)},
                                              {"mentee", person_name(ctx, pair.mentee_id)}}));
  if (auto booked = presentations.slot(pair.id))
    m.text(ctx.text("presentation.form.booked",
                    {{"when", format_local(booked->starts_at, zone_of(ctx))}}));
  m.form(presentation_form(ctx, pair.id));
  return Reply::say(std::move(m));
}

Reply schedule(Context& ctx, const Event& e) {
  auto pair = storage::PairLifeRepository(ctx.db()).any_pair(number_from(e.args));
  if (!pair) return say(ctx, "router.stale_form");
  const auto form = presentation_form(ctx, pair->id);
  std::map<std::string, std::string> values;
  for (const auto& in : form.inputs) {
    auto it = e.fields.find(in.id);
    values[in.id] = it == e.fields.end() ? "" : trim(it->second);
  }
  auto errors = ui::validate(form, values);
  std::optional<TimePoint> start;
  if (!errors.contains("time")) {
    auto clock = parse_clock_time(values["time"]);
    if (clock && !errors.contains("date"))
      start = local_to_utc(*parse_date(values["date"]), clock->first, clock->second, zone_of(ctx));
    if (!clock || (!errors.contains("date") && !start))
      errors["time"] = ctx.text("presentation.error.time");
    else if (start && *start <= ctx.now())
      errors["date"] = ctx.text("presentation.error.past");
  }
  if (!errors.empty()) return Reply::errors(std::move(errors));

  const storage::PresentationSlot slot{pair->id, *start, std::stoi(values["minutes"])};
  storage::PresentationRepository(ctx.db()).save(slot, ctx.person().id, ctx.now());
  auto programme = ctx.programmes().find(pair->programme_id);
  const auto programme_name = programme ? programme->name : std::string();
  for (auto me : {pair->mentor_id, pair->mentee_id}) {
    auto m = ctx.message("presentation.scheduled");
    m.header(ctx.text("presentation.scheduled.title"));
    m.text(ctx.text("presentation.scheduled",
                    {{"programme", programme_name},
                     {"partner", person_name(ctx, pair->partner_of(me))},
                     {"when", format_local(slot.starts_at, person_zone(ctx, me))},
                     {"minutes", std::to_string(slot.minutes)}}));
    ctx.send(me, m,
             "presentation:" + std::to_string(pair->id) + ":" + std::to_string(me) + ":" +
                 std::to_string(to_unix(slot.starts_at)));
  }
  spdlog::info("event=presentation_scheduled pair_id={} by={}", pair->id, ctx.person().id);
  return say(ctx, "presentation.booked",
             {{"mentor", person_name(ctx, pair->mentor_id)},
              {"mentee", person_name(ctx, pair->mentee_id)},
              {"when", format_local(slot.starts_at, zone_of(ctx))},
              {"minutes", std::to_string(slot.minutes)}});
}

}  // namespace

void register_presentation(Router& router) {
  router.command(
      {"presentation", "presentation <email>", "schedule a pair's short final presentation", true},
      open);
  router.form("presentation.schedule", schedule, Access::managers);
}

std::vector<templates::TemplateSpec> presentation_templates() {
  return {{"presentation.usage", {}},
          {"presentation.unknown", {"email"}},
          {"presentation.no_pair", {"name"}},
          {"presentation.form.title", {}},
          {"presentation.form.submit", {}},
          {"presentation.form.date", {}},
          {"presentation.form.time", {}},
          {"presentation.form.time_hint", {"zone"}},
          {"presentation.form.minutes", {}},
          {"presentation.form.intro", {"mentor", "mentee"}},
          {"presentation.form.booked", {"when"}},
          {"presentation.error.time", {}},
          {"presentation.error.past", {}},
          {"presentation.scheduled.title", {}},
          {"presentation.scheduled", {"programme", "partner", "when", "minutes"}},
          {"presentation.booked", {"mentor", "mentee", "when", "minutes"}}};
}

}  // namespace flipside::handlers
