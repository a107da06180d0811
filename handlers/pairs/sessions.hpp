#pragma once
// Pieces of the session feature shared between its files.
#include "handlers/context.hpp"
#include "storage/sessions.hpp"

namespace flipside::handlers {

// The agenda text for a session: chosen by its number and the programme's stage and focus
// (templates/agendas/), with the pair's open goals and last action items filled in.
std::string session_agenda(Context& ctx, const storage::ActivePair& pair,
                           const storage::Session& s);
std::vector<templates::TemplateSpec> agenda_templates();

// The session and pair a scheduled job (reminder, check-in) is about, or nullopt when the job is
// void: the session moved or was cancelled since it was planned, or the pair ended or is paused.
std::optional<std::pair<storage::Session, storage::ActivePair>> session_of_job(Context& ctx,
                                                                               const Event& e);

void register_checkins(Router& router);
std::vector<templates::TemplateSpec> checkin_templates();

}  // namespace flipside::handlers
