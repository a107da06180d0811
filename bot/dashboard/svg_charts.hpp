#pragma once
// Inline SVG charts for the managers' dashboard, drawn on the server: no script, no external
// asset, nothing for a proxy or a CSP to block. Each chart is an <svg role="img"> with a <title>
// and <desc> (its aria-labelledby and aria-describedby) and prints its numbers beside the marks, so
// the figures are there for a screen reader and for anyone who would rather read than squint. Every
// text from the caller is escaped here.
#include <optional>
#include <string>
#include <vector>

namespace flipside::dashboard {

struct Bar {
  std::string label;
  double value = 0;
  std::string value_text;  // printed after the bar ("12", "48%")
};

// Horizontal bars, one per row, scaled to the largest value (or `max` when given).
std::string bar_chart(const std::string& id, const std::string& title, const std::string& desc,
                      const std::vector<Bar>& bars, std::optional<double> max = std::nullopt);

struct BarGroup {
  std::string label;           // under the group ("W11")
  std::vector<double> values;  // one per series
};

// Vertical bars in groups (one colour per series) with a legend; values above non-zero bars.
std::string grouped_bar_chart(const std::string& id, const std::string& title,
                              const std::string& desc, const std::vector<std::string>& series,
                              const std::vector<BarGroup>& groups);

struct TrendPoint {
  std::string label;            // under the point ("After 3 sessions")
  std::optional<double> value;  // nullopt: no point, `missing_text` instead
  std::string value_text;       // printed beside the point ("+42")
};

// Points on a fixed scale [low, high] with a zero line, joined where neighbours both have a
// value; a point without one shows `missing_text` at its place and breaks the line.
std::string trend_chart(const std::string& id, const std::string& title, const std::string& desc,
                        const std::vector<TrendPoint>& points, double low, double high,
                        const std::string& missing_text);

}  // namespace flipside::dashboard
