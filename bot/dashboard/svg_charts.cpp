#include "bot/dashboard/svg_charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "bot/console/html_renderer.hpp"

namespace flipside::dashboard {

namespace {

using console::escape_html;

// Colours with at least 4.5:1 contrast on white, told apart by more than hue for the two series
// (the legend and the printed numbers carry the meaning too).
constexpr const char* kSeriesColours[] = {"#1f6f43", "#b5482a", "#3b5b92", "#7a4f9a"};
constexpr const char* kBarColour = "#3b5b92";
constexpr const char* kInk = "#1d2330";
constexpr const char* kMuted = "#5b6372";
constexpr const char* kGrid = "#d5d9e0";

std::string num(double v) {
  char out[32];
  std::snprintf(out, sizeof out, "%.1f", v);
  std::string s = out;
  if (s.ends_with(".0")) s.resize(s.size() - 2);
  return s;
}

// <svg> with its accessible name (the title) and description; `id` keeps several charts' ids
// apart.
std::string open_svg(const std::string& id, const std::string& title, const std::string& desc,
                     int width, int height) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"" + escape_html(id) +
         "\" role=\"img\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
         "\" aria-labelledby=\"" + escape_html(id) + "-title\" aria-describedby=\"" +
         escape_html(id) +
         "-desc\" font-family=\"system-ui, sans-serif\" font-size=\"13\"><title id=\"" +
         escape_html(id) + "-title\">" + escape_html(title) + "</title><desc id=\"" +
         escape_html(id) + "-desc\">" + escape_html(desc) + "</desc>";
}

std::string text(double x, double y, const std::string& content, const std::string& extra = "") {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\"" + (extra.empty() ? "" : " " + extra) +
         ">" + escape_html(content) + "</text>";
}

std::string rect(double x, double y, double w, double h, const std::string& fill,
                 const std::string& extra = "") {
  return "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(std::max(0.0, w)) +
         "\" height=\"" + num(std::max(0.0, h)) + "\" fill=\"" + fill + "\"" +
         (extra.empty() ? "" : " " + extra) + "/>";
}

std::string line(double x1, double y1, double x2, double y2, const std::string& stroke,
                 const std::string& extra = "") {
  return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" +
         num(y2) + "\" stroke=\"" + stroke + "\"" + (extra.empty() ? "" : " " + extra) + "/>";
}

}  // namespace

std::string bar_chart(const std::string& id, const std::string& title, const std::string& desc,
                      const std::vector<Bar>& bars, std::optional<double> max) {
  constexpr int kWidth = 640, kLabel = 190, kRow = 34, kBar = 22, kRoom = 70;
  const int height = static_cast<int>(bars.size()) * kRow + 8;
  double top = max.value_or(0);
  for (const auto& b : bars) top = std::max(top, b.value);
  const double scale = top > 0 ? (kWidth - kLabel - kRoom) / top : 0;
  std::string out = open_svg(id, title, desc, kWidth, height);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    const double y = 4 + static_cast<double>(i) * kRow;
    const double w = b.value * scale;
    out += "<g class=\"bar\">";
    out += text(kLabel - 10, y + kBar / 2.0 + 5, b.label,
                "text-anchor=\"end\" fill=\"" + std::string(kInk) + "\"");
    out += rect(kLabel, y, kWidth - kLabel - kRoom, kBar, "#eef1f5");
    out += rect(kLabel, y, w, kBar, kBarColour, "rx=\"3\"");
    out += text(kLabel + w + 8, y + kBar / 2.0 + 5, b.value_text,
                "font-weight=\"600\" fill=\"" + std::string(kInk) + "\"");
    out += "</g>";
  }
  return out + "</svg>";
}

std::string grouped_bar_chart(const std::string& id, const std::string& title,
                              const std::string& desc, const std::vector<std::string>& series,
                              const std::vector<BarGroup>& groups) {
  constexpr int kWidth = 640, kHeight = 260, kLeft = 36, kRight = 8, kTop = 34, kBottom = 36;
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  double top = 0;
  for (const auto& g : groups)
    for (double v : g.values) top = std::max(top, v);
  // A whole-number axis with a little headroom for the printed values.
  const double axis_max = std::max(1.0, std::ceil(top * 1.15));
  std::string out = open_svg(id, title, desc, kWidth, kHeight);
  // Legend.
  double lx = kLeft;
  for (std::size_t s = 0; s < series.size(); ++s) {
    out += rect(lx, 8, 12, 12, kSeriesColours[s % 4]);
    out += text(lx + 17, 18.5, series[s], "fill=\"" + std::string(kInk) + "\"");
    lx += 30 + 8.0 * static_cast<double>(series[s].size());
  }
  const double base = kTop + plot_h;
  for (int t = 0; t <= 2; ++t) {
    const double v = axis_max * t / 2;
    const double y = base - plot_h * t / 2;
    out += line(kLeft, y, kWidth - kRight, y, kGrid);
    out += text(kLeft - 6, y + 4, num(std::round(v)),
                "text-anchor=\"end\" fill=\"" + std::string(kMuted) + "\"");
  }
  if (groups.empty()) return out + "</svg>";
  const double slot = plot_w / static_cast<double>(groups.size());
  const double bar_w = std::min(18.0, (slot - 8) / std::max<std::size_t>(1, series.size()));
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const double x0 = kLeft + slot * static_cast<double>(g) +
                      (slot - bar_w * static_cast<double>(series.size())) / 2;
    out += "<g class=\"group\">";
    for (std::size_t s = 0; s < series.size() && s < groups[g].values.size(); ++s) {
      const double v = groups[g].values[s];
      const double h = plot_h * v / axis_max;
      const double x = x0 + bar_w * static_cast<double>(s);
      out += rect(x, base - h, bar_w - 2, h, kSeriesColours[s % 4]);
      if (v > 0)
        out += text(x + (bar_w - 2) / 2, base - h - 4, num(v),
                    "text-anchor=\"middle\" font-size=\"11\" fill=\"" + std::string(kInk) + "\"");
    }
    out += text(kLeft + slot * (static_cast<double>(g) + 0.5), base + 18, groups[g].label,
                "text-anchor=\"middle\" font-size=\"11\" fill=\"" + std::string(kMuted) + "\"");
    out += "</g>";
  }
  return out + "</svg>";
}

std::string trend_chart(const std::string& id, const std::string& title, const std::string& desc,
                        const std::vector<TrendPoint>& points, double low, double high,
                        const std::string& missing_text) {
  constexpr int kWidth = 640, kHeight = 240, kLeft = 44, kRight = 20, kTop = 20, kBottom = 44;
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto y_of = [&](double v) {
    return kTop + plot_h * (high - std::clamp(v, low, high)) / (high - low);
  };
  std::string out = open_svg(id, title, desc, kWidth, kHeight);
  for (double v : {high, (high + low) / 2, low}) {
    out += line(kLeft, y_of(v), kWidth - kRight, y_of(v), kGrid,
                v == 0 ? "stroke-width=\"2\"" : "stroke-dasharray=\"3 3\"");
    out += text(kLeft - 6, y_of(v) + 4, (v > 0 ? "+" : "") + num(v),
                "text-anchor=\"end\" fill=\"" + std::string(kMuted) + "\"");
  }
  if (points.empty()) return out + "</svg>";
  const double slot = plot_w / static_cast<double>(points.size());
  auto x_of = [&](std::size_t i) { return kLeft + slot * (static_cast<double>(i) + 0.5); };
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    if (points[i].value && points[i + 1].value)
      out += line(x_of(i), y_of(*points[i].value), x_of(i + 1), y_of(*points[i + 1].value),
                  kSeriesColours[2], "stroke-width=\"2.5\"");
  }
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    out += "<g class=\"point\">";
    if (p.value) {
      out += "<circle cx=\"" + num(x_of(i)) + "\" cy=\"" + num(y_of(*p.value)) +
             "\" r=\"5\" fill=\"" + std::string(kSeriesColours[2]) + "\"/>";
      out += text(x_of(i), y_of(*p.value) - 10, p.value_text,
                  "text-anchor=\"middle\" font-weight=\"600\" fill=\"" + std::string(kInk) + "\"");
    } else {
      out += text(x_of(i), kTop + plot_h / 2 - 8, missing_text,
                  "class=\"missing\" text-anchor=\"middle\" font-size=\"11\" font-style=\"italic\" "
                  "fill=\"" +
                      std::string(kMuted) + "\"");
    }
    out += text(x_of(i), kHeight - kBottom + 20, p.label,
                "text-anchor=\"middle\" font-size=\"11\" fill=\"" + std::string(kMuted) + "\"");
    out += "</g>";
  }
  return out + "</svg>";
}

}  // namespace flipside::dashboard
