#pragma once
// Text helpers every renderer needs: platforms count characters, not bytes, and a cut must never
// split a UTF-8 sequence (an invalid string breaks JSON).
#include <string>
#include <string_view>

namespace flipside {

// Without leading and trailing spaces, tabs and line breaks.
std::string trim(std::string_view text);
// ASCII letters in lower case (for comparing commands, emails, option words); other bytes kept.
std::string lower(std::string_view text);
// Levenshtein distance in bytes: how many single edits turn `a` into `b` ("jion" -> "join": 2).
// For "did you mean" suggestions on commands and topics.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Cuts to at most `max_chars` characters (code points), ending with "…" when cut.
std::string truncate_chars(std::string_view text, std::size_t max_chars);

}  // namespace flipside
