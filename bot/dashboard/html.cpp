#include "bot/dashboard/html.hpp"

#include "bot/console/html_renderer.hpp"

namespace flipside::dashboard {

namespace {

using console::escape_html;

constexpr const char* kStyle = R"css(
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6372; --line: #d5d9e0; --card: #fff;
  --bg: #f3f5f8; --accent: #3b5b92; --danger: #a3331b; --ok: #1f6f43; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
  background: var(--bg); }
header.top { background: #1d2330; color: #fff; padding: 14px 24px; display: flex; flex-wrap: wrap;
  gap: 8px 24px; align-items: baseline; justify-content: space-between; }
header.top h1 { margin: 0; font-size: 20px; }
header.top p { margin: 0; color: #c9cfda; }
main { max-width: 1180px; margin: 0 auto; padding: 16px 24px 48px; }
nav.programmes ul { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 8px; }
nav.programmes a { display: inline-block; padding: 4px 12px; border: 1px solid var(--line); border-radius: 16px;
  background: var(--card); color: var(--accent); text-decoration: none; }
nav.programmes a[aria-current="page"] { background: var(--accent); color: #fff; border-color: var(--accent); }
.flash { margin: 16px 0; padding: 10px 14px; border-left: 4px solid var(--ok); background: #e7f3ec; }
.flash.warn { border-color: var(--danger); background: #fbeae6; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 16px; margin-top: 16px; }
section.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px 16px; }
section.card h2 { font-size: 17px; margin: 0 0 4px; }
section.card p.note { color: var(--muted); margin: 4px 0 8px; font-size: 13px; }
section.wide { grid-column: 1 / -1; }
svg.chart { width: 100%; height: auto; display: block; }
dl.tiles { display: flex; flex-wrap: wrap; gap: 8px 24px; margin: 8px 0 0; }
dl.tiles div { min-width: 110px; }
dl.tiles dt { color: var(--muted); font-size: 13px; }
dl.tiles dd { margin: 0; font-size: 22px; font-weight: 600; }
details { margin-top: 8px; font-size: 13px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 13px; color: var(--muted); }
td.actions { white-space: nowrap; }
td.actions form { display: inline; margin: 0 4px 0 0; }
button { font: inherit; padding: 4px 12px; border-radius: 6px; border: 1px solid var(--accent);
  background: var(--card); color: var(--accent); cursor: pointer; }
button.primary { background: var(--accent); color: #fff; }
button.danger { border-color: var(--danger); color: var(--danger); }
button:focus-visible, a:focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
.message { max-width: 640px; margin: 64px auto; background: var(--card); border: 1px solid var(--line);
  border-radius: 8px; padding: 24px; }
)css";

}  // namespace

std::string document(const std::string& title, const std::string& body) {
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<meta name=\"referrer\" content=\"no-referrer\"><title>" +
         escape_html(title) + "</title><style>" + kStyle + "</style></head><body>" + body +
         "</body></html>\n";
}

http::Response html_response(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  // Inline styles only: no script runs and nothing is fetched from anywhere, even if markup were
  // injected; forms may only post back to us; no other site may frame the page (clickjacking).
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                         "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  // Sign-in links carry their token in the path: never pass a URL of ours on as a referrer.
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  return r;
}

http::Response message_page(int status, const std::string& heading,
                            const std::string& paragraph_html) {
  return html_response(
      status, document(heading + " · Flipside dashboard",
                       "<main><div class=\"message\" role=\"alert\"><h1>" + escape_html(heading) +
                           "</h1><p>" + paragraph_html + "</p></div></main>"));
}

http::Response see_other(const std::string& location) {
  auto r = html_response(303, "");
  r.headers.emplace_back("Location", location);
  return r;
}

}  // namespace flipside::dashboard
