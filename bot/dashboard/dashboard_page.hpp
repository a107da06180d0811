#pragma once
// The dashboard page as HTML: programme picker, the five charts and the at-risk table with its
// nudge / pause / end forms. Server-rendered, no script. Everything that comes from data (names,
// programme names, reasons) is escaped here.
#include <string>

#include "bot/dashboard/dashboard_data.hpp"

namespace flipside::dashboard {

// What the last action did, shown once above the charts.
struct Flash {
  std::string text;  // plain text, escaped when rendered
  bool warning = false;
};

std::string render_page(const DashboardView& view, const std::string& csrf_token,
                        const Flash& flash);

}  // namespace flipside::dashboard
