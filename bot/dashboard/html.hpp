#pragma once
// The dashboard's HTML documents: one shell (inline CSS, no script, no external asset) and the
// short pages that explain a refusal. Responses carry a Content-Security-Policy that would block
// any script or outside resource even if one slipped into the markup.
#include <string>

#include "bot/http/http_types.hpp"

namespace flipside::dashboard {

// A complete HTML document around `body` (already HTML); `title` is escaped.
std::string document(const std::string& title, const std::string& body);

// text/html with the dashboard's security headers.
http::Response html_response(int status, std::string body);

// A page that explains a status: `heading` is escaped, `paragraph_html` is HTML (fixed wording
// of ours, never data).
http::Response message_page(int status, const std::string& heading,
                            const std::string& paragraph_html);

// 303 See Other to `location` (a path of ours), so a reload does not repeat a POST.
http::Response see_other(const std::string& location);

}  // namespace flipside::dashboard
