// `profile`: what the bot knows about you, with an edit form (name, time zone, role).
#include "bot/core/time_zones.hpp"
#include "features.hpp"
#include "handlers/context.hpp"
#include "handlers/orientation.hpp"

namespace flipside::handlers {

namespace {

std::string role_label(Context& ctx, storage::Role r) {
  return ctx.text(r == storage::Role::mentor ? "profile.role.mentor" : "profile.role.mentee");
}

ui::Form edit_form(Context& ctx) {
  const auto& p = ctx.person();
  ui::Form f;
  f.form_id = "profile.edit";
  f.title = ctx.text("profile.form.title");
  f.submit_label = ctx.text("profile.form.submit");
  f.inputs.push_back({.id = "display_name",
                      .label = ctx.text("profile.form.name"),
                      .initial = p.display_name,
                      .max_length = 80});
  f.inputs.push_back({.id = "time_zone",
                      .label = ctx.text("profile.form.time_zone"),
                      .kind = ui::InputKind::time_zone,
                      .hint = ctx.text("profile.form.time_zone_hint"),
                      .placeholder = "Europe/Berlin",
                      .initial = p.time_zone,
                      .max_length = 64});
  if (auto participant = ctx.people().participant(p.id)) {
    f.inputs.push_back({.id = "role",
                        .label = ctx.text("profile.form.role"),
                        .kind = ui::InputKind::select,
                        .initial = std::string(to_string(participant->role)),
                        .options = {{role_label(ctx, storage::Role::mentor), "mentor"},
                                    {role_label(ctx, storage::Role::mentee), "mentee"}}});
  }
  return f;
}

ui::Message profile_card(Context& ctx, const std::string& lead = "") {
  const auto& p = ctx.person();
  auto m = ctx.message("profile.card");
  m.header(ctx.text("profile.title"));
  if (!lead.empty()) m.text(lead);
  auto participant = ctx.people().participant(p.id);
  std::vector<ui::Field> fields{
      {ctx.text("profile.field.name"), p.display_name},
      {ctx.text("profile.field.role"),
       participant ? role_label(ctx, participant->role) : ctx.text("profile.not_joined")},
      {ctx.text("profile.field.time_zone"),
       p.time_zone.empty() ? ctx.text("profile.zone_unknown") : p.time_zone}};
  if (!p.time_zone.empty())
    fields.push_back({ctx.text("profile.field.local_time"), format_local(ctx.now(), p.time_zone)});
  if (participant)
    fields.push_back({ctx.text("profile.field.joined"), format_date(participant->joined_at)});
  m.fields(std::move(fields));
  m.buttons({{ctx.text("profile.button.edit"), "profile.edit", "", ui::Style::normal}});
  return m;
}

Reply show(Context& ctx, const Event&) {
  return Reply::say(profile_card(ctx));
}

Reply open_editor(Context& ctx, const Event&) {
  auto m = ctx.message("profile.form");
  m.form(edit_form(ctx));
  return Reply::say(std::move(m));
}

std::string trimmed(const std::map<std::string, std::string>& fields, const std::string& key) {
  auto it = fields.find(key);
  if (it == fields.end()) return {};
  const auto& s = it->second;
  auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

Reply save(Context& ctx, const Event& e) {
  std::map<std::string, std::string> fields;
  for (const char* key : {"display_name", "time_zone", "role"})
    fields[key] = trimmed(e.fields, key);
  auto form = edit_form(ctx);
  if (auto errors = ui::validate(form, fields); !errors.empty())
    return Reply::errors(std::move(errors));

  fields["time_zone"] = canonical_time_zone(fields["time_zone"]);
  const auto& before = ctx.person();
  auto people = ctx.people();
  auto participant = people.participant(before.id);
  bool changed = false;
  if (fields["display_name"] != before.display_name || fields["time_zone"] != before.time_zone) {
    people.update_profile(before.id, fields["display_name"], fields["time_zone"], ctx.now());
    changed = true;
  }
  std::optional<storage::Role> new_role;
  if (participant && fields["role"] != to_string(participant->role)) {
    new_role = storage::role_from_string(fields["role"]);
    people.set_role(before.id, *new_role);
    changed = true;
  }
  ctx.refresh_person();
  auto lead = changed ? ctx.text("profile.saved", {{"name", ctx.person().display_name}})
                      : ctx.text("profile.unchanged");
  Reply r = Reply::say(profile_card(ctx, lead));
  // A new role in a programme comes with its own orientation (the old "Got it" no longer counts).
  if (new_role && participant->programme_id)
    r.messages.push_back(orientation_message(ctx, *new_role));
  return r;
}

}  // namespace

void register_profile(Router& router) {
  router.command({"profile", "profile", "see and edit your details"}, show);
  router.action("profile.show", show);
  router.action("profile.edit", open_editor);
  router.form("profile.edit", save);
}

std::vector<templates::TemplateSpec> profile_templates() {
  return {{"profile.title", {}},
          {"profile.field.name", {}},
          {"profile.field.role", {}},
          {"profile.field.time_zone", {}},
          {"profile.field.local_time", {}},
          {"profile.field.joined", {}},
          {"profile.not_joined", {}},
          {"profile.zone_unknown", {}},
          {"profile.button.edit", {}},
          {"profile.form.title", {}},
          {"profile.form.name", {}},
          {"profile.form.time_zone", {}},
          {"profile.form.time_zone_hint", {}},
          {"profile.form.role", {}},
          {"profile.form.submit", {}},
          {"profile.role.mentor", {}},
          {"profile.role.mentee", {}},
          {"profile.saved", {"name"}},
          {"profile.unchanged", {}}};
}

}  // namespace flipside::handlers
