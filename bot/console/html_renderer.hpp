#pragma once
// ui::Message -> the console's HTML. Everything from a message is escaped; markdown is a small,
// safe subset (*bold*, _italic_, `code`, line breaks).
#include <string>
#include <string_view>

#include "bot/core/ui.hpp"

namespace flipside::console {

std::string escape_html(std::string_view text);
std::string markdown_to_html(std::string_view markdown);
std::string render_html(const ui::Message& message);

}  // namespace flipside::console
