#pragma once
// ui::Message / ui::Form -> Adaptive Cards 1.5, the highest version Teams renders. Buttons are
// Action.Submit with {"action_id", "value"} data; a form's submit carries {"form_id"} plus its
// inputs. Input checks in the card are advisory: the server validates again.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "bot/core/ui.hpp"

namespace flipside::teams {

inline constexpr const char* kCardContentType = "application/vnd.microsoft.card.adaptive";

// The input id a select in a message gets; its value arrives under this key with the card data.
std::string select_input_id(const std::string& action_id);

// Our markdown subset in Adaptive Cards' dialect (*bold* becomes **bold**).
std::string to_card_markdown(std::string_view markdown);

// The card for a message. `errors` (input id -> message) and `values` (input id -> what was
// typed) re-render a form after a failed server-side check.
nlohmann::json render_card(const ui::Message& message, const ui::FormErrors& errors = {},
                           const std::map<std::string, std::string>& values = {});

// A Bot Framework message activity carrying the card.
nlohmann::json card_activity(const ui::Message& message, const ui::FormErrors& errors = {},
                             const std::map<std::string, std::string>& values = {});

}  // namespace flipside::teams
