#pragma once
// The "new programme" form and the programme it describes, shared by create and edit.
#include <map>
#include <string>

#include "bot/core/reply.hpp"
#include "handlers/context.hpp"
#include "storage/programmes.hpp"

namespace flipside::handlers {

ui::Form programme_form(Context& ctx, const storage::Programme& initial, bool editing);

// The programme a valid submission describes, or the errors to show beside the inputs.
struct ProgrammeSubmission {
  storage::Programme programme;
  std::vector<std::int64_t> co_managers;  // person ids named in the form
  ui::FormErrors errors;
};
ProgrammeSubmission read_programme_form(Context& ctx,
                                        const std::map<std::string, std::string>& fields,
                                        std::int64_t editing_id);

// A programme's card: its settings and people, with Edit and Settings buttons during intake.
// `lead` (may be empty) is a line above the fields.
ui::Message programme_card(Context& ctx, const storage::Programme& p, const std::string& lead);

// Saves a valid submission as a new programme run by the acting manager and the co-managers it
// names; people who joined while no programme was open are moved into it and invited to the
// intake. Returns the saved programme and how many were invited.
struct CreatedProgramme {
  storage::Programme programme;
  std::size_t invited = 0;
};
CreatedProgramme create_programme(Context& ctx, ProgrammeSubmission submission);

// Defaults for a new programme: starts next Monday, 4 months, fortnightly 45-minute sessions.
storage::Programme default_programme(Context& ctx);

// Matching settings of one programme (programme_settings.cpp).
Reply open_programme_settings(Context& ctx, const storage::Programme& programme);
Reply save_programme_settings(Context& ctx, const Event& e);
std::vector<templates::TemplateSpec> settings_templates();

// "a, b ,c" -> "a, b, c" without empties or duplicates (case-insensitive).
std::string normalise_list(const std::string& text);
std::vector<std::string> split_list(const std::string& text);

}  // namespace flipside::handlers
