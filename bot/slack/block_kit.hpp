#pragma once
// ui::Message / ui::Form -> Slack Block Kit (messages, modals, the App Home tab), with every
// documented limit enforced here rather than hoped for: long text is split or truncated on
// character boundaries, long messages are split into several, long option lists are capped.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/core/text.hpp"
#include "bot/core/ui.hpp"

namespace flipside::slack {

namespace limits {
inline constexpr std::size_t kMessageBlocks = 50;
inline constexpr std::size_t kSurfaceBlocks = 100;  // modals and the Home tab
inline constexpr std::size_t kSectionText = 3000;
inline constexpr std::size_t kHeaderText = 150;
inline constexpr std::size_t kFields = 10;
inline constexpr std::size_t kFieldText = 2000;
inline constexpr std::size_t kActionsElements = 25;
inline constexpr std::size_t kContextElements = 10;
inline constexpr std::size_t kButtonText = 75;
inline constexpr std::size_t kButtonValue = 2000;
inline constexpr std::size_t kActionId = 255;
inline constexpr std::size_t kOptions = 100;
inline constexpr std::size_t kOptionText = 75;
inline constexpr std::size_t kOptionValue = 150;
inline constexpr std::size_t kModalTitle = 24;
inline constexpr std::size_t kLabel = 2000;
inline constexpr std::size_t kPlaceholder = 150;
inline constexpr std::size_t kPrivateMetadata = 3000;
inline constexpr std::size_t kFallbackText = 3000;
}  // namespace limits

using flipside::truncate_chars;
// Slack mrkdwn needs &, < and > escaped; our markdown subset is otherwise the same.
std::string to_mrkdwn(std::string_view markdown);
// What a person typed, from the text Slack sends: Slack turns typed addresses into links
// ("<mailto:a@b.c|a@b.c>"); each becomes its visible part again, so handlers read plain words.
std::string unwrap_mailto_links(std::string_view slack_text);

// One chat message per element, each within the 50-block limit, in order. Each has "blocks"
// and a notification "text".
std::vector<nlohmann::json> render_messages(const ui::Message& message);

// A modal view for a form. `private_metadata` travels back with the submission.
nlohmann::json render_modal(const ui::Form& form, const std::string& private_metadata);

// The App Home view (type "home") from a message, within 100 blocks.
nlohmann::json render_home(const ui::Message& message);

// Action ids are made unique within a block by a "#n" suffix; this removes it.
std::string route_action_id(std::string_view action_id);

// view.state.values -> {input id: value}; multi-selects are joined with commas.
std::map<std::string, std::string> submitted_values(const nlohmann::json& state_values);

}  // namespace flipside::slack
