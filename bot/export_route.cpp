#include "bot/export_route.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>

#include "handlers/context.hpp"
#include "handlers/impact/impact_figures.hpp"
#include "handlers/pulse/pulse.hpp"
#include "storage/exports.hpp"
#include "storage/impact.hpp"
#include "storage/programmes.hpp"
#include "storage/tokens.hpp"

namespace flipside::exports {

namespace {

std::string fixed1(double v) {
  char out[16];
  std::snprintf(out, sizeof out, "%.1f", v);
  return out;
}

// The pulse file: one row per closed wave and group that passes the anonymity rules; a wave or
// group that does not is a row saying so, with no figure at all.
storage::Table pulse_table(SQLite::Database& db, const storage::Programme& programme,
                           TimePoint now) {
  storage::Table t{
      {"wave", "group", "asked", "answers", "quality_mean", "usefulness_mean", "nps", "note"}};
  for (const auto& w : handlers::pulse_figures(db, programme, now)) {
    const auto asked = std::to_string(w.asked);
    if (!w.closed) {
      t.push_back({w.wave, "all", asked, "", "", "", "", "open: results when it closes"});
      continue;
    }
    if (!w.total) {
      t.push_back({w.wave, "all", asked, "", "", "", "", "too few answers to show"});
      continue;
    }
    auto row = [&](const std::string& group, const handlers::pulse::Figures& f) {
      t.push_back({w.wave, group, group == "all" ? asked : "", std::to_string(f.answers),
                   fixed1(f.quality), fixed1(f.usefulness), std::to_string(f.nps), ""});
    };
    row("all", *w.total);
    for (const auto& g : w.roles) {
      if (g.figures) {
        row(g.label, *g.figures);
      } else {
        t.push_back({w.wave, g.label, "", "", "", "", "", "too few answers to show"});
      }
    }
  }
  return t;
}

// The impact file: the confidence change per group (mentees overall, each skill, mentors as
// coaches) under the same anonymity rules as the `impact` verb; a group that does not pass them
// is a row saying so, with no figure at all.
storage::Table impact_table(SQLite::Database& db, const storage::Programme& programme) {
  const int k = handlers::pulse_policy(programme).min_group;
  const auto f = handlers::impact::impact_figures(
      storage::ImpactRepository(db).programme_ratings(programme.id), k);
  storage::Table t{{"group", "topic", "people", "before_mean", "after_mean", "change", "note"}};
  const bool frozen = handlers::impact::figures_frozen(programme);
  auto row = [&](const std::string& group, const std::string& topic,
                 const std::optional<handlers::impact::Change>& c) {
    if (!frozen) {
      t.push_back({group, topic, "", "", "", "", "shown once the programme is closed"});
      return;
    }
    if (!c) {
      t.push_back({group, topic, "", "", "", "", "too few answers to show"});
      return;
    }
    t.push_back({group, topic, std::to_string(c->people), fixed1(c->shown_before()),
                 fixed1(c->shown_after()), fixed1(c->shown_delta()), ""});
  };
  row("mentees", "all skills", f.mentees);
  for (const auto& s : f.skills) row("mentees", s.label, s.change);
  row("mentors", "coaching", f.mentors);
  return t;
}

http::Response csv_response(const storage::Table& table, const std::string& filename) {
  std::string body = "\xEF\xBB\xBF";  // UTF-8 BOM: Excel otherwise reads accents as Latin-1
  for (const auto& record : table) body += csv_record(record);
  auto r = http::Response::text(200, body);
  r.content_type = "text/csv; charset=utf-8";
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace

std::string csv_record(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::string field = fields[i];
    if (!field.empty() && (field[0] == '=' || field[0] == '+' || field[0] == '-' ||
                           field[0] == '@' || field[0] == '\t'))
      field.insert(field.begin(), '\'');
    if (field.find_first_of(",\"\r\n") != std::string::npos) {
      std::string quoted = "\"";
      for (char c : field) {
        if (c == '"') quoted += '"';
        quoted += c;
      }
      field = quoted + "\"";
    }
    if (i > 0) out += ',';
    out += field;
  }
  return out + "\r\n";
}

http::Response serve_export(storage::Database& db, const Clock& clock, const std::string& rest,
                            const std::vector<std::string>& admins) {
  const auto slash = rest.find('/');
  const auto token = rest.substr(0, slash);
  const auto file = slash == std::string::npos ? "" : rest.substr(slash + 1);
  static const std::vector<std::string> kFiles = {"participants.csv", "pairs.csv", "sessions.csv",
                                                  "goals.csv",        "pulse.csv", "impact.csv"};
  if (!storage::plausible_token(token) ||
      std::find(kFiles.begin(), kFiles.end(), file) == kFiles.end())
    return http::Response::text(404, "no such export\n");
  return db.transact([&](SQLite::Database& conn) {
    storage::ExportRepository exports(conn);
    const auto now = clock.now();
    auto link = exports.find_link(token, now);
    if (!link) return http::Response::text(404, "no such export\n");
    if (link->expired)
      return http::Response::text(410, "this export link has expired; type export for a new one\n");
    // A link outlives nothing: a manager removed since cannot download with an old one.
    if (!person_is_manager(conn, link->manager_id, admins))
      return http::Response::text(410, "this export link is no longer valid\n");
    auto programme = storage::ProgrammeRepository(conn).find(link->programme_id);
    if (!programme) return http::Response::text(404, "no such export\n");
    spdlog::info("event=export_served programme_id={} file={}", programme->id, file);
    const auto filename = "flipside-" + std::to_string(programme->id) + "-" + file;
    if (file == "participants.csv")
      return csv_response(exports.participants(programme->id), filename);
    if (file == "pairs.csv") return csv_response(exports.pairs(programme->id), filename);
    if (file == "sessions.csv") return csv_response(exports.sessions(programme->id), filename);
    if (file == "goals.csv") return csv_response(exports.goals(programme->id), filename);
    if (file == "impact.csv") return csv_response(impact_table(conn, *programme), filename);
    return csv_response(pulse_table(conn, *programme, now), filename);
  });
}

}  // namespace flipside::exports
