#include "bot/dashboard/dashboard_page.hpp"

#include <cstdio>

#include "bot/console/html_renderer.hpp"
#include "bot/dashboard/html.hpp"
#include "bot/dashboard/svg_charts.hpp"

namespace flipside::dashboard {

namespace {

using console::escape_html;

std::string n(int v) {
  return std::to_string(v);
}

std::string signed_number(int v) {
  return (v > 0 ? "+" : "") + std::to_string(v);
}

std::string one_decimal(double v) {
  char out[16];
  std::snprintf(out, sizeof out, "%.1f", v);
  return out;
}

std::string header(const DashboardView& v) {
  return "<header class=\"top\"><h1>Flipside dashboard</h1><p>Signed in as " +
         escape_html(v.manager) + " · sign-in lasts 8 hours</p></header>";
}

std::string picker(const DashboardView& v) {
  if (v.programmes.empty()) return "";
  std::string out = "<nav class=\"programmes\" aria-label=\"Programmes\"><ul>";
  for (const auto& p : v.programmes) {
    const bool current = v.programme && v.programme->id == p.id;
    out += "<li><a href=\"/dashboard?programme=" + std::to_string(p.id) + "\"" +
           (current ? " aria-current=\"page\"" : "") + ">" + escape_html(p.name) + " <small>(" +
           escape_html(p.status) + ")</small></a></li>";
  }
  return out + "</ul></nav>";
}

std::string flash_html(const Flash& f) {
  if (f.text.empty()) return "";
  return std::string("<p class=\"flash") + (f.warning ? " warn" : "") + "\" role=\"status\">" +
         escape_html(f.text) + "</p>";
}

std::string tiles(const DashboardView& v) {
  auto tile = [](const std::string& label, int value) {
    return "<div><dt>" + label + "</dt><dd>" + n(value) + "</dd></div>";
  };
  return "<dl class=\"tiles\">" + tile("Pairs active", v.pairs_active) +
         tile("Pairs paused", v.pairs_paused) + tile("Pairs ended", v.pairs_ended) +
         tile("Sessions held", v.sessions_held) + tile("Sessions planned", v.sessions_planned) +
         tile("Sessions missed", v.sessions_missed) + "</dl>";
}

std::string card(const std::string& id, const std::string& heading, const std::string& note,
                 const std::string& content, bool wide = false) {
  return "<section class=\"card" + std::string(wide ? " wide" : "") + "\" aria-labelledby=\"" + id +
         "-heading\"><h2 id=\"" + id + "-heading\">" + heading + "</h2>" +
         (note.empty() ? "" : "<p class=\"note\">" + note + "</p>") + content + "</section>";
}

std::string funnel_card(const DashboardView& v) {
  std::vector<Bar> bars;
  std::string desc;
  for (const auto& step : v.funnel) {
    bars.push_back({step.label, static_cast<double>(step.people), n(step.people)});
    desc += (desc.empty() ? "" : ", ") + step.label + ": " + n(step.people);
  }
  return card("funnel", "Participation funnel",
              "People at each step. Active: in a pair that is not paused and met in the last " +
                  n(v.active_window_days) + " days (twice the cadence).",
              bar_chart("funnel-chart", "Participation funnel", desc + ".", bars));
}

std::string sessions_card(const DashboardView& v) {
  std::vector<BarGroup> groups;
  int held = 0, missed = 0;
  std::string rows;
  for (const auto& w : v.weeks) {
    groups.push_back({w.label, {static_cast<double>(w.held), static_cast<double>(w.missed)}});
    held += w.held;
    missed += w.missed;
    rows += "<tr><th scope=\"row\">" + escape_html(w.label) + " (from " + escape_html(w.from) +
            ")</th><td>" + n(w.held) + "</td><td>" + n(w.missed) + "</td></tr>";
  }
  const std::string desc = "Over the last " + n(kWeeksShown) + " weeks: " + n(held) +
                           " sessions held and " + n(missed) + " missed.";
  return card("sessions", "Sessions per week",
              "Held and missed sessions by ISO week (weeks start on Monday, UTC). " + desc,
              grouped_bar_chart("sessions-chart", "Sessions per week, held and missed", desc,
                                {"Held", "Missed"}, groups) +
                  "<details><summary>Sessions per week as a table</summary><table><thead><tr>"
                  "<th scope=\"col\">Week</th><th scope=\"col\">Held</th>"
                  "<th scope=\"col\">Missed</th></tr></thead><tbody>" +
                  rows + "</tbody></table></details>");
}

std::string pulse_card(const DashboardView& v) {
  const std::string rules =
      "Net promoter score (−100 to +100) of each closed pulse wave. Answers "
      "are anonymous: a wave with fewer than " +
      n(v.pulse_min_group) + " answers shows no figure at all." +
      (v.pulse_open_waves > 0 ? " " + n(v.pulse_open_waves) +
                                    " wave(s) still open: results come "
                                    "once they close."
                              : "");
  if (v.pulse.empty())
    return card("pulse", "Pulse: NPS per wave", rules, "<p>No closed pulse wave yet.</p>");
  std::vector<TrendPoint> points;
  std::string desc, rows;
  for (const auto& p : v.pulse) {
    const auto figure = p.nps ? signed_number(*p.nps) : std::string("not enough answers");
    points.push_back({p.label, p.nps ? std::optional<double>(*p.nps) : std::nullopt, figure});
    desc += (desc.empty() ? "" : "; ") + p.label + ": " + figure;
    rows += "<tr><th scope=\"row\">" + escape_html(p.label) + "</th><td>" + n(p.asked) +
            "</td><td>" + (p.answers ? n(*p.answers) : "fewer than " + n(v.pulse_min_group)) +
            "</td><td>" + escape_html(figure) + "</td></tr>";
  }
  return card("pulse", "Pulse: NPS per wave", rules,
              trend_chart("pulse-chart", "Pulse NPS per closed wave", desc + ".", points, -100, 100,
                          "not enough answers") +
                  "<details><summary>Pulse waves as a table</summary><table><thead><tr>"
                  "<th scope=\"col\">Wave</th><th scope=\"col\">Asked</th>"
                  "<th scope=\"col\">Answers</th><th scope=\"col\">NPS</th></tr></thead><tbody>" +
                  rows + "</tbody></table></details>");
}

std::string goals_card(const DashboardView& v) {
  const std::string desc = n(v.goals_agreed) + " goals agreed and in progress, " + n(v.goals_done) +
                           " done; agreed goals are on average " + n(v.goal_progress) +
                           "% of the way.";
  return card(
      "goals", "Goals", "SMART goals pairs agreed on. " + desc,
      bar_chart("goals-chart", "Goals agreed and done", desc,
                {{"Agreed, in progress", static_cast<double>(v.goals_agreed), n(v.goals_agreed)},
                 {"Done", static_cast<double>(v.goals_done), n(v.goals_done)}}) +
          bar_chart(
              "progress-chart", "Mean progress of agreed goals",
              "Agreed goals are on average " + n(v.goal_progress) + "% of the way.",
              {{"Mean progress", static_cast<double>(v.goal_progress), n(v.goal_progress) + "%"}},
              100.0));
}

std::string impact_card(const DashboardView& v) {
  const auto k = n(v.pulse_min_group);
  const std::string note =
      "Confidence from 1 to 5, rated at intake and again at the wrap-up, by the people who rated "
      "both times (the same figures as the chat's impact command). A group with fewer than " +
      k + " such people shows no figure.";
  const std::string heading = "Impact: confidence before and after";
  if (v.impact_too_small)
    return card("impact", heading, note,
                "<p>Fewer than " + k +
                    " participants: no impact figures, so that no one's ratings can be told "
                    "apart.</p>");
  if (v.impact_waits_for_close)
    return card("impact", heading, note,
                "<p>Shown once the programme is closed: while wrap-ups arrive one by one, "
                "watching the figures change would show what each person rated.</p>");
  std::string rows;
  for (const auto& line : v.impact) {
    rows += "<tr><th scope=\"row\">" + escape_html(line.group) + "</th>";
    if (!line.change) {
      rows += "<td colspan=\"4\">fewer than " + k +
              " answers — not shown to protect anonymity</td></tr>";
      continue;
    }
    const auto& c = *line.change;
    const auto delta = one_decimal(c.shown_delta());
    rows += "<td>" + one_decimal(c.shown_before()) + "</td><td>" + one_decimal(c.shown_after()) +
            "</td><td>" + (c.shown_delta() > 0 && delta != "0.0" ? "+" : "") + delta + "</td><td>" +
            n(c.people) + "</td></tr>";
  }
  return card("impact", heading, note,
              "<table><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Before</th>"
              "<th scope=\"col\">After</th><th scope=\"col\">Change</th>"
              "<th scope=\"col\">People</th></tr></thead><tbody>" +
                  rows + "</tbody></table>");
}

std::string at_risk_card(const DashboardView& v, const std::string& csrf) {
  const std::string note =
      "Pairs that need a word: misses in a row, no session for twice the cadence with nothing "
      "booked, or someone who blocked Flipside. Paused pairs are not listed. The buttons do what "
      "the chat's buttons do: both partners are told, and the audit log records it.";
  if (v.at_risk.empty())
    return card("at-risk", "Pairs at risk", note, "<p>No pair needs a word right now.</p>", true);
  std::string rows;
  const auto programme = v.programme ? std::to_string(v.programme->id) : "";
  for (const auto& r : v.at_risk) {
    const auto pair = escape_html(r.mentor) + " &amp; " + escape_html(r.mentee);
    std::string why;
    for (const auto& reason : r.reasons) why += (why.empty() ? "" : "; ") + reason;
    auto button = [&](const char* action, const char* label, const char* cls) {
      return std::string("<button type=\"submit\" name=\"action\" value=\"") + action +
             "\" class=\"" + cls + "\" aria-label=\"" + label + " " + escape_html(r.mentor) +
             " and " + escape_html(r.mentee) + "\">" + label + "</button>";
    };
    rows += "<tr data-pair=\"" + std::to_string(r.pair_id) + "\"><th scope=\"row\">" + pair +
            "</th><td>" + escape_html(why) +
            "</td><td class=\"actions\"><form method=\"post\" action=\"/dashboard/action\">"
            "<input type=\"hidden\" name=\"csrf\" value=\"" +
            escape_html(csrf) + "\"><input type=\"hidden\" name=\"pair_id\" value=\"" +
            std::to_string(r.pair_id) + "\"><input type=\"hidden\" name=\"programme\" value=\"" +
            programme + "\">" + button("nudge", "Nudge", "primary") + button("pause", "Pause", "") +
            button("end", "End", "danger") + "</form></td></tr>";
  }
  return card("at-risk", "Pairs at risk", note,
              "<table><caption class=\"note\">" + n(static_cast<int>(v.at_risk.size())) +
                  (v.at_risk.size() == 1 ? " pair" : " pairs") +
                  "</caption><thead><tr><th scope=\"col\">Pair (mentor &amp; mentee)</th>"
                  "<th scope=\"col\">Why</th><th scope=\"col\">Act</th></tr></thead><tbody>" +
                  rows + "</tbody></table>",
              true);
}

}  // namespace

std::string render_page(const DashboardView& v, const std::string& csrf_token, const Flash& flash) {
  std::string body = header(v) + "<main>" + picker(v) + flash_html(flash);
  if (!v.programme) {
    body +=
        "<section class=\"card\"><h2>No programme yet</h2><p>Open one in chat with "
        "<code>programme new</code>; its figures appear here.</p></section></main>";
    return document("Flipside dashboard", body);
  }
  const auto& p = *v.programme;
  body += "<h2 class=\"programme\">" + escape_html(p.name) + " <small>(" + escape_html(p.status) +
          ", from " + escape_html(p.start_date) + ")</small></h2>" + tiles(v);
  body += "<div class=\"grid\">" + funnel_card(v) + sessions_card(v) + pulse_card(v) +
          goals_card(v) + impact_card(v) + at_risk_card(v, csrf_token) + "</div></main>";
  return document(p.name + " · Flipside dashboard", body);
}

}  // namespace flipside::dashboard
