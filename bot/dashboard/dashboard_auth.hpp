#pragma once
// The small pieces of signing in to the dashboard that are easy to get subtly wrong: reading the
// session cookie, writing it with the right attributes, comparing secrets in constant time.
#include <string>
#include <string_view>

#include "bot/http/http_types.hpp"

namespace flipside::dashboard {

inline constexpr const char* kCookieName = "flipside_dashboard";
inline constexpr int kSessionSeconds = 8 * 60 * 60;

// The value of cookie `name` in the request's Cookie header(s); empty when absent.
std::string cookie_value(const http::Request& request, std::string_view name);

// Set-Cookie for a new session: HttpOnly (no script reads it), SameSite=Strict (no other site's
// page can make the browser send it), Path=/dashboard, 8 hours; Secure when the public URL is
// https, so it never travels in clear text.
std::string session_cookie(const std::string& id, bool secure);

// Whether `text` is `length` lower-case hex characters: anything else is refused without a
// database lookup.
bool is_hex(std::string_view text, std::size_t length);

// Equal secrets, compared without leaking through timing how much of a guess was right.
bool same_secret(std::string_view a, std::string_view b);

}  // namespace flipside::dashboard
