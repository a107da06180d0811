#include "bot/dashboard/dashboard_auth.hpp"

#include <openssl/crypto.h>

#include <algorithm>

namespace flipside::dashboard {

namespace {

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string cookie_value(const http::Request& request, std::string_view name) {
  // Browsers send one Cookie header ("a=1; b=2"); HTTP/2 proxies may split it into several.
  for (const auto& [header, value] : request.headers) {
    if (header != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      const auto part = trim_spaces(rest.substr(0, semi));
      const auto eq = part.find('=');
      if (eq != std::string_view::npos && trim_spaces(part.substr(0, eq)) == name)
        return std::string(trim_spaces(part.substr(eq + 1)));
      if (semi == std::string_view::npos) break;
      rest.remove_prefix(semi + 1);
    }
  }
  return {};
}

std::string session_cookie(const std::string& id, bool secure) {
  return std::string(kCookieName) + "=" + id +
         "; HttpOnly; SameSite=Strict; Path=/dashboard; Max-Age=" +
         std::to_string(kSessionSeconds) + (secure ? "; Secure" : "");
}

bool is_hex(std::string_view text, std::size_t length) {
  return text.size() == length && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool same_secret(std::string_view a, std::string_view b) {
  // The lengths are not secret (every token has the same one); the contents are.
  return a.size() == b.size() && !a.empty() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace flipside::dashboard
