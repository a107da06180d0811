#include "bot/privacy_route.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "storage/privacy.hpp"
#include "storage/tokens.hpp"

namespace flipside::privacy {

namespace {

std::string iso_utc(TimePoint t) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  const auto day = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{seconds - day};
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return out;
}

http::Response attachment(const nlohmann::json& doc) {
  auto r = http::Response::json(200, doc.dump(2) + "\n");
  r.content_type = "application/json; charset=utf-8";
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"flipside-my-data.json\"");
  // Personal data: no cache, proxy or browser may keep a copy.
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace

http::Response serve_my_data(storage::Database& db, const templates::TemplateStore& templates,
                             const Clock& clock, const std::string& token) {
  if (!storage::plausible_token(token)) return http::Response::text(404, "no such download link\n");
  return db.transact([&](SQLite::Database& conn) {
    storage::PrivacyRepository privacy(conn);
    const auto now = clock.now();
    const auto link = privacy.redeem_export_link(token, now);
    switch (link.state) {
      case storage::LinkState::unknown:
        return http::Response::text(404, "no such download link\n");
      case storage::LinkState::used:
      case storage::LinkState::expired:
        spdlog::info("event=data_export_refused reason={}",
                     link.state == storage::LinkState::used ? "used" : "expired");
        return http::Response::text(
            410,
            "this download link has expired or was already used; type my-data for a new one\n");
      case storage::LinkState::valid:
        break;
    }
    const auto generated_at = iso_utc(now);
    nlohmann::json doc = {
        {"about", templates.render("privacy.export.about", {{"generated_at", generated_at}})},
        {"generated_at", generated_at},
        {"notes",
         {{"pulse_answers", templates.render("privacy.export.pulse_note")},
          {"pairs", templates.render("privacy.export.pairs_note")}}}};
    // Each section is JSON built by SQLite; a parse error here is a bug and fails the request
    // (the transaction rolls back, so the link stays usable).
    for (const auto& [name, text] : privacy.export_sections(link.person_id))
      doc[name] = nlohmann::json::parse(text);
    spdlog::info("event=data_export_served person_id={}", link.person_id);
    return attachment(doc);
  });
}

}  // namespace flipside::privacy
