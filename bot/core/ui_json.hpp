#pragma once
// ui::Message <-> JSON, the form messages take in the outbox and on the console's wire.
#include <nlohmann/json_fwd.hpp>

#include "ui.hpp"

namespace flipside::ui {

nlohmann::json to_json(const Message& m);
// Throws std::invalid_argument on a shape it does not know (a corrupted outbox row is a bug).
Message message_from_json(const nlohmann::json& j);

}  // namespace flipside::ui
